import { useState } from 'preact/hooks';
import { useSignal } from '../../shared/signal.ts';
import { route } from '../router.ts';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { dateTime, localDateTimeToIso } from '../format.ts';
import type { ApiJson, Area, Person, Site, Visitor } from '../types.ts';
import { Banner, ErrorBanner, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { listQuery, MoreButton, usePagedList, type Page } from '../ui/list.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm, type Form } from '../ui/form.tsx';
import { areaName } from './authorizations.tsx';
import { PersonChoice, PurposeFields, purposeOf, PURPOSE_NEEDED } from './stay-fields.tsx';

/** The stay recorded from a paper sheet (POST /api/access/paper-stays). */
type PaperOutcome = ApiJson<'/api/access/paper-stays', '$post'>;

interface Values {
  /** Whose stay the sheet records: a person on the roster, or a registered visitor (B11). */
  who: 'person' | 'visitor';
  personId: string;
  visitorId: string;
  areaId: string;
  entryAt: string;
  exitAt: string;
  purposeChoice: string;
  purposeText: string;
  sheet: string;
  reason: string;
}

async function loadAll() {
  const [p, a, s] = await Promise.all([api<ApiJson<'/api/people'>>('/api/people?status=active'), api<ApiJson<'/api/areas'>>('/api/areas'), api<ApiJson<'/api/sites'>>('/api/sites')]);
  return { people: p.people, areas: a.areas, sites: s.sites };
}

/**
 * A stay written on paper while the kiosk or the server was down, entered later with its real times
 * (B12). It appears in every ledger marked 事後記録, with the time it was entered beside the time it claims.
 */
export function PaperStayPage() {
  const load = useLoad(loadAll, []);
  return (
    <main>
      <PageTitle title={{ ja: '紙の記録を入力（事後記録）', en: 'Enter a paper record (entered later)' }} />
      <p class="muted">
        {t({
          ja: '受付端末やサーバーが使えない間に紙に書いた入退室を、紙に書かれた実際の日時で入力します。入力した記録は管理簿に「事後記録」と表示され、入力した日時・入力者・用紙の番号・理由も残ります。入室・退室の片方だけでも入力できます（31日前まで）。',
          en: 'Enter a stay written on paper while the kiosk or the server was down, with the times on the sheet. The ledgers mark it as entered later, with when and by whom it was entered, the sheet and the reason. Entry or exit alone is fine (up to 31 days back).',
        })}
      </p>
      <Loading load={load}>{(d) => <PaperForm {...d} />}</Loading>
    </main>
  );
}

function PaperForm({ people, areas, sites }: { people: Person[]; areas: Area[]; sites: Site[] }) {
  const [outcome, setOutcome] = useState<PaperOutcome | null>(null);
  const visitorPurpose = (v: Values) => (v.who === 'visitor' ? (visitors.find((x) => String(x.id) === v.visitorId)?.purpose ?? '') : '');
  // Opened from a record a kiosk kept (拒否された記録): who, where and when are filled in from it.
  const given = useSignal(route).query;
  const form: Form<Values> = useForm<Values>(
    {
      who: given.get('visitorId') ? 'visitor' : 'person',
      personId: given.get('personId') ?? '',
      visitorId: given.get('visitorId') ?? '',
      areaId: given.get('areaId') ?? (areas.length === 1 ? String(areas[0]!.id) : ''),
      entryAt: given.get('entryAt') ?? '',
      exitAt: given.get('exitAt') ?? '',
      purposeChoice: '',
      purposeText: '',
      sheet: '',
      reason: '',
    },
    {
      validate: (v) => {
        const out = requireFields(v, [v.who === 'visitor' ? 'visitorId' : 'personId', 'areaId', 'sheet', 'reason']);
        if (!v.entryAt && !v.exitAt) out['entryAt'] = { ja: '入室・退室の少なくとも一方の日時を入力してください', en: 'Enter the entry time, the exit time or both' };
        if (v.entryAt && v.exitAt && v.exitAt <= v.entryAt) out['exitAt'] = { ja: '退室は入室より後の日時にしてください', en: 'The exit must come after the entry' };
        if (v.entryAt && !v.purposeChoice && !v.purposeText.trim() && !visitorPurpose(v)) out['purposeText'] = PURPOSE_NEEDED;
        return out;
      },
      fieldOf: (path) => (path === 'purpose' ? 'purposeText' : path),
      onSubmit: async (v) => {
        setOutcome(null);
        // A visitor's entry takes the purpose given at registration unless another is written.
        const purpose = v.entryAt ? purposeOf(v) || visitorPurpose(v) : '';
        const r = await api<ApiJson<'/api/access/paper-stays', '$post'>>('/api/access/paper-stays', {
          body: {
            ...(v.who === 'visitor' ? { visitorId: Number(v.visitorId) } : { personId: Number(v.personId) }),
            areaId: Number(v.areaId),
            ...(v.entryAt ? { entryAt: localDateTimeToIso(v.entryAt) } : {}),
            ...(v.exitAt ? { exitAt: localDateTimeToIso(v.exitAt) } : {}),
            purpose,
            sheet: v.sheet.trim(),
            reason: v.reason,
          },
        });
        setOutcome(r);
        form.reset({ ...v, personId: '', visitorId: '', entryAt: '', exitAt: '', purposeChoice: '', purposeText: '' });
      },
    },
  );
  const area = areas.find((a) => String(a.id) === form.values.areaId);
  // The visitors the sheet may name: the server sends a page at a time, newest first, so the list is of
  // those registered at the area's site up to the day on the sheet (the visitor of that day comes first),
  // and もっと見る asks for those registered before.
  const day = (form.values.entryAt || form.values.exitAt).slice(0, 10);
  const visitorQuery = form.values.who === 'visitor' ? listQuery(new URLSearchParams(), [], { siteId: area?.siteId, to: /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null, limit: 200 }) : null;
  const { load: visitorLoad, more: moreVisitors } = usePagedList(
    (cursor: number | null): Promise<Page<Visitor, number>> =>
      visitorQuery === null ? Promise.resolve({ rows: [], next: null }) : api<ApiJson<'/api/visitors'>>(`/api/visitors${visitorQuery}${cursor === null ? '' : `&cursor=${cursor}`}`).then((d) => ({ rows: d.visitors, next: d.next })),
    [visitorQuery],
  );
  const visitors = visitorLoad.data?.rows ?? [];
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '紙の記録の入力', en: 'Paper record' })}>
      <div class="row">
        <SelectField
          form={form}
          name="who"
          label={{ ja: '記録された人', en: 'Whose stay' }}
          required
          options={[
            { value: 'person', label: t({ ja: '作業従事者（名簿）', en: 'A person on the roster' }) },
            { value: 'visitor', label: t({ ja: '来訪者（受付済み）', en: 'A registered visitor' }) },
          ]}
        />
      </div>
      {form.values.who === 'visitor' ? (
        <>
          <VisitorChoice form={form} visitors={visitors} area={area} />
          <ErrorBanner error={visitorLoad.error} />
          <MoreButton more={moreVisitors} />
        </>
      ) : (
        <PersonChoice form={form} people={people} />
      )}
      <div class="row">
        <SelectField form={form} name="areaId" label={{ ja: '区域', en: 'Area' }} required options={areas.map((a) => ({ value: String(a.id), label: areaName({ areas, sites }, a.id) }))} />
        <TextField form={form} name="sheet" label={{ ja: '用紙の番号・参照', en: 'Sheet reference' }} hint={{ ja: '例：紙台帳 No.12 の3行目', en: 'E.g. paper ledger No.12, line 3' }} required />
      </div>
      <div class="row">
        <TextField form={form} name="entryAt" type="datetime-local" label={{ ja: '入室日時（紙の記載）', en: 'Entry time (from the sheet)' }} />
        <TextField form={form} name="exitAt" type="datetime-local" label={{ ja: '退室日時（紙の記載）', en: 'Exit time (from the sheet)' }} />
      </div>
      {form.values.entryAt && (
        <PurposeFields form={form} area={area} />
      )}
      <TextField form={form} name="reason" label={{ ja: '後から入力する理由', en: 'Why it is entered later' }} hint={{ ja: '例：停電で受付端末が停止していたため紙に記録', en: 'E.g. the kiosk was down during a power cut' }} required multiline />
      <FormProblem form={form} />
      {outcome && <PaperBanner outcome={outcome} />}
      <div class="buttons">
        <Submit form={form} label={{ ja: '事後記録として登録', en: 'Record as entered later' }} />
        <Link class="button" href="/console/ledger">
          {t({ ja: '入退室管理簿へ', en: 'To the ledger' })}
        </Link>
      </div>
    </form>
  );
}

