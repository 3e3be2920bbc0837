import { useState } from 'preact/hooks';
import { t, type Msg } from '../../shared/i18n.ts';
import type { Area, Person } from '../types.ts';
import { SelectField, TextField, type Form } from '../ui/form.tsx';

/** The fields a person's entry or exit is written with at the desk: the guard's record and the paper record (B12). */
interface Purpose {
  purposeChoice: string;
  purposeText: string;
}

export const PURPOSE_NEEDED: Msg = { ja: '入室には目的が必要です', en: 'An entry needs a purpose' };

/** The purpose sent for an entry: the area's listed one, the free text, or both. */
export function purposeOf(v: Purpose): string {
  return [v.purposeChoice, v.purposeText.trim()].filter(Boolean).join('：');
}

/** The roster filtered by name, kana or organisation, and the person chosen from it. */
export function PersonChoice<V extends { personId: string }>({ form, people }: { form: Form<V>; people: Person[] }) {
  const [filter, setFilter] = useState('');
  const f = filter.trim();
  const shown = f ? people.filter((p) => p.name.includes(f) || p.kana.includes(f) || p.organisationName.includes(f)) : people;
  return (
    <div class="row">
      <div class="field">
        <label for={`${form.id}-filter`}>{t({ ja: '名簿の絞り込み', en: 'Filter the roster' })}</label>
        <input id={`${form.id}-filter`} type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      </div>
      <SelectField form={form} name={'personId' as keyof V & string} label={{ ja: '氏名', en: 'Person' }} required options={shown.map((p) => ({ value: String(p.id), label: `${p.name}（${p.kana}）${p.organisationName}` }))} />
    </div>
  );
}

/** An entry's purpose: one of the area's, or typed. */
export function PurposeFields<V extends Purpose>({ form, area }: { form: Form<V>; area: Area | undefined }) {
  return (
    <div class="row">
      <SelectField
        form={form}
        name={'purposeChoice' as keyof V & string}
        label={{ ja: '目的', en: 'Purpose' }}
        placeholder={{ ja: '（一覧から選ぶか、右に記入）', en: '(pick one, or type it)' }}
        options={(area?.purposes ?? []).map((p) => ({ value: p, label: p }))}
      />
      <TextField form={form} name={'purposeText' as keyof V & string} label={{ ja: '目的（自由記入）', en: 'Purpose (free text)' }} />
    </div>
  );
}
