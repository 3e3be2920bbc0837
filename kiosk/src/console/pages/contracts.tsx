import { useState } from 'preact/hooks';
import { lang, t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import type { ApiJson, Contract, Site } from '../types.ts';
import { Empty, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { CheckGroup, FormProblem, requireFields, Submit, TextField, useForm, type Errors } from '../ui/form.tsx';

/**
 * The contracts (issue 16): what the header of every printed document names. Admins keep them; staff who
 * print and 甲 read them. A site's documents are made under the contract the site is attached to.
 */
export function ContractsPage() {
  const list = useLoad(() => api<ApiJson<'/api/contracts'>>('/api/contracts'), []);
  const admin = hasRole('admin');
  const sites = useLoad(() => (admin ? api<ApiJson<'/api/sites'>>('/api/sites') : Promise.resolve({ sites: [] as Site[] })), [admin]);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const saved = () => {
    setEditing(null);
    list.reload();
    sites.reload();
  };
  return (
    <main>
      <PageTitle title={{ ja: '契約', en: 'Contracts' }} />
      <p class="muted">{t({ ja: '月次報告・廃棄証明書・管理簿の見出し（宛先、受託者と代表者、受託業務名、受託期間）はここに登録した契約から印刷されます。拠点を契約の対象に加えてください。', en: 'The heading of the monthly report, the disposal certificate and the ledgers (addressee, contractor and representative, contract name, period) is printed from the contract entered here. Attach each site to its contract.' })}</p>
      {admin && editing !== 'new' && (
        <div class="buttons">
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            {t({ ja: '契約を登録', en: 'Add a contract' })}
          </button>
        </div>
      )}
      {admin && editing === 'new' && sites.data && <ContractForm sites={sites.data.sites} onSaved={saved} onCancel={() => setEditing(null)} />}
      <Loading load={list}>
        {(d) =>
          d.contracts.length === 0 ? (
            <Empty>{t({ ja: '契約はまだ登録されていません。書類の見出しは「未設定」と印刷されます。', en: 'No contract yet. Documents print “not set” in their heading.' })}</Empty>
          ) : (
            <>
              {d.contracts.map((c) =>
                editing === c.id && sites.data ? (
                  <ContractForm key={c.id} contract={c} sites={sites.data.sites} onSaved={saved} onCancel={() => setEditing(null)} />
                ) : (
                  <ContractCard key={c.id} contract={c} onEdit={admin ? () => setEditing(c.id) : undefined} />
                ),
              )}
            </>
          )
        }
      </Loading>
    </main>
  );
}

/** A calendar day as the printed documents show it (令和8年4月1日) in Japanese; as entered in English. */
function day(d: string): string {
  if (lang.get() !== 'ja') return d;
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { timeZone: 'UTC', era: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(Date.parse(`${d}T00:00:00Z`));
}

function ContractCard({ contract: c, onEdit }: { contract: Contract; onEdit?: () => void }) {
  const none = t({ ja: 'なし', en: 'None' });
  return (
    <section class="card" aria-label={c.name}>
      <h2>{c.name}</h2>
      <dl class="facts">
        <dt>{t({ ja: '受託期間', en: 'Contract period' })}</dt>
        <dd>
          {day(c.periodFrom)} ～ {day(c.periodTo)}
        </dd>
        <dt>{t({ ja: '受託者', en: 'Contractor' })}</dt>
        <dd>
          {c.contractor.company}　{c.contractor.representativeTitle}　{c.contractor.representativeName}
          <br />
          {c.contractor.address}
        </dd>
        <dt>{t({ ja: '宛先（市）', en: 'Addressee at the city' })}</dt>
        <dd>{[c.addressee.section, c.addressee.title, c.addressee.name, '様'].filter(Boolean).join('　')}</dd>
        <dt>{t({ ja: '甲の承認課', en: "City's approving sections" })}</dt>
        <dd>{c.approverSections.length ? c.approverSections.join('、') : none}</dd>
        <dt>{t({ ja: '対象の拠点', en: 'Sites' })}</dt>
        <dd>{c.sites.length ? c.sites.map((s) => s.name).join('、') : none}</dd>
      </dl>
      {onEdit && (
        <div class="buttons">
          <button type="button" onClick={onEdit}>
            {t({ ja: '編集', en: 'Edit' })}
          </button>
        </div>
      )}
    </section>
  );
}

interface ContractValues {
  name: string;
  periodFrom: string;
  periodTo: string;
  company: string;
  address: string;
  representativeTitle: string;
  representativeName: string;
  addresseeSection: string;
  addresseeTitle: string;
  addresseeName: string;
  approverSections: string;
  siteIds: string[];
}

function values(c?: Contract): ContractValues {
  return {
    name: c?.name ?? '',
    periodFrom: c?.periodFrom ?? '',
    periodTo: c?.periodTo ?? '',
    company: c?.contractor.company ?? '',
    address: c?.contractor.address ?? '',
    representativeTitle: c?.contractor.representativeTitle ?? '',
    representativeName: c?.contractor.representativeName ?? '',
    addresseeSection: c?.addressee.section ?? '',
    addresseeTitle: c?.addressee.title ?? '',
    addresseeName: c?.addressee.name ?? '',
    approverSections: (c?.approverSections ?? []).join('\n'),
    siteIds: (c?.sites ?? []).map((s) => String(s.id)),
  };
}

function validate(v: ContractValues): Errors {
  const out = requireFields(v, ['name', 'periodFrom', 'periodTo', 'company', 'address', 'representativeTitle', 'representativeName', 'addresseeTitle']);
  if (v.periodFrom && v.periodTo && v.periodTo < v.periodFrom) out['periodTo'] = { ja: '開始日以降の日付にしてください', en: 'Must not be before the start date' };
  return out;
}

/** The server names nested fields (`contractor.company`, `siteIds.0`); the form's fields are flat. */
const FIELD_OF: Record<string, string> = {
  'contractor.company': 'company',
  'contractor.address': 'address',
  'contractor.representativeTitle': 'representativeTitle',
  'contractor.representativeName': 'representativeName',
  'addressee.section': 'addresseeSection',
  'addressee.title': 'addresseeTitle',
  'addressee.name': 'addresseeName',
};

const lines = (s: string) => [...new Set(s.split('\n').map((p) => p.trim()).filter(Boolean))];

function ContractForm({ contract, sites, onSaved, onCancel }: { contract?: Contract; sites: Site[]; onSaved: () => void; onCancel: () => void }) {
  const form = useForm(values(contract), {
    validate,
    fieldOf: (path) => {
      const bare = path.replace(/\.\d+$/, '');
      return FIELD_OF[bare] ?? bare;
    },
    onSubmit: async (v) => {
      const body = {
        name: v.name,
        periodFrom: v.periodFrom,
        periodTo: v.periodTo,
        contractor: { company: v.company, address: v.address, representativeTitle: v.representativeTitle, representativeName: v.representativeName },
        addressee: { section: v.addresseeSection, title: v.addresseeTitle, name: v.addresseeName },
        approverSections: lines(v.approverSections),
        siteIds: v.siteIds.map(Number),
      };
      if (contract) await api(`/api/contracts/${contract.id}`, { method: 'PUT', body });
      else await api('/api/contracts', { body });
      onSaved();
    },
  });
  // A site belongs to one contract: those of another contract are not offered here.
  const choices = sites.filter((s) => s.contractId == null || s.contractId === contract?.id).map((s) => ({ value: String(s.id), label: s.name }));
  const title = contract ? { ja: '契約の編集', en: 'Edit the contract' } : { ja: '契約を登録', en: 'Add a contract' };
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t(title)}>
      <h2>{t(title)}</h2>
      <TextField form={form} name="name" label={{ ja: '受託業務名', en: 'Contract name' }} required />
      <div class="row">
        <TextField form={form} name="periodFrom" type="date" label={{ ja: '受託期間の開始日', en: 'Period from' }} required />
        <TextField form={form} name="periodTo" type="date" label={{ ja: '受託期間の終了日', en: 'Period to' }} required />
      </div>
      <div class="row">
        <TextField form={form} name="company" label={{ ja: '受託者（会社名）', en: 'Contractor (company)' }} required />
        <TextField form={form} name="address" label={{ ja: '受託者の所在地', en: "Contractor's address" }} required />
      </div>
      <div class="row">
        <TextField form={form} name="representativeTitle" label={{ ja: '代表者の役職', en: "Representative's title" }} placeholder="代表取締役" required />
        <TextField form={form} name="representativeName" label={{ ja: '代表者の氏名', en: "Representative's name" }} required />
      </div>
      <div class="row">
        <TextField form={form} name="addresseeSection" label={{ ja: '宛先の所属（任意）', en: 'Addressee section (optional)' }} />
        <TextField form={form} name="addresseeTitle" label={{ ja: '宛先の役職', en: "Addressee's title" }} placeholder="〇〇市長" required />
        <TextField form={form} name="addresseeName" label={{ ja: '宛先の氏名（任意）', en: "Addressee's name (optional)" }} />
      </div>
      <TextField form={form} name="approverSections" multiline rows={3} label={{ ja: '甲の承認課（1行に1つ）', en: "City's approving sections (one a line)" }} />
      {choices.length > 0 ? (
        <CheckGroup form={form} name="siteIds" label={{ ja: '対象の拠点', en: 'Sites' }} options={choices} />
      ) : (
        <p class="muted">{t({ ja: '加えられる拠点はありません（拠点は一つの契約にだけ属します）。', en: 'No site to attach (a site belongs to one contract only).' })}</p>
      )}
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={contract ? { ja: '保存', en: 'Save' } : { ja: '登録', en: 'Add' }} />
        <button type="button" onClick={onCancel}>
          {t({ ja: 'やめる', en: 'Cancel' })}
        </button>
      </div>
    </form>
  );
}
