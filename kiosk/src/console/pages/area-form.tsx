import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { label, LEVEL_LABEL, METHOD_LABEL } from '../messages.ts';
import type { ApiJson, Area } from '../types.ts';
import { CheckField, CheckGroup, FormProblem, requireFields, SelectField, Submit, TextField, useForm, type Errors } from '../ui/form.tsx';

const DEFAULT_PURPOSES = ['定常作業', '保守・点検', '打合せ', '搬入・搬出', '監査・検査'];

interface AreaValues {
  name: string;
  securityLevel: string;
  acceptedMethods: string[];
  twoPersonRule: boolean;
  carryInApproval: boolean;
  lastPersonOutRule: boolean;
  outOfSequence: string;
  purposes: string;
}

function values(a?: Area): AreaValues {
  return {
    name: a?.name ?? '',
    securityLevel: a?.securityLevel ?? 'general',
    acceptedMethods: a ? [...a.acceptedMethods] : ['passkey', 'badge', 'guard'],
    twoPersonRule: a?.twoPersonRule ?? false,
    carryInApproval: a?.carryInApproval ?? true,
    lastPersonOutRule: a?.lastPersonOutRule ?? false,
    outOfSequence: a?.outOfSequence ?? 'flag',
    purposes: (a?.purposes ?? DEFAULT_PURPOSES).join('\n'),
  };
}

function validate(v: AreaValues): Errors {
  const out = requireFields(v, ['name', 'securityLevel']);
  if (v.acceptedMethods.length === 0) out['acceptedMethods'] = { ja: '本人確認方法を一つ以上選んでください', en: 'Choose at least one method' };
  return out;
}

const purposeList = (s: string) => [...new Set(s.split('\n').map((p) => p.trim()).filter(Boolean))];

/** Create an area in a site, or edit an area's name and policy. */
export function AreaForm({ siteId, area, onSaved, onCancel }: { siteId: number; area?: Area; onSaved: (a: Area) => void; onCancel?: () => void }) {
  const form = useForm(values(area), {
    validate,
    fieldOf: (path) => path.replace(/\.\d+$/, ''),
    onSubmit: async (v) => {
      const body = {
        name: v.name,
        securityLevel: v.securityLevel,
        acceptedMethods: v.acceptedMethods,
        twoPersonRule: v.twoPersonRule,
        carryInApproval: v.carryInApproval,
        lastPersonOutRule: v.lastPersonOutRule,
        outOfSequence: v.outOfSequence,
        purposes: purposeList(v.purposes),
      };
      const saved = area ? await api<ApiJson<'/api/areas/:id', '$patch'>>(`/api/areas/${area.id}`, { method: 'PATCH', body }) : await api<ApiJson<'/api/areas', '$post'>>('/api/areas', { body: { siteId, ...body } });
      if (!area) form.reset();
      onSaved(saved);
    },
  });
  const setLevel = (level: string) => {
    form.set('securityLevel', level);
    // Secure areas default to passkey only (and a guard's record), as the server does (B4).
    if (!area) form.set('acceptedMethods', level === 'secure' ? ['passkey', 'guard'] : ['passkey', 'badge', 'guard']);
  };
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate class="subform" aria-label={area ? t({ ja: '区域の編集', en: 'Edit area' }) : t({ ja: '区域を追加', en: 'Add an area' })}>
      {!area && <h3>{t({ ja: '区域を追加', en: 'Add an area' })}</h3>}
      <div class="row">
        <TextField form={form} name="name" label={{ ja: '区域名', en: 'Area name' }} required />
        <SelectField
          form={{ ...form, set: (_k, v) => setLevel(String(v)) }}
          name="securityLevel"
          label={{ ja: 'セキュリティレベル', en: 'Security level' }}
          required
          options={(['general', 'secure'] as const).map((l) => ({ value: l, label: label(LEVEL_LABEL, l) }))}
        />
      </div>
      <CheckGroup
        form={form}
        name="acceptedMethods"
        label={{ ja: '受け付ける本人確認方法', en: 'Accepted identification' }}
        required
        options={(['passkey', 'badge', 'guard'] as const).map((m) => ({ value: m, label: label(METHOD_LABEL, m) }))}
      />
      <div class="row checks-row">
        <CheckField form={form} name="twoPersonRule" label={{ ja: '二人ルール（一人での在室に警告）', en: 'Two-person rule (flag a lone person)' }} />
        <CheckField form={form} name="lastPersonOutRule" label={{ ja: '最終退室者ルール', en: 'Last-person-out rule' }} />
        <CheckField form={form} name="carryInApproval" label={{ ja: '持込みに承認が必要', en: 'Carry-in needs approval' }} />
      </div>
      <SelectField
        form={form}
        name="outOfSequence"
        label={{ ja: '順序不整合（在室中の入室・不在時の退室）', en: 'Out of sequence (entering while inside, leaving while not)' }}
        required
        options={[
          { value: 'flag', label: t({ ja: '記録してフラグを付ける', en: 'Record with a flag' }) },
          { value: 'refuse', label: t({ ja: '拒否する', en: 'Refuse' }) },
        ]}
      />
      <TextField form={form} name="purposes" multiline rows={6} label={{ ja: 'よく使う入室目的（1行に1つ）', en: 'Common purposes (one per line)' }} />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={area ? { ja: '保存', en: 'Save' } : { ja: '区域を追加', en: 'Add area' }} />
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t({ ja: 'やめる', en: 'Cancel' })}
          </button>
        )}
      </div>
    </form>
  );
}

export function PolicySummary({ area }: { area: Area }) {
  const yes = t({ ja: 'あり', en: 'Yes' });
  const no = t({ ja: 'なし', en: 'No' });
  return (
    <dl class="facts">
      <dt>{t({ ja: 'セキュリティレベル', en: 'Security level' })}</dt>
      <dd>{label(LEVEL_LABEL, area.securityLevel)}</dd>
      <dt>{t({ ja: '本人確認方法', en: 'Identification' })}</dt>
      <dd>{area.acceptedMethods.map((m) => label(METHOD_LABEL, m)).join('、')}</dd>
      <dt>{t({ ja: '二人ルール', en: 'Two-person rule' })}</dt>
      <dd>{area.twoPersonRule ? yes : no}</dd>
      <dt>{t({ ja: '最終退室者ルール', en: 'Last person out' })}</dt>
      <dd>{area.lastPersonOutRule ? yes : no}</dd>
      <dt>{t({ ja: '持込み承認', en: 'Carry-in approval' })}</dt>
      <dd>{area.carryInApproval ? yes : no}</dd>
      <dt>{t({ ja: '順序不整合', en: 'Out of sequence' })}</dt>
      <dd>{area.outOfSequence === 'refuse' ? t({ ja: '拒否', en: 'Refuse' }) : t({ ja: 'フラグ', en: 'Flag' })}</dd>
      <dt>{t({ ja: '入室目的', en: 'Purposes' })}</dt>
      <dd>{area.purposes.join('、') || '—'}</dd>
    </dl>
  );
}