function PaperBanner({ outcome }: { outcome: PaperOutcome }) {
  const e = outcome.events[0]!;
  const times = outcome.events.map((x) => `${x.direction === 'in' ? t({ ja: '入室', en: 'entry' }) : t({ ja: '退室', en: 'exit' })} ${dateTime(x.occurredAt)}`).join('、');
  return (
    <>
      <Banner kind="ok">
        {t({ ja: '{name} さんの事後記録を登録しました（{times}）。', en: 'Recorded as entered later for {name} ({times}).' }, { name: e.nameSnapshot ?? '', times })}{' '}
        <Link href={`/console/ledger?areaId=${e.areaId}&date=${outcome.day}`}>{t({ ja: '管理簿で確認', en: 'See it in the ledger' })}</Link>
      </Banner>
      {outcome.insideNow && (
        <Banner kind="warn">
          {t({ ja: '退室が記録されていないため、この人は現在も在室中として扱われます。退室の記録があれば入力してください。', en: 'No exit is recorded, so this person now counts as inside. Enter the exit if it is on record.' })}
        </Banner>
      )}
    </>
  );
}

/** A visitor registered at the chosen area's site (the server refuses one of another site, naming the field). */
function VisitorChoice({ form, visitors, area }: { form: Form<Values>; visitors: Visitor[]; area: Area | undefined }) {
  const shown = area ? visitors.filter((v) => v.siteId === area.siteId) : visitors;
  return (
    <div class="row">
      <SelectField
        form={form}
        name="visitorId"
        label={{ ja: '来訪者', en: 'Visitor' }}
        required
        hint={
          area
            ? { ja: '紙に書かれた日までに受け付けた来訪者を新しい順に表示します', en: 'Visitors registered up to the day on the sheet, newest first' }
            : { ja: '区域を選ぶと、その拠点の来訪者に絞り込みます', en: "Choose the area to list its site's visitors" }
        }
        options={shown.map((v) => ({ value: String(v.id), label: `${v.name}（${v.affiliation}）${t({ ja: '受付', en: 'registered' })} ${dateTime(v.registeredAt)}` }))}
      />
    </div>
  );
}
