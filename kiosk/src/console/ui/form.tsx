import type { ComponentChildren, JSX } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api.ts';
import { t, type Msg } from '../../shared/i18n.ts';
import { serverMessage } from '../messages.ts';
import { ErrorBanner, errorText } from './common.tsx';

/** A field's problem: one the console found (in both languages) or one the server sent. */
export type FieldError = Msg | { server: string };
export type Errors = Record<string, FieldError | undefined>;

export function errorMessage(e: FieldError): string {
  return 'server' in e ? serverMessage(e.server) : t(e);
}

export interface Form<V> {
  id: string;
  values: V;
  errors: Errors;
  problem: unknown;
  busy: boolean;
  set<K extends keyof V>(name: K, value: V[K]): void;
  reset(values?: V): void;
  onSubmit(e: Event): void;
}

let nextId = 0;


/**
 * Form state with client checks for convenience and the server's verdict shown next to each field.
 * `fieldOf` maps a server path (`person.kana`, `roles.0`) to the form's field name.
 */
export function useForm<V extends object>(
  initial: V,
  opts: { validate?: (v: V) => Errors; onSubmit: (v: V) => Promise<unknown>; fieldOf?: (serverPath: string) => string },
): Form<V> {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useMemo(() => `f${++nextId}`, []);
  const current = useRef(values);
  current.current = values;
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const submit = async () => {
    const v = current.current;
    const found = Object.fromEntries(Object.entries(optsRef.current.validate?.(v) ?? {}).filter(([, e]) => e !== undefined));
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      focusFirstError(id);
      return;
    }
    setBusy(true);
    try {
      await optsRef.current.onSubmit(v);
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: Errors = {};
        const unplaced: string[] = [];
        for (const [path, message] of Object.entries(err.fieldErrors())) {
          const name = optsRef.current.fieldOf?.(path) ?? path.replace(/\.\d+$/, '');
          if (name in (v as Record<string, unknown>)) fields[name] ??= { server: message };
          else unplaced.push(`${path}: ${serverMessage(message)}`);
        }
        setErrors(fields);
        if (Object.keys(fields).length === 0 || unplaced.length > 0) setProblem(unplaced.length > 0 ? unplaced.join(' / ') : err);
        focusFirstError(id);
      } else setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return {
    id,
    values,
    errors,
    problem,
    busy,
    set(name, value) {
      setValues((old) => ({ ...old, [name]: value }));
      setErrors((old) => (old[name as string] ? { ...old, [name]: undefined } : old));
    },
    reset(next) {
      setValues(next ?? initial);
      setErrors({});
      setProblem(null);
    },
    onSubmit(e) {
      e.preventDefault();
      void submit();
    },
  };
}

