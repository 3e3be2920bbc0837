import { Fragment, type ComponentChildren } from 'preact';
import { t, type Msg } from '../../shared/i18n.ts';
import { label } from '../messages.ts';
import type { Person } from '../types.ts';
import type { Option } from '../ui/form.tsx';
import { setQuery } from '../router.ts';

/** Options for a roster person picker, as the other screens write them. */
export function personOptions(people: Person[]): Option[] {
  return people.filter((p) => p.status === 'active').map((p) => ({ value: String(p.id), label: `${p.name}（${p.kana}）${p.organisationName}` }));
}

/** Options for an API code from its label table, in the table's order. */
export function codeOptions(table: Record<string, Msg>, codes: readonly string[] = Object.keys(table)): Option[] {
  return codes.map((c) => ({ value: c, label: label(table, c) }));
}

/** A printable page of the server's, opened in its own tab (the browser prints it, or saves a PDF). */
export function PrintLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a class="button" href={href} target="_blank" rel="noopener">
      {children}
    </a>
  );
}

export function DownloadLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a class="button" href={href} download>
      {children}
    </a>
  );
}

/** Counts with their labels (a message, or text already in the shown language), as a summary card's figures. */
export function Figures({ items, label: name }: { items: [Msg | string, number | string][]; label: Msg }) {
  return (
    <dl class="facts figures" aria-label={t(name)}>
      {items.map(([m, n], i) => (
        <Fragment key={i}>
          <dt>{typeof m === 'string' ? m : t(m)}</dt>
          <dd>{n}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** A list's filter in its card heading: a select bound to one query parameter of the page. */
export function QueryFilter({ id, name, param, value, options }: { id: string; name: Msg; param: string; value: string; options: Option[] }) {
  return (
    <div class="field shrink">
      <label for={id}>{t(name)}</label>
      <select id={id} value={value} onChange={(e) => setQuery({ [param]: e.currentTarget.value })}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "All" followed by the codes of a label table: a filter that may be left open. */
export function allOr(table: Record<string, Msg>): Option[] {
  return [{ value: '', label: t({ ja: 'すべて', en: 'All' }) }, ...codeOptions(table)];
}
