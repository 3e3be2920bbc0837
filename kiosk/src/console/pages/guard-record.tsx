import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { time } from '../format.ts';
import { DIRECTION_LABEL, FLAG_LABEL, label, REFUSAL_LABEL, WARNING_LABEL } from '../messages.ts';
import type { AccessOutcome, ApiJson, Area, Person, Site } from '../types.ts';
import { Banner, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm, type Form } from '../ui/form.tsx';
import { areaName } from './authorizations.tsx';
import { PersonChoice, PurposeFields, purposeOf, PURPOSE_NEEDED } from './stay-fields.tsx';

export function OutcomeBanner({ outcome }: { outcome: AccessOutcome }) {
  const e = outcome.event;
  if (e.result === 'refused') {
    return (
      <Banner kind="error">
        {t({ ja: '拒否として記録しました：{reason}', en: 'Recorded as refused: {reason}' }, { reason: label(REFUSAL_LABEL, e.refusalReason) })}
      </Banner>
    );
  }
  return (
    <>
      <Banner kind="ok">
        {t({ ja: '{name} さんの{dir}を {time} に記録しました。', en: '{dir} of {name} recorded at {time}.' }, { name: e.nameSnapshot ?? '', dir: label(DIRECTION_LABEL, e.direction), time: time(e.occurredAt) })}
        {e.flags.length > 0 && ` [${e.flags.map((f) => label(FLAG_LABEL, f)).join('、')}]`}
      </Banner>
      {outcome.warnings.map((w) => (
        <Banner key={w.code} kind="warn">
          {label(WARNING_LABEL, w.code)}
        </Banner>
      ))}
    </>
  );
}

async function loadAll() {
  const [p, a, s] = await Promise.all([api<ApiJson<'/api/people'>>('/api/people?status=active'), api<ApiJson<'/api/areas'>>('/api/areas'), api<ApiJson<'/api/sites'>>('/api/sites')]);
  return { people: p.people, areas: a.areas, sites: s.sites };
}

interface Values {
  personId: string;
  areaId: string;
  direction: string;
  purposeChoice: string;
  purposeText: string;
  reason: string;
}

/** A guard records an entry or exit for someone who cannot use the kiosk, with the reason (B4). */
export function GuardRecordPage() {
  const load = useLoad(loadAll, []);
  return (
    <main>
      <PageTitle title={{ ja: '警備員による入退室記録', en: 'Guard-recorded entry or exit' }} />
      <p class="muted">
        {t({
          ja: 'セキュリティキーや名札が使えないときに、本人を確認したうえで記録します。区域の規則（入室許可・有効期間など）は端末と同じく適用されます。',
          en: 'For when neither a security key nor a badge works: check who it is, then record. The area’s rules (authorization, validity, …) apply as at the kiosk.',
        })}
      </p>
      <p>
        <Link href="/console/paper-stays">{t({ ja: '停止中に紙に書いた入退室は「紙の記録を入力（事後記録）」から', en: 'Stays written on paper during an outage: enter them as paper records' })}</Link>
      </p>
      <Loading load={load}>{(d) => <GuardForm {...d} />}</Loading>
    </main>
  );
}

function GuardForm({ people, areas, sites }: { people: Person[]; areas: Area[]; sites: Site[] }) {
  const [outcome, setOutcome] = useState<AccessOutcome | null>(null);
  const form: Form<Values> = useForm<Values>(
    { personId: '', areaId: areas.length === 1 ? String(areas[0]!.id) : '', direction: 'in', purposeChoice: '', purposeText: '', reason: '' },
    {
      validate: (v) => {
        const out = requireFields(v, ['personId', 'areaId', 'reason']);
        if (v.direction === 'in' && !v.purposeChoice && !v.purposeText.trim()) out['purposeText'] = PURPOSE_NEEDED;
        return out;
      },
      fieldOf: (path) => (path === 'purpose' ? 'purposeText' : path),
      onSubmit: async (v) => {
        setOutcome(null);
        const purpose = v.direction === 'in' ? purposeOf(v) : '';
        const r = await api<ApiJson<'/api/access/guard-events', '$post'>>('/api/access/guard-events', {
          body: { idempotencyKey: crypto.randomUUID(), personId: Number(v.personId), areaId: Number(v.areaId), direction: v.direction, purpose, reason: v.reason },
        });
        setOutcome(r);
        form.reset({ ...v, personId: '', purposeChoice: '', purposeText: '', reason: '' });
      },
    },
  );
  const area = areas.find((a) => String(a.id) === form.values.areaId);
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '入退室の記録', en: 'Record entry or exit' })}>
      <PersonChoice form={form} people={people} />
      <div class="row">
        <SelectField form={form} name="areaId" label={{ ja: '区域', en: 'Area' }} required options={areas.map((a) => ({ value: String(a.id), label: areaName({ areas, sites }, a.id) }))} />
        <fieldset class="field">
          <legend>{t({ ja: '入室・退室', en: 'Direction' })}</legend>
          <div class="checks">
            {(['in', 'out'] as const).map((d) => (
              <label key={d} class="check">
                <input type="radio" name={`${form.id}-direction`} value={d} checked={form.values.direction === d} onChange={() => form.set('direction', d)} /> {label(DIRECTION_LABEL, d)}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {form.values.direction === 'in' && (
        <PurposeFields form={form} area={area} />
      )}
      <TextField form={form} name="reason" label={{ ja: '警備員が記録する理由', en: 'Why a guard records it' }} hint={{ ja: '例：セキュリティキーを忘れたため本人確認のうえ記録', en: 'E.g. forgot the security key; identity checked by the guard' }} required multiline />
      <FormProblem form={form} />
      {outcome && <OutcomeBanner outcome={outcome} />}
      <div class="buttons">
        <Submit form={form} label={{ ja: '記録する', en: 'Record' }} />
      </div>
    </form>
  );
}
