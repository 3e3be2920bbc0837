import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import { label } from '../messages.ts';
import { ACTION_LABEL } from '../action-words.ts';
import type { AssetHistory, AssetView } from '../custody/types.ts';
import { ASSET_STATUS_LABEL, CLASSIFICATION_LABEL, KIND_LABEL, MOVEMENT_DIRECTION_LABEL, MOVEMENT_REFUSAL_LABEL, OWNER_LABEL, REQUEST_KIND_LABEL, REQUEST_STATUS_LABEL } from '../../shared/custody-labels.ts';
import { Empty, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';
import { labelSheetUrl } from './assets.tsx';
import { NetworkCard } from './asset-network.tsx';

const yesNo = (b: boolean) => t(b ? { ja: 'はい', en: 'Yes' } : { ja: 'いいえ', en: 'No' });

/** One asset: its facts, its QR label, its status, and its whole story (requests, movements, journal: C10). */
export function AssetPage({ id }: { id: number }) {
  const load = useLoad(() => api<ApiJson<'/api/custody/assets/:id/history'>>(`/api/custody/assets/${id}/history`), [id]);
  return (
    <main>
      <PageTitle title={{ ja: '資産の詳細', en: 'Asset' }}>
        <Link href="/console/assets">{t({ ja: '資産台帳に戻る', en: 'Back to the registry' })}</Link>
      </PageTitle>
      <Loading load={load}>
        {(h) => (
          <>
            <section class="card">
              <div class="handout-body">
                <div>
                  <h2>
                    {h.asset.assetNumber} <Tag kind={h.asset.status}>{label(ASSET_STATUS_LABEL, h.asset.status)}</Tag>
                    {h.asset.overdue && <Tag kind="suspended">{t({ ja: '返却期限超過', en: 'Overdue' })}</Tag>}
                  </h2>
                  <Facts a={h.asset} custodianName={h.asset.custodianName} />
                </div>
                {hasRole('admin', 'guard') && <LabelBox asset={h.asset} />}
              </div>
            </section>
            <NetworkCard asset={h.asset} onChanged={load.reload} />
            {hasRole('admin', 'supervisor') && <StatusForm asset={h.asset} onDone={load.reload} />}
            <History h={h} />
          </>
        )}
      </Loading>
    </main>
  );
}

function Facts({ a, custodianName }: { a: AssetView; custodianName: string | null }) {
  return (
    <dl class="facts">
      <dt>{t({ ja: '種別', en: 'Kind' })}</dt>
      <dd>{label(KIND_LABEL, a.kind)}</dd>
      <dt>{t({ ja: '所有区分', en: 'Owner' })}</dt>
      <dd>{label(OWNER_LABEL, a.ownerType)}</dd>
      <dt>{t({ ja: '情報区分', en: 'Classification' })}</dt>
      <dd>{label(CLASSIFICATION_LABEL, a.classification)}</dd>
      <dt>{t({ ja: '製造番号', en: 'Serial number' })}</dt>
      <dd>{a.serialNumber || '—'}</dd>
      <dt>{t({ ja: '説明', en: 'Description' })}</dt>
      <dd>{a.description || '—'}</dd>
      <dt>{t({ ja: '記憶媒体', en: 'Holds storage' })}</dt>
      <dd>{yesNo(a.hasStorage)}</dd>
      <dt>{t({ ja: '庁内ネットワーク接続の承認', en: 'Approved for the network' })}</dt>
      <dd>{yesNo(a.networkApproved)}</dd>
      <dt>{t({ ja: '固定設置機器', en: 'Fixed equipment' })}</dt>
      <dd>{yesNo(a.fixed)}</dd>
      <dt>{t({ ja: '保管者', en: 'Custodian' })}</dt>
      <dd>{custodianName ?? '—'}</dd>
      {a.expectedReturnAt && (
        <>
          <dt>{t({ ja: '返却予定', en: 'Expected return' })}</dt>
          <dd>{dateTime(a.expectedReturnAt)}</dd>
        </>
      )}
    </dl>
  );
}

function LabelBox({ asset }: { asset: AssetView }) {
  return (
    <div class="asset-label">
      <img class="qr" src={`/api/assets/${asset.id}/label.svg`} alt={t({ ja: '{n} のQRラベル', en: 'QR label of {n}' }, { n: asset.assetNumber })} width={240} height={240} />
      <div class="buttons">
        <a class="button small" href={`/api/assets/${asset.id}/label.svg`} download={`${asset.assetNumber}.svg`}>
          {t({ ja: 'ラベル（SVG）', en: 'Label (SVG)' })}
        </a>
        <a class="button small" href={`/api/assets/${asset.id}/label.png`} download={`${asset.assetNumber}.png`}>
          {t({ ja: 'ラベル（PNG）', en: 'Label (PNG)' })}
        </a>
        <a class="button small" href={labelSheetUrl([asset.id])} target="_blank" rel="noopener">
          {t({ ja: 'A4シートで印刷', en: 'Print on an A4 sheet' })}
        </a>
      </div>
    </div>
  );
}

/** Reported lost (opens an incident, E4) or handed back to its owner; either needs a note. */
function StatusForm({ asset, onDone }: { asset: AssetView; onDone: () => void }) {
  const form = useForm(
    { status: '', note: '' },
    {
      validate: (v) => requireFields(v, ['status', 'note']),
      onSubmit: async (v) => {
        await api(`/api/assets/${asset.id}/status`, { body: v });
        form.reset();
        onDone();
      },
    },
  );
  if (asset.status === 'disposed') return null;
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '状態の変更', en: 'Change the status' })}>
      <h2>{t({ ja: '状態の変更', en: 'Change the status' })}</h2>
      <div class="row">
        <SelectField
          form={form}
          name="status"
          label={{ ja: '新しい状態', en: 'New status' }}
          required
          options={(['lost', 'returned'] as const).filter((s) => s !== asset.status).map((s) => ({ value: s, label: label(ASSET_STATUS_LABEL, s) }))}
        />
        <TextField form={form} name="note" label={{ ja: '経緯・備考', en: 'Note' }} required hint={{ ja: '紛失の届出はインシデントとして記録されます', en: 'A loss is recorded as an incident' }} />
      </div>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '状態を変更', en: 'Change status' }} kind="danger" />
      </div>
    </form>
  );
}

