import { t, type Msg } from '../../shared/i18n.ts';
import { ApiError } from '../../shared/api.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import type { ApiJson } from '../types.ts';
import { Empty, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';
import { CityDecision, mayTranscribe, PaperPermissionForm, PaperReview, SideBySide } from './city-parts.tsx';

/** A request to use production data (第15条), as GET /api/city/production-data gives it. */
export type ProductionDataView = ApiJson<'/api/city/production-data'>['requests'][number];

const STATUS: Record<ProductionDataView['status'], Msg> = {
  submitted: { ja: '許可待ち', en: 'Awaiting permission' },
  approved: { ja: '使用できる', en: 'Approved' },
  rejected: { ja: '不許可', en: 'Refused' },
  expired: { ja: '期間切れ（許可なし）', en: 'Period ended unpermitted' },
};

/**
 * Production data (本番データ, 第15条): the contractor's admin or supervisor files what data, for what, over
 * which days, where and under which 責任者; where the site's policy reserves it, the city permits it here with
 * a passkey (or the contractor records the city's paper permission, which the city confirms or disputes).
 */
export function ProductionDataPage() {
  const load = useLoad(() => api<ApiJson<'/api/city/production-data'>>('/api/city/production-data'), []);
  return (
    <main>
      <PageTitle title={{ ja: '本番データの使用', en: 'Use of production data' }} />
      <p class="muted">{t({ ja: '本番データ（実際の住民情報など）を使う前に申請します。市（甲）の許可が必要な拠点では、市が許可するまで使用できません。', en: "File a request before using production data (real residents' information). Where the city's permission is needed, it may not be used until the city permits it." })}</p>
      {hasRole('admin', 'supervisor') && <FileForm onDone={load.reload} />}
      <Loading load={load}>
        {(d) => (
          <section class="card" aria-label={t({ ja: '申請の一覧', en: 'Requests' })}>
            <h2>{t({ ja: '申請', en: 'Requests' })}</h2>
            {d.requests.length === 0 && <Empty>{t({ ja: '本番データの使用の申請はありません。', en: 'No production-data requests.' })}</Empty>}
            {d.requests.map((r) => (
              <RequestCard key={r.id} r={r} onDone={load.reload} />
            ))}
          </section>
        )}
      </Loading>
    </main>
  );
}

function RequestCard({ r, onDone }: { r: ProductionDataView; onDone: () => void }) {
  const open = r.status === 'submitted' && r.city.required && (r.city.state === 'awaiting' || r.city.state === 'refused');
  const unreviewed = r.city.permissions.find((p) => p.channel === 'paper' && p.review === null && p.counts);
  return (
    <article class="card" id={`pd${r.id}`} aria-label={t({ ja: '本番データ申請 {n}', en: 'Production-data request {n}' }, { n: r.id })}>
      <h3>
        {t({ ja: '本番データ申請 {n}', en: 'Production-data request {n}' }, { n: r.id })}　<Tag kind={r.status === 'approved' ? 'ok' : r.status === 'submitted' ? '' : 'flag'}>{t(STATUS[r.status])}</Tag>
      </h3>
      <dl class="facts">
        <dt>{t({ ja: 'データ', en: 'Data' })}</dt>
        <dd>{r.data}</dd>
        <dt>{t({ ja: '目的', en: 'Purpose' })}</dt>
        <dd>{r.purpose}</dd>
        <dt>{t({ ja: '期間', en: 'Period' })}</dt>
        <dd>
          {r.periodFrom} – {r.periodTo}
        </dd>
        <dt>{t({ ja: '場所', en: 'Where' })}</dt>
        <dd>
          {r.site.name} {r.area.name}
          {r.asset && (
            <>
              {'　'}
              <Link href={`/console/assets/${r.asset.id}`}>{r.asset.assetNumber}</Link>
            </>
          )}
        </dd>
        <dt>{t({ ja: '責任者', en: 'Responsible' })}</dt>
        <dd>{r.responsible.name}</dd>
        <dt>{t({ ja: '申請者', en: 'Filed by' })}</dt>
        <dd>
          {r.requester.name}（{dateTime(r.createdAt)}）
        </dd>
        {r.rejectReason && (
          <>
            <dt>{t({ ja: '理由', en: 'Reason' })}</dt>
            <dd>{r.rejectReason}</dd>
          </>
        )}
      </dl>
      <SideBySide contractor={<p>{t({ ja: '申請により承認（{name}）', en: 'Approved by filing ({name})' }, { name: r.requester.name })}</p>} city={r.city} />
      {open && hasRole('city') && <CityDecision path="production-data" id={r.id} onDone={onDone} />}
      {open && mayTranscribe() && <PaperPermissionForm path="production-data" id={r.id} onDone={onDone} />}
      {unreviewed && hasRole('city') && <PaperReview p={unreviewed} onDone={onDone} />}
    </article>
  );
}

type Choices = ApiJson<'/api/custody/request-choices'>;

function FileForm({ onDone }: { onDone: () => void }) {
  const choices = useLoad(() => api<Choices>('/api/custody/request-choices'), []);
  const today = new Date().toLocaleDateString('sv-SE');
  const form = useForm(
    { areaId: '', assetNumber: '', data: '', purpose: '', periodFrom: today, periodTo: today, responsibleId: '' },
    {
      validate: (v) => requireFields(v, ['areaId', 'data', 'purpose', 'periodFrom', 'periodTo', 'responsibleId']),
      fieldOf: (path) => (path === 'assetId' ? 'assetNumber' : path),
      onSubmit: async (v) => {
        let assetId: number | null = null;
        if (v.assetNumber.trim() !== '') {
          const found = await api<Choices>(`/api/custody/request-choices?number=${encodeURIComponent(v.assetNumber.trim())}`);
          // A number that names no usable device is said on its own field, as the server would.
          if (!found.found) throw new ApiError(400, { code: 'VALIDATION_FAILED', message: 'no such device', requestId: null, details: { issues: [{ path: 'body.assetId', message: 'no registered device has this number' }] } });
          assetId = found.found.id;
        }
        await api('/api/city/production-data', {
          body: { areaId: Number(v.areaId), assetId, data: v.data, purpose: v.purpose, periodFrom: v.periodFrom, periodTo: v.periodTo, responsibleId: Number(v.responsibleId) },
        });
        form.reset();
        onDone();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '本番データの使用を申請', en: 'File a production-data request' })}>
      <h2>{t({ ja: '本番データの使用を申請する', en: 'File a production-data request' })}</h2>
      <Loading load={choices}>
        {(c) => (
          <>
            <TextField form={form} name="data" label={{ ja: '使用する本番データ', en: 'Production data to use' }} required />
            <TextField form={form} name="purpose" label={{ ja: '目的', en: 'Purpose' }} multiline rows={2} required />
            <div class="row">
              <TextField form={form} name="periodFrom" type="date" label={{ ja: '開始日', en: 'From' }} required />
              <TextField form={form} name="periodTo" type="date" label={{ ja: '終了日', en: 'To' }} required />
            </div>
            <div class="row">
              <SelectField form={form} name="areaId" label={{ ja: '使用する区域', en: 'Area' }} options={c.areas.map((a) => ({ value: String(a.id), label: `${a.siteName} ${a.name}` }))} required />
              <TextField form={form} name="assetNumber" label={{ ja: '使用する機器の管理番号（任意）', en: 'Device asset number (optional)' }} />
            </div>
            <SelectField form={form} name="responsibleId" label={{ ja: '責任者', en: 'Responsible person' }} options={c.responsibles.map((r) => ({ value: String(r.id), label: r.name }))} required />
          </>
        )}
      </Loading>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '申請する', en: 'File the request' }} />
      </div>
    </form>
  );
}
