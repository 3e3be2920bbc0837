import { t, type Msg } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import { label } from '../messages.ts';
import type { ApiJson } from '../types.ts';
import { CityStaff } from './city-staff.tsx';
import { REQUEST_KIND_LABEL } from '../../shared/custody-labels.ts';
import { Empty, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { CheckField, FormProblem, Submit, useForm } from '../ui/form.tsx';
import { CityDecision, PaperReview } from './city-parts.tsx';

/** 甲's list: requests and disposals awaiting 甲, paper permissions to review, each site's policy (GET /api/city/pending). */
type Pending = ApiJson<'/api/city/pending'>;
type Site = Pending['sites'][number];
type Policy = Site['policy'];

const POLICY_LABEL: Record<keyof Policy, Msg> = {
  carryIn: { ja: '区域への持込', en: 'Carry-in' },
  carryOut: { ja: '庁舎外への持出', en: 'Carry-out off the premises' },
  disposal: { ja: '廃棄・返却・交換', en: 'Disposal, return, exchange' },
  networkConnection: { ja: '市のネットワークへの接続', en: "Connection to the city's network" },
  productionData: { ja: '本番データの使用', en: 'Use of production data' },
  responsibleDistinct: { ja: '責任者は搬送者と別の人にする', en: 'The responsible person is not the carrier' },
};

/**
 * The city's page (F1, F4): what awaits 甲's prior permission at their sites, the paper permissions the
 * contractor transcribed for 甲 to confirm or dispute, and each site's policy. The contractor's staff see
 * the same lists (and record paper permissions on the request's page); only 甲 decides here.
 */
export function CityPage() {
  const load = useLoad(() => api<ApiJson<'/api/city/pending'>>('/api/city/pending'), []);
  const city = hasRole('city');
  return (
    <main>
      <PageTitle title={{ ja: '市（甲）の許可', en: "City's permission" }} />
      <Loading load={load}>
        {(d) => (
          <>
            <section class="card" aria-label={t({ ja: '許可を待つ申請', en: 'Awaiting permission' })}>
              <h2>{t({ ja: '許可を待つ申請', en: 'Requests awaiting permission' })}</h2>
              {d.custody.length === 0 && d.disposal.length === 0 && d.network.length === 0 && d.productionData.length === 0 && <Empty>{t({ ja: '許可を待つ申請はありません。', en: 'Nothing awaits permission.' })}</Empty>}
              {d.custody.map((r) => (
                <article key={`c${r.id}`} class="card" aria-label={t({ ja: '持込・持出申請 {n}', en: 'Request {n}' }, { n: r.id })}>
                  <h3>
                    <Link href={`/console/requests/${r.id}`}>{t({ ja: '持込・持出申請 {n}', en: 'Request {n}' }, { n: r.id })}</Link>（{label(REQUEST_KIND_LABEL, r.kind)}）
                  </h3>
                  <p>
                    {r.area.name}　{t({ ja: '搬送者', en: 'Carrier' })}：{r.carrier.name}　{t({ ja: '責任者', en: 'Responsible' })}：{r.responsible?.name ?? '—'}　{dateTime(r.windowFrom)} – {dateTime(r.windowTo)}
                  </p>
                  <p>
                    {r.purpose}　{r.items.map((i) => i.assetNumber).join('、')}
                    {r.kind === 'carry_out' && `　${t({ ja: '持出先', en: 'Destination' })}：${r.destination}`}
                  </p>
                  <p class="muted small">
                    {t({ ja: '乙の承認', en: "Contractor's approval" })}：{r.approvalsGiven}/{r.approvalsNeeded}
                  </p>
                  {city && <CityDecision path="custody-requests" id={r.id} onDone={load.reload} />}
                </article>
              ))}
              {d.disposal.map((r) => (
                <article key={`d${r.id}`} class="card" aria-label={t({ ja: '廃棄申請 {n}', en: 'Disposal request {n}' }, { n: r.id })}>
                  <h3>
                    <Link href={`/console/disposal/${r.id}`}>{t({ ja: '廃棄申請 {n}', en: 'Disposal request {n}' }, { n: r.id })}</Link>
                  </h3>
                  <p>
                    {r.site?.name ?? ''}　{t({ ja: '責任者', en: 'Responsible' })}：{r.responsible?.name ?? '—'}　{r.vendor}　{r.plannedDate}
                  </p>
                  <p>{r.items.map((i) => `${i.assetNumber ?? i.mediaName} ×${i.quantity}`).join('、')}</p>
                  {city && <CityDecision path="disposal-requests" id={r.id} onDone={load.reload} />}
                </article>
              ))}
              {d.network.map(({ asset, network }) => (
                <article key={`n${asset.id}`} class="card" aria-label={t({ ja: '機器 {n} の庁内ネットワーク接続', en: "Device {n}: connection to the city's network" }, { n: asset.assetNumber })}>
                  <h3>
                    <Link href={`/console/assets/${asset.id}`}>{t({ ja: '機器 {n} の庁内ネットワーク接続', en: "Device {n}: connection to the city's network" }, { n: asset.assetNumber })}</Link>
                  </h3>
                  <p>
                    {network.site?.name ?? ''}　{t({ ja: '責任者', en: 'Responsible' })}：{network.request?.responsible.name ?? '—'}　{asset.description}
                    {network.request?.purpose && `　${network.request.purpose}`}
                  </p>
                  {city && <CityDecision path="asset-networks" id={asset.id} onDone={load.reload} />}
                </article>
              ))}
              {d.productionData.map((r) => (
                <article key={`p${r.id}`} class="card" aria-label={t({ ja: '本番データ申請 {n}', en: 'Production-data request {n}' }, { n: r.id })}>
                  <h3>
                    <Link href={`/console/production-data#pd${r.id}`}>{t({ ja: '本番データ申請 {n}', en: 'Production-data request {n}' }, { n: r.id })}</Link>
                  </h3>
                  <p>
                    {r.site.name} {r.area.name}　{t({ ja: '責任者', en: 'Responsible' })}：{r.responsible.name}　{r.periodFrom} – {r.periodTo}
                  </p>
                  <p>
                    {r.data}　{r.purpose}
                  </p>
                  {city && <CityDecision path="production-data" id={r.id} onDone={load.reload} />}
                </article>
              ))}
            </section>
            <section class="card" id="paper" aria-label={t({ ja: '書面による許可', en: 'Paper permissions' })}>
              <h2>{t({ ja: '確認を待つ書面の許可', en: 'Paper permissions to confirm' })}</h2>
              {d.paper.length === 0 && <Empty>{t({ ja: '確認を待つ書面の許可はありません。', en: 'No paper permission awaits confirmation.' })}</Empty>}
              {d.paper.map((p) => (
                <article key={p.id} class="card">
                  <h3>
                    <SubjectLink p={p} />
                  </h3>
                  <p>
                    {t({ ja: '許可書 {ref}（{day}、{section} {name}）、転記：{by}（{at}）', en: 'Permit {ref} ({day}, {section} {name}), transcribed by {by} ({at})' }, { ref: p.paper?.permitReference ?? '', day: p.paper?.permitDate ?? '', section: p.paper?.officialSection ?? '', name: p.paper?.officialName ?? '', by: p.recordedBy.name, at: dateTime(p.at) })}
                  </p>
                  {city && <PaperReview p={p} onDone={load.reload} />}
                </article>
              ))}
            </section>
            {d.sites.map((s) => (
              <PolicyCard key={s.id} site={s} editable={city} onSaved={load.reload} />
            ))}
            {city && <CityStaff sites={d.sites.map(({ id, name }) => ({ id, name }))} />}
          </>
        )}
      </Loading>
    </main>
  );
}

/** One site's policy: which actions wait for 甲 (F1) and whether the 責任者 is someone other than the carrier (F2). */
function PolicyCard({ site, editable, onSaved }: { site: Site; editable: boolean; onSaved: () => void }) {
  const form = useForm(site.policy, {
    onSubmit: async (v) => {
      await api(`/api/city/policies/${site.id}`, { method: 'PUT', body: v });
      onSaved();
    },
  });
  const keys = Object.keys(POLICY_LABEL) as (keyof Policy)[];
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '{site} の許可の方針', en: 'Policy of {site}' }, { site: site.name })}>
      <h2>{t({ ja: '{site} の許可の方針', en: 'Policy of {site}' }, { site: site.name })}</h2>
      <p class="muted small">{t({ ja: 'チェックした行為は、市（甲）の事前の許可がなければ承認されず、受付端末でも記録できません。', en: "Checked actions are not approved, nor accepted at the kiosk, without the city's prior permission." })}</p>
      <fieldset class="field" disabled={!editable}>
        <legend>{t({ ja: '市の事前許可が必要な行為', en: "Actions needing the city's prior permission" })}</legend>
        {keys
          .filter((k) => k !== 'responsibleDistinct')
          .map((k) => (
            <CheckField key={k} form={form} name={k} label={POLICY_LABEL[k]} />
          ))}
      </fieldset>
      <fieldset class="field" disabled={!editable}>
        <legend>{t({ ja: '責任者', en: 'Responsible person' })}</legend>
        <CheckField form={form} name="responsibleDistinct" label={POLICY_LABEL.responsibleDistinct} />
      </fieldset>
      <FormProblem form={form} />
      {editable && (
        <div class="buttons">
          <Submit form={form} label={{ ja: '方針を保存', en: 'Save the policy' }} />
        </div>
      )}
    </form>
  );
}

/** What a paper permission was given for: a request, a disposal, or a device's network connection. */
function SubjectLink({ p }: { p: Pending['paper'][number] }) {
  if (p.subjectType === 'custody_request') return <Link href={`/console/requests/${p.subjectId}`}>{t({ ja: '持込・持出申請 {n}', en: 'Request {n}' }, { n: p.subjectId })}</Link>;
  if (p.subjectType === 'production_data') return <Link href={`/console/production-data#pd${p.subjectId}`}>{t({ ja: '本番データ申請 {n}', en: 'Production-data request {n}' }, { n: p.subjectId })}</Link>;
  if (p.subjectType === 'disposal_request') return <Link href={`/console/disposal/${p.subjectId}`}>{t({ ja: '廃棄申請 {n}', en: 'Disposal request {n}' }, { n: p.subjectId })}</Link>;
  return <Link href={`/console/assets/${p.subjectId}`}>{t({ ja: '機器 {n} の庁内ネットワーク接続', en: "Device {n}: connection to the city's network" }, { n: p.assetNumber ?? p.subjectId })}</Link>;
}