function History({ h }: { h: AssetHistory }) {
  return (
    <>
      <section class="card">
        <h2>{t({ ja: '申請', en: 'Requests' })}</h2>
        {h.requests.length === 0 ? (
          <Empty>{t({ ja: 'この資産の申請はありません。', en: 'No requests name this asset.' })}</Empty>
        ) : (
          <table class="list" aria-label={t({ ja: '申請', en: 'Requests' })}>
            <thead>
              <tr>
                <th>No.</th>
                <th>{t({ ja: '種類', en: 'Kind' })}</th>
                <th>{t({ ja: '状態', en: 'Status' })}</th>
                <th>{t({ ja: '区域', en: 'Area' })}</th>
                <th>{t({ ja: '期間', en: 'Window' })}</th>
                <th>{t({ ja: '承認者', en: 'Approvers' })}</th>
              </tr>
            </thead>
            <tbody>
              {h.requests.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/console/requests/${r.id}`}>{r.id}</Link>
                  </td>
                  <td>{label(REQUEST_KIND_LABEL, r.kind)}</td>
                  <td>
                    <Tag kind={r.status}>{label(REQUEST_STATUS_LABEL, r.status)}</Tag>
                  </td>
                  <td>{r.area.name}</td>
                  <td class="nowrap">
                    {dateTime(r.windowFrom)} – {dateTime(r.windowTo)}
                  </td>
                  <td>{r.approvals.filter((a) => a.decision === 'approved').map((a) => a.approverName).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>{t({ ja: '持込・持出の記録', en: 'Movements' })}</h2>
        {h.movements.length === 0 ? (
          <Empty>{t({ ja: 'まだ記録はありません。', en: 'No movements yet.' })}</Empty>
        ) : (
          <table class="list" aria-label={t({ ja: '持込・持出の記録', en: 'Movements' })}>
            <thead>
              <tr>
                <th>{t({ ja: '日時', en: 'Time' })}</th>
                <th>{t({ ja: '持込・持出', en: 'Direction' })}</th>
                <th>{t({ ja: '結果', en: 'Result' })}</th>
                <th>{t({ ja: '申請', en: 'Request' })}</th>
              </tr>
            </thead>
            <tbody>
              {h.movements.map((m) => (
                <tr key={m.id}>
                  <td class="nowrap">{dateTime(m.occurredAt)}</td>
                  <td>{label(MOVEMENT_DIRECTION_LABEL, m.direction)}</td>
                  <td>{m.result === 'accepted' ? t({ ja: '受付', en: 'Accepted' }) : <Tag kind="suspended">{label(MOVEMENT_REFUSAL_LABEL, m.refusalReason)}</Tag>}</td>
                  <td>{m.requestId ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>{t({ ja: '監査ログ', en: 'Journal' })}</h2>
        <table class="list" aria-label={t({ ja: '監査ログ', en: 'Journal' })}>
          <thead>
            <tr>
              <th>No.</th>
              <th>{t({ ja: '日時', en: 'Time' })}</th>
              <th>{t({ ja: '操作', en: 'Action' })}</th>
              <th>{t({ ja: '実行者', en: 'Actor' })}</th>
            </tr>
          </thead>
          <tbody>
            {h.journal.map((j) => (
              <tr key={j.seq}>
                <td>{j.seq}</td>
                <td class="nowrap">{dateTime(j.at)}</td>
                <td>{label(ACTION_LABEL, j.action)}</td>
                <td>{j.actorName ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
