import { t } from '../../shared/i18n.ts';
import { dayEnd, dayStart, endDay, startDay } from '../format.ts';
import { ROLE_LABEL, ROLES } from '../messages.ts';
import type { Organisation, Person, Site } from '../types.ts';
import { CheckGroup, FieldShell, requireFields, SelectField, TextField, type Errors, type Form } from '../ui/form.tsx';

export interface PersonValues {
  name: string;
  kana: string;
  organisationId: string;
  position: string;
  duties: string;
  expertise: string;
  roles: string[];
  /** Every site (the default), or only the ones in `siteIds` (F4). */
  allSites: boolean;
  siteIds: string[];
  validFrom: string;
  validTo: string;
  approvalRef: string;
  contact: string;
  nationality: string;
}

export function emptyPerson(): PersonValues {
  return { name: '', kana: '', organisationId: '', position: '', duties: '', expertise: '', roles: ['worker'], allSites: true, siteIds: [], validFrom: '', validTo: '', approvalRef: '', contact: '', nationality: '' };
}

export function personValues(p: Person): PersonValues {
  return {
    name: p.name,
    kana: p.kana,
    organisationId: String(p.organisationId),
    position: p.position,
    duties: p.duties,
    expertise: p.expertise,
    roles: [...p.roles],
    allSites: p.siteIds === null,
    siteIds: (p.siteIds ?? []).map(String),
    validFrom: startDay(p.validFrom),
    validTo: endDay(p.validTo),
    approvalRef: '',
    contact: p.contact ?? '',
    nationality: p.nationality ?? '',
  };
}

export function validatePerson(v: PersonValues): Errors {
  const out = requireFields(v, ['name', 'kana', 'organisationId']);
  if (v.roles.length === 0) out['roles'] = { ja: '役割を一つ以上選んでください', en: 'Choose at least one role' };
  if (!v.allSites && v.siteIds.length === 0) out['siteIds'] = { ja: '拠点を一つ以上選ぶか、「すべての拠点」にしてください', en: 'Choose at least one site, or every site' };
  if (v.validFrom && v.validTo && v.validTo < v.validFrom) out['validTo'] = { ja: '開始日以降の日付にしてください', en: 'Must not be before the start date' };
  return out;
}

/** The API body for a new person: dates become instants (from the start of the first day to the end of the last). */
export function personBody(v: PersonValues, withSensitive: boolean) {
  return {
    name: v.name,
    kana: v.kana,
    organisationId: Number(v.organisationId),
    position: v.position,
    duties: v.duties,
    expertise: v.expertise,
    roles: v.roles,
    siteIds: v.allSites ? null : v.siteIds.map(Number),
    validFrom: dayStart(v.validFrom),
    validTo: dayEnd(v.validTo),
    ...(v.approvalRef.trim() ? { approvalRef: v.approvalRef } : {}),
    ...(withSensitive ? { contact: v.contact, nationality: v.nationality } : {}),
  };
}

/** Only what changed, for PATCH; null when nothing did. */
export function personPatch(before: PersonValues, v: PersonValues, withSensitive: boolean): Record<string, unknown> | null {
  const all = personBody(v, withSensitive) as Record<string, unknown>;
  const old = personBody(before, withSensitive) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(all)) {
    if (k === 'approvalRef') continue;
    if (JSON.stringify(val) !== JSON.stringify(old[k])) out[k] = val;
  }
  if (Object.keys(out).length === 0) return null;
  if (v.approvalRef.trim()) out['approvalRef'] = v.approvalRef;
  return out;
}

export function PersonFields({ form, organisations, sites, sensitive }: { form: Form<PersonValues>; organisations: Organisation[]; sites: Site[]; sensitive: boolean }) {
  return (
    <>
      <div class="row">
        <TextField form={form} name="name" label={{ ja: '氏名', en: 'Name' }} required />
        <TextField form={form} name="kana" label={{ ja: 'ふりがな', en: 'Kana reading' }} hint={{ ja: 'ひらがな・カタカナで（名簿はこの順に並びます）', en: 'Hiragana or katakana (the roster sorts by it)' }} required />
      </div>
      <div class="row">
        <SelectField form={form} name="organisationId" label={{ ja: '所属組織', en: 'Organisation' }} options={organisations.map((o) => ({ value: String(o.id), label: o.name }))} required />
        <TextField form={form} name="position" label={{ ja: '役職', en: 'Position' }} />
      </div>
      <div class="row">
        <TextField form={form} name="duties" label={{ ja: '担当業務', en: 'Duties' }} multiline />
        <TextField form={form} name="expertise" label={{ ja: '専門性・資格', en: 'Expertise and qualifications' }} multiline />
      </div>
      <CheckGroup form={form} name="roles" label={{ ja: '役割', en: 'Roles' }} options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABEL[r]) }))} required />
      {form.values.roles.includes('city') && (
        <p class="banner info" data-testid="city-role-note">
          {t({
            ja: '委託元担当者（甲）は市の職員の役割です。他の役割と兼ねることはできません。担当する拠点を必ず選んでください（選んだ拠点のことだけが見えます）。',
            en: "City staff (甲) is the city's own role. It cannot be combined with another role, and it always names its sites (only those sites are visible).",
          })}
        </p>
      )}
      <SitesField form={form} sites={sites} />
      <div class="row">
        <TextField form={form} name="validFrom" type="date" label={{ ja: '有効期間の開始日', en: 'Valid from' }} />
        <TextField form={form} name="validTo" type="date" label={{ ja: '有効期間の終了日（この日まで）', en: 'Valid until (inclusive)' }} />
        <TextField form={form} name="approvalRef" label={{ ja: '承認番号・根拠文書（任意）', en: 'Approval reference (optional)' }} />
      </div>
      {sensitive && (
        <fieldset class="sensitive">
          <legend>{t({ ja: '要配慮の項目（閲覧は記録されます）', en: 'Sensitive fields (reads are journaled)' })}</legend>
          <div class="row">
            <TextField form={form} name="contact" label={{ ja: '連絡先', en: 'Contact' }} multiline />
            <TextField form={form} name="nationality" label={{ ja: '国籍', en: 'Nationality' }} />
          </div>
        </fieldset>
      )}
    </>
  );
}

/** The sites a person's roles reach (F4): every site by default, or the ones ticked. */
function SitesField({ form, sites }: { form: Form<PersonValues>; sites: Site[] }) {
  const v = form.values;
  const toggle = (id: string, on: boolean) => form.set('siteIds', on ? [...v.siteIds, id] : v.siteIds.filter((s) => s !== id));
  return (
    <FieldShell
      form={form}
      name="siteIds"
      label={{ ja: '担当する拠点', en: 'Sites' }}
      hint={{ ja: '選んだ拠点の記録だけを見て扱えます。', en: 'They see and handle the records of the chosen sites only.' }}
      group
    >
      <div class="checks" id={`${form.id}-siteIds`} tabIndex={-1} aria-invalid={form.errors['siteIds'] ? 'true' : undefined}>
        <label class="check">
          <input type="checkbox" checked={v.allSites} onChange={(e) => form.set('allSites', e.currentTarget.checked)} /> {t({ ja: 'すべての拠点', en: 'Every site' })}
        </label>
        {!v.allSites &&
          sites.map((s) => (
            <label key={s.id} class="check">
              <input type="checkbox" checked={v.siteIds.includes(String(s.id))} onChange={(e) => toggle(String(s.id), e.currentTarget.checked)} /> {s.name}
            </label>
          ))}
      </div>
    </FieldShell>
  );
}
