import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole, session, type Role } from '../session.ts';
import { route } from '../router.ts';
import { date, dateTime } from '../format.ts';
import { label } from '../messages.ts';
import type { RequestView } from '../custody/types.ts';
import { CLASSIFICATION_LABEL, KIND_LABEL, REQUEST_KIND_LABEL, REQUEST_STATUS_LABEL, ROUND_TRIP_LABEL, SCAN_RESULT_LABEL } from '../../shared/custody-labels.ts';
import { Banner, ErrorBanner, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { DecisionOutOfReach } from '../ui/disabled-action.tsx';
import { CityDecision, mayTranscribe, PaperPermissionForm, PaperReview, SideBySide } from './city-parts.tsx';

/** One request: what, where, when, which approvals; the requester submits a draft, an approver decides. */
export function RequestPage({ id }: { id: number }) {
  const load = useLoad(() => api<ApiJson<'/api/custody/requests/:id'>>(`/api/custody/requests/${id}`), [id]);
  const loc = useSignal(route);
  return (
    <main>
      <PageTitle title={{ ja: `持込・持出申請 ${id}`, en: `Request ${id}` }}>
        <Link href="/console/requests">{t({ ja: '申請一覧に戻る', en: 'Back to requests' })}</Link>
      </PageTitle>
      <Loading load={load}>
        {(r) => (
          <>
            {loc.query.get('created') && r.status === 'submitted' && <Banner kind="ok">{t({ ja: '申請 {n} を提出しました。承認を待っています。', en: 'Request {n} submitted; it awaits approval.' }, { n: r.id })}</Banner>}
            {loc.query.get('edited') && <Banner kind="ok">{t({ ja: '申請 {n} の変更を保存しました。', en: 'The changes to request {n} are saved.' }, { n: r.id })}</Banner>}
            <Summary r={r} />
            <Actions r={r} onChanged={load.reload} />
          </>
        )}
      </Loading>
    </main>
  );
}

function Summary({ r }: { r: RequestView }) {
  const p = r.protection;
  return (
    <section class="card" aria-label={t({ ja: '申請の内容', en: 'Request' })}>
      <h2>
        {t({ ja: '申請 {n}', en: 'Request {n}' }, { n: r.id })}（{r.roundTrip ? t(ROUND_TRIP_LABEL) : label(REQUEST_KIND_LABEL, r.kind)}） <Tag kind={r.status}>{label(REQUEST_STATUS_LABEL, r.status)}</Tag>
      </h2>
      <dl class="facts">
        <dt>{t({ ja: '申請者', en: 'Requester' })}</dt>
        <dd>{r.requester.name}</dd>
        <dt>{t({ ja: '搬送者', en: 'Carrier' })}</dt>
        <dd>{r.carrier.name}</dd>
        <dt>{t({ ja: '責任者', en: 'Responsible person' })}</dt>
        <dd>{r.responsible?.name ?? '—'}</dd>
        <dt>{t({ ja: '区域', en: 'Area' })}</dt>
        <dd>{r.area.name}</dd>
        <dt>{t({ ja: '目的', en: 'Purpose' })}</dt>
        <dd>{r.purpose}</dd>
        <dt>{t({ ja: '予定期間', en: 'Window' })}</dt>
        <dd>
          {dateTime(r.windowFrom)} – {dateTime(r.windowTo)}
        </dd>
        {r.roundTrip && (
          <>
            <dt>{t(ROUND_TRIP_LABEL)}</dt>
            <dd>
              {t({
                ja: 'この承認で、入室時の持込と、予定期間の終了（{to}）までの退室時の持出の両方ができます。',
                en: 'This approval covers the carry-in and the carry-out at exit until the window ends ({to}).',
              }, { to: dateTime(r.windowTo) })}
            </dd>
          </>
        )}
        {r.kind === 'carry_out' && (
          <>
            <dt>{t({ ja: '持出先', en: 'Destination' })}</dt>
            <dd>{r.destination}</dd>
            <dt>{t({ ja: '返却予定', en: 'Expected return' })}</dt>
            <dd>{r.expectedReturnAt ? dateTime(r.expectedReturnAt) : '—'}</dd>
          </>
        )}
        <dt>{t({ ja: '運搬時の保護', en: 'Protection' })}</dt>
        <dd>
          {p ? [p.encryption && t({ ja: '暗号化', en: 'Encrypted' }), p.lockedCase && t({ ja: '施錠ケース', en: 'Locked case' }), p.note].filter(Boolean).join('、') || '—' : '—'}
        </dd>
        {r.repair && (
          <>
            <dt>{t({ ja: '修理', en: 'Repair' })}</dt>
            <dd>{[r.repair.erasure, r.repair.ndaReference && `NDA ${r.repair.ndaReference}`].filter(Boolean).join(' / ')}</dd>
          </>
        )}
        {r.rejectReason && (
          <>
            <dt>{t({ ja: '却下の理由', en: 'Reason for rejection' })}</dt>
            <dd>{r.rejectReason}</dd>
          </>
        )}
      </dl>
      <table class="list" aria-label={t({ ja: '申請の資産', en: 'Assets on the request' })}>
        <thead>
          <tr>
            <th>{t({ ja: '管理番号', en: 'Asset number' })}</th>
            <th>{t({ ja: '種別', en: 'Kind' })}</th>
            <th>{t({ ja: '情報区分', en: 'Classification' })}</th>
            <th>{t({ ja: 'ウイルスチェック', en: 'Virus scan' })}</th>
            <th>{t({ ja: '移動', en: 'Moved' })}</th>
          </tr>
        </thead>
        <tbody>
          {r.items.map((i) => (
            <tr key={i.assetId}>
              <td class="asset-number">{hasRole('admin', 'guard', 'supervisor', 'auditor') ? <Link href={`/console/assets/${i.assetId}`}>{i.assetNumber}</Link> : i.assetNumber}</td>
              <td>{label(KIND_LABEL, i.kind)}</td>
              <td>{i.classification === 'none' ? '' : label(CLASSIFICATION_LABEL, i.classification)}</td>
              <td>
                {i.scan
                  ? `${label(SCAN_RESULT_LABEL, i.scan.result)}（${date(i.scan.date)}、${i.scan.tool}、${t({ ja: '定義', en: 'defs' })} ${i.scan.definitionsDate}）`
                  : i.hasStorage
                    ? t({ ja: '記録なし', en: 'None' })
                    : t({ ja: '不要', en: 'Not needed' })}
              </td>
              <td>
                {!i.moved
                  ? '—'
                  : !r.roundTrip
                    ? t({ ja: '済み', en: 'Yes' })
                    : i.returnMovementId !== null
                      ? t({ ja: '持込・持出 済み', en: 'In and out' })
                      : t({ ja: '持込済み（持出前）', en: 'In (not yet out)' })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SideBySide contractor={<ContractorApprovals r={r} />} city={r.city} />
    </section>
  );
}

/** The contractor's approvals (E1): who approved or rejected, against how many are needed. */
function ContractorApprovals({ r }: { r: RequestView }) {
  return (
    <>
      <p>
        {t({ ja: '承認', en: 'Approvals' })}（{r.approvalsGiven}/{r.approvalsNeeded}）
      </p>
      {r.approvalsNeeded > 1 && <p class="muted small">{t({ ja: '重要情報を含むため、異なる2人の承認が必要です。', en: 'It holds important information: two different approvers are needed.' })}</p>}
      {r.approvals.length === 0 ? (
        <p class="muted">{t({ ja: 'まだありません。', en: 'None yet.' })}</p>
      ) : (
        <ul>
          {r.approvals.map((a, n) => (
            <li key={n}>
              {a.decision === 'approved' ? t({ ja: '承認', en: 'Approved' }) : t({ ja: '却下', en: 'Rejected' })}：{a.approverName}（{dateTime(a.at)}）
              {a.onTheSpot && <Tag kind="flag">{t({ ja: 'その場承認', en: 'On the spot' })}</Tag>}
              {a.reason && ` — ${a.reason}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Actions({ r, onChanged }: { r: RequestView; onChanged: () => void }) {
  const me = useSignal(session)!;
  const own = r.requester.id === me.person.id;
  const involved = own || r.carrier.id === me.person.id;
  const decided = r.approvals.some((a) => a.approverId === me.person.id);
  // Carry-out leaves the premises, so only a supervisor decides it; a guard may decide carry-in.
  const approvers: Role[] = r.kind === 'carry_out' ? ['supervisor'] : ['guard', 'supervisor'];
  const open = r.status === 'submitted' && !involved && !decided && r.approvalsGiven < r.approvalsNeeded;
  const awaitingCity = r.status === 'submitted' && r.city.state === 'awaiting';
  const unreviewedPaper = r.city.permissions.find((p) => p.channel === 'paper' && p.review === null && p.counts);
  const mayDecide = open && hasRole(...approvers);
  const submit = useRequestAction(r.id, 'submit', onChanged);
  return (
    <>
      {own && (r.status === 'draft' || r.status === 'submitted') && <Mend r={r} onChanged={onChanged} />}
      {own && r.status === 'draft' && (
        <section class="card">
          <Banner kind="warn">{t({ ja: 'この申請は下書きです。まだ提出されていません。', en: 'This request is a draft: it has not been submitted.' })}</Banner>
          <div class="buttons">
            <button type="button" class="primary" onClick={() => void submit.run()} disabled={submit.busy}>
              {t({ ja: '提出する', en: 'Submit' })}
            </button>
          </div>
          <ErrorBanner error={submit.error} />
        </section>
      )}
      {r.status === 'submitted' && involved && <p class="muted">{t({ ja: '自分が申請者・搬送者の申請は承認できません。', en: 'You cannot decide a request you made or carry.' })}</p>}
      {mayDecide && <Decide r={r} onDone={onChanged} />}
      {open && !mayDecide && <DecisionOutOfReach approvers={approvers} />}
      {awaitingCity && hasRole('city') && (
        <section class="card">
          <h2>{t({ ja: '市（甲）として判断する', en: 'Decide as the city' })}</h2>
          <CityDecision path="custody-requests" id={r.id} onDone={onChanged} />
        </section>
      )}
      {awaitingCity && mayTranscribe() && !involved && <PaperPermissionForm path="custody-requests" id={r.id} onDone={onChanged} />}
      {unreviewedPaper && hasRole('city') && (
        <section class="card">
          <h2>{t({ ja: '書面による許可の確認', en: 'Confirm the paper permission' })}</h2>
          <PaperReview p={unreviewedPaper} onDone={onChanged} />
        </section>
      )}
    </>
  );
}

/**
 * The requester edits or withdraws a request before it is decided. Editing stops at the first approval
 * (the approver approved what they read); withdrawing asks once more, as it cannot be undone.
 */
function Mend({ r, onChanged }: { r: RequestView; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const withdraw = useRequestAction(r.id, 'withdraw', onChanged);
  return (
    <section class="card" aria-label={t({ ja: '申請の変更・取り下げ', en: 'Change or withdraw the request' })}>
      <div class="buttons">
        {r.approvalsGiven === 0 && (
          <Link href={`/console/requests/${r.id}/edit`} class="button">
            {t({ ja: '編集', en: 'Edit' })}
          </Link>
        )}
        {!confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {t({ ja: '取り下げ', en: 'Withdraw' })}
          </button>
        )}
      </div>
      {confirming && (
        <div role="group" aria-label={t({ ja: '取り下げの確認', en: 'Confirm withdrawal' })}>
          <p>{t({ ja: '申請 {n} を取り下げますか。取り下げた申請は元に戻せません。', en: 'Withdraw request {n}? A withdrawn request cannot be reopened.' }, { n: r.id })}</p>
          <div class="buttons">
            <button type="button" class="danger" onClick={() => void withdraw.run()} disabled={withdraw.busy}>
              {t({ ja: '取り下げる', en: 'Withdraw it' })}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={withdraw.busy}>
              {t({ ja: 'やめる', en: 'Cancel' })}
            </button>
          </div>
        </div>
      )}
      <ErrorBanner error={withdraw.error} />
    </section>
  );
}

/** A bodyless POST on the request (submit, withdraw), its error kept to show and the buttons held while it runs. */
function useRequestAction(id: number, verb: 'submit' | 'withdraw', onDone: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/custody/requests/${id}/${verb}`, { method: 'POST' });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** Approve (with an optional note) or reject (with a reason); the server's refusal is shown as it says it. */
function Decide({ r, onDone }: { r: RequestView; onDone: () => void }) {
  const approve = useForm(
    { note: '' },
    {
      onSubmit: async (v) => {
        await api(`/api/custody/requests/${r.id}/approve`, { body: v });
        onDone();
      },
    },
  );
  const reject = useForm(
    { reason: '' },
    {
      validate: (v) => requireFields(v, ['reason']),
      onSubmit: async (v) => {
        await api(`/api/custody/requests/${r.id}/reject`, { body: v });
        onDone();
      },
    },
  );
  return (
    <section class="card row">
      <form id={approve.id} onSubmit={approve.onSubmit} noValidate aria-label={t({ ja: '承認', en: 'Approve' })}>
        <h2>{t({ ja: '承認する', en: 'Approve' })}</h2>
        <TextField form={approve} name="note" label={{ ja: '承認の備考（任意）', en: 'Note (optional)' }} />
        <FormProblem form={approve} />
        <div class="buttons">
          <Submit form={approve} label={{ ja: '承認', en: 'Approve' }} />
        </div>
      </form>
      <form id={reject.id} onSubmit={reject.onSubmit} noValidate aria-label={t({ ja: '却下', en: 'Reject' })}>
        <h2>{t({ ja: '却下する', en: 'Reject' })}</h2>
        <TextField form={reject} name="reason" label={{ ja: '却下の理由', en: 'Reason' }} required />
        <FormProblem form={reject} />
        <div class="buttons">
          <Submit form={reject} label={{ ja: '却下', en: 'Reject' }} kind="danger" />
        </div>
      </form>
    </section>
  );
}