function focusFirstError(formId: string) {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${formId} [aria-invalid="true"]`)?.focus());
}

interface FieldProps<V> {
  form: Form<V>;
  name: keyof V & string;
  label: Msg;
  hint?: Msg;
  required?: boolean;
}

export function FieldShell<V>(props: FieldProps<V> & { children: ComponentChildren; group?: boolean }) {
  const fid = `${props.form.id}-${props.name}`;
  const err = props.form.errors[props.name];
  const inner = (
    <>
      {props.hint && <div class="hint" id={`${fid}-hint`}>{t(props.hint)}</div>}
      {props.children}
      {err && (
        <div class="field-error" id={`${fid}-error`} role="alert">
          {errorMessage(err)}
        </div>
      )}
    </>
  );
  if (props.group) {
    return (
      <fieldset class="field" aria-describedby={err ? `${fid}-error` : undefined}>
        <legend>
          {t(props.label)}
          {props.required && (
            <span class="req" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </legend>
        {inner}
      </fieldset>
    );
  }
  return (
    <div class="field">
      <label for={fid}>
        <span id={`${fid}-label`}>{t(props.label)}</span>
        {props.required && (
            <span class="req" aria-hidden="true">
              {' '}
              *
            </span>
          )}
      </label>
      {inner}
    </div>
  );
}

function aria<V>(props: FieldProps<V>) {
  const fid = `${props.form.id}-${props.name}`;
  const err = props.form.errors[props.name];
  const describedBy = [props.hint ? `${fid}-hint` : '', err ? `${fid}-error` : ''].filter(Boolean).join(' ');
  // Labelled by the label's text alone: the required mark is for the eye; aria-required says it to a screen reader.
  return { id: fid, name: props.name, 'aria-labelledby': `${fid}-label`, 'aria-invalid': err ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined, 'aria-required': props.required || undefined };
}

export function TextField<V>(props: FieldProps<V> & { type?: string; autoComplete?: string; placeholder?: string; multiline?: boolean; rows?: number }) {
  const value = String((props.form.values as Record<string, unknown>)[props.name] ?? '');
  const onInput = (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => props.form.set(props.name, e.currentTarget.value as V[keyof V & string]);
  return (
    <FieldShell {...props}>
      {props.multiline ? (
        <textarea {...aria(props)} value={value} onInput={onInput} rows={props.rows ?? 3} placeholder={props.placeholder} />
      ) : (
        <input {...aria(props)} type={props.type ?? 'text'} value={value} onInput={onInput} autoComplete={props.autoComplete ?? 'off'} placeholder={props.placeholder} />
      )}
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField<V>(props: FieldProps<V> & { options: Option[]; placeholder?: Msg }) {
  const value = String((props.form.values as Record<string, unknown>)[props.name] ?? '');
  return (
    <FieldShell {...props}>
      <select {...aria(props)} value={value} onChange={(e) => props.form.set(props.name, e.currentTarget.value as V[keyof V & string])}>
        <option value="">{t(props.placeholder ?? { ja: '選択してください', en: 'Choose…' })}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Several checkboxes holding a string[] field. */
export function CheckGroup<V>(props: FieldProps<V> & { options: Option[] }) {
  const selected = ((props.form.values as Record<string, unknown>)[props.name] as string[]) ?? [];
  const err = props.form.errors[props.name];
  return (
    <FieldShell {...props} group>
      <div class="checks" id={`${props.form.id}-${props.name}`} tabIndex={-1} aria-invalid={err ? 'true' : undefined}>
        {props.options.map((o) => (
          <label key={o.value} class="check">
            <input
              type="checkbox"
              checked={selected.includes(o.value)}
              onChange={(e) => {
                const next = e.currentTarget.checked ? [...selected, o.value] : selected.filter((s) => s !== o.value);
                props.form.set(props.name, next as V[keyof V & string]);
              }}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
    </FieldShell>
  );
}

export function CheckField<V>(props: Omit<FieldProps<V>, 'required'>) {
  const checked = Boolean((props.form.values as Record<string, unknown>)[props.name]);
  const err = props.form.errors[props.name];
  return (
    <div class="field">
      <label class="check">
        <input type="checkbox" name={props.name} checked={checked} onChange={(e) => props.form.set(props.name, e.currentTarget.checked as V[keyof V & string])} />{' '}
        {t(props.label)}
      </label>
      {props.hint && <div class="hint">{t(props.hint)}</div>}
      {err && (
        <div class="field-error" role="alert">
          {errorMessage(err)}
        </div>
      )}
    </div>
  );
}

export function FormProblem<V>({ form }: { form: Form<V> }) {
  if (!form.problem) return null;
  if (typeof form.problem !== 'string') return <ErrorBanner error={form.problem} />;
  return (
    <div class="banner error" role="alert">
      {form.problem}
    </div>
  );
}

export function Submit<V>({ form, label, kind = 'primary' }: { form: Form<V>; label: Msg; kind?: 'primary' | 'danger' | '' }) {
  return (
    <button type="submit" class={kind} disabled={form.busy}>
      {form.busy ? t({ ja: '処理中…', en: 'Working…' }) : t(label)}
    </button>
  );
}

/** Client checks: required text fields. */
export function requireFields<V>(v: V, names: (keyof V & string)[]): Errors {
  const out: Errors = {};
  for (const n of names) {
    const x = (v as Record<string, unknown>)[n];
    if (x === undefined || x === null || (typeof x === 'string' && x.trim() === '') || (Array.isArray(x) && x.length === 0)) out[n] = REQUIRED;
  }
  return out;
}

export const REQUIRED: Msg = { ja: '入力してください', en: 'Required' };
