import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { dateTime, localDay, time } from '../format.ts';
import { label } from '../messages.ts';
import type { CustodyLedger } from '../custody/types.ts';
import { CLASSIFICATION_LABEL, KEYED_IN_LABEL, KIND_LABEL, MOVEMENT_DIRECTION_LABEL, MOVEMENT_REFUSAL_LABEL, OWNER_LABEL, ROUND_TRIP_LABEL } from '../../shared/custody-labels.ts';
import { Empty, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { AreaDayChooser, LedgerHead, type DocumentFormat } from './ledger.tsx';

export const custodyLedgerUrl = (areaId: number | string, day: string, format: DocumentFormat, section?: 'refusals') => `/api/areas/${areaId}/custody-ledger?date=${day}&format=${format}${section ? `&section=${section}` : ''}`;

/** Times on the ledger's own day as hh:mm; a movement on another day with its date. */
function at(iso: string | null, day: string): string {
  if (!iso) return '';
  return localDay(new Date(iso)) === day ? time(iso) : dateTime(iso);
}

/** The daily 持込・持出管理簿 of one area (item 7, C10): on screen, print page, CSV, passkey sign-off. */
export function CustodyLedgerPage() {
  return (
    <main>
      <PageTitle title={{ ja: '持込・持出管理簿', en: 'Daily carry-in/out ledger' }} />
      <AreaDayChooser idPrefix="custody-ledger">{(areaId, day) => <Ledger key={`${areaId}-${day}`} areaId={areaId} day={day} />}</AreaDayChooser>
    </main>
  );
}

function Ledger({ areaId, day }: { areaId: string; day: string }) {
  const load = useLoad(() => api<CustodyLedger>(custodyLedgerUrl(areaId, day, 'json')), [areaId, day]);
  return (
    <Loading load={load}>
      {(l) => (
        <>
          <LedgerHead ledger={l} url={(format, section) => custodyLedgerUrl(areaId, day, format, section)} signoffBase={`/api/areas/${l.area.id}/custody-ledger/${l.day}/signoff`} reload={load.reload}>
            {t({ ja: '持込 {in} 件　持出 {out} 件　拒否 {refused} 件', en: '{in} carried in, {out} carried out, {refused} refused' }, { in: l.totals.carriedIn, out: l.totals.carriedOut, refused: l.totals.refusals })}
          </LedgerHead>
          <section class="card">
            <h2>{t({ ja: '持込・持出の記録', en: 'Carry-ins and carry-outs' })}</h2>
            {l.rows.length === 0 ? <Empty>{t({ ja: 'この日の持込・持出はありません。', en: 'Nothing was carried in or out on this day.' })}</Empty> : <Rows ledger={l} />}
          </section>
          <section class="card">
            <h2>{t({ ja: '拒否の記録', en: 'Refusals' })}</h2>
            {l.refusals.length === 0 ? <Empty>{t({ ja: 'なし', en: 'None' })}</Empty> : <Refusals ledger={l} />}
          </section>
        </>
      )}
    </Loading>
  );
}

function Rows({ ledger }: { ledger: CustodyLedger }) {
  return (
    <table class="list ledger" aria-label={t({ ja: '持込・持出の記録', en: 'Carry-ins and carry-outs' })}>
      <thead>
        <tr>
          <th>No.</th>
          <th>{t({ ja: '管理番号', en: 'Asset number' })}</th>
          <th>{t({ ja: '種別・所有', en: 'Kind, owner' })}</th>
          <th>{t({ ja: '搬送者', en: 'Carrier' })}</th>
          <th>{t({ ja: '持込', en: 'In' })}</th>
          <th>{t({ ja: '持出', en: 'Out' })}</th>
          <th>{t({ ja: '承認者', en: 'Approvers' })}</th>
          <th>{t({ ja: '責任者', en: 'Responsible' })}</th>
          <th>{t({ ja: '甲の許可', en: "City's permission" })}</th>
          <th>{t({ ja: '備考（持出先・返却予定など）', en: 'Remarks (destination, return…)' })}</th>
        </tr>
      </thead>
      <tbody>
        {ledger.rows.map((r, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            <td class="asset-number">
              {r.assetNumber}
              {r.classification !== 'none' && (
                <div>
                  <Tag kind="secure">{label(CLASSIFICATION_LABEL, r.classification)}</Tag>
                </div>
              )}
            </td>
            <td>
              {label(KIND_LABEL, r.kind)}
              <div class="muted small">{label(OWNER_LABEL, r.ownerType)}</div>
            </td>
            <td>{r.carriers.join('、')}</td>
            <td class="nowrap">{at(r.carriedInAt, ledger.day) || '—'}</td>
            <td class="nowrap">{at(r.carriedOutAt, ledger.day) || '—'}</td>
            <td>
              {r.approvers.map((a, n) => (
                <div key={n}>
                  {a.name}
                  {a.onTheSpot && <Tag kind="flag">{t({ ja: 'その場承認', en: 'On the spot' })}</Tag>}
                </div>
              ))}
            </td>
            <td>{r.responsibles.join('、')}</td>
            <td>{r.cityPermissions.join('、')}</td>
            <td>
              {r.roundTrip && <Tag kind="flag">{t(ROUND_TRIP_LABEL)}</Tag>}
              {r.keyedIn?.map((k, n) => (
                <div key={n} class="small">
                  {t(KEYED_IN_LABEL, { direction: label(MOVEMENT_DIRECTION_LABEL, k.direction), who: k.confirmedBy })}
                </div>
              ))}
              {r.destination}
              {r.expectedReturnAt && <div class="small">{t({ ja: '返却予定 {at}', en: 'Return by {at}' }, { at: dateTime(r.expectedReturnAt) })}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Refusals({ ledger }: { ledger: CustodyLedger }) {
  return (
    <table class="list" aria-label={t({ ja: '拒否の記録', en: 'Refusals' })}>
      <thead>
        <tr>
          <th>{t({ ja: '日時', en: 'Time' })}</th>
          <th>{t({ ja: '氏名', en: 'Name' })}</th>
          <th>{t({ ja: '持込・持出', en: 'Direction' })}</th>
          <th>{t({ ja: '管理番号（読取値）', en: 'Asset (as scanned)' })}</th>
          <th>{t({ ja: '拒否理由', en: 'Reason' })}</th>
        </tr>
      </thead>
      <tbody>
        {ledger.refusals.map((r) => (
          <tr key={r.movementId}>
            <td class="nowrap">{at(r.at, ledger.day)}</td>
            <td>{r.name}</td>
            <td>{label(MOVEMENT_DIRECTION_LABEL, r.direction)}</td>
            <td>
              {r.assetNumber ?? <code>{r.scannedCode}</code>}
              {r.keyedIn && <div class="small">{t({ ja: '手入力', en: 'Keyed in' })}</div>}
            </td>
            <td>{label(MOVEMENT_REFUSAL_LABEL, r.reason)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
