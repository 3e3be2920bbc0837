import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole, session } from '../session.ts';
import { route } from '../router.ts';
import { dateTime, localDateTimeToIso } from '../format.ts';
import { label } from '../messages.ts';
import { DISPOSAL_METHOD_LABEL, DISPOSAL_STATUS_LABEL } from '../compliance-messages.ts';
import type { Disposal } from '../compliance-types.ts';
import { Banner, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';
import { personOptions, PrintLink } from './compliance-parts.tsx';
import { DecisionOutOfReach } from '../ui/disabled-action.tsx';
import { CityDecision, mayTranscribe, PaperPermissionForm, PaperReview, SideBySide } from './city-parts.tsx';

export const certificateUrl = (id: number) => `/api/disposal/requests/${id}/certificate`;

/** One disposal request: its items, the decision (D1, E1), the execution record (D2) and the 廃棄証明書 (D3). */
export function DisposalPage({ id }: { id: number }) {
  const loc = useSignal(route);
  const load = useLoad(() => api<ApiJson<'/api/disposal/requests/:id'>>(`/api/disposal/requests/${id}`), [id]);
  return (
    <main>
      <PageTitle title={{ ja: '廃棄申請', en: 'Disposal request' }}>
        <Link href="/console/disposal">{t({ ja: '廃棄申請の一覧へ', en: 'All disposal requests' })}</Link>
      </PageTitle>
      {loc.query.get('created') && <Banner kind="ok">{t({ ja: '申請しました。別の業務責任者の承認を待っています。', en: 'Submitted. Another supervisor approves it.' })}</Banner>}
      <Loading load={load}>
        {(d) => (
          <>
            <RequestCard d={d} />
            {d.status === 'submitted' && !d.contractorApproved && !hasRole('city') && <Decide d={d} onDone={load.reload} />}
            <CityPart d={d} onDone={load.reload} />
            {d.status === 'approved' && hasRole('admin', 'supervisor') && <RecordExecution d={d} onDone={load.reload} />}
            {d.record && <RecordCard d={d} />}
          </>
        )}
      </Loading>
    </main>
  );
}

function RequestCard({ d }: { d: Disposal }) {
  return (
    <section class="card">
      <h2>
        No.{d.id} <Tag kind={d.status === 'executed' ? 'active' : d.status === 'rejected' ? 'revoked' : 'flag'}>{label(DISPOSAL_STATUS_LABEL, d.status)}</Tag>
      </h2>
      <dl class="facts">
        <dt>{t({ ja: '廃棄方法', en: 'Method' })}</dt>
        <dd>{label(DISPOSAL_METHOD_LABEL, d.method)}</dd>
        <dt>{t({ ja: '廃棄予定日', en: 'Planned date' })}</dt>
        <dd>{d.plannedDate}</dd>
        <dt>{t({ ja: '廃棄業者', en: 'Vendor' })}</dt>
        <dd>{d.vendor}</dd>
        <dt>{t({ ja: '拠点', en: 'Site' })}</dt>
        <dd>{d.site?.name ?? '—'}</dd>
        <dt>{t({ ja: '責任者', en: 'Responsible person' })}</dt>
        <dd>{d.responsible?.name ?? '—'}</dd>
        <dt>{t({ ja: '申請者', en: 'Requested by' })}</dt>
        <dd>
          {d.requesterName}（{dateTime(d.createdAt)}）
        </dd>
        {d.reason && (
          <>
            <dt>{t({ ja: '理由', en: 'Reason' })}</dt>
            <dd>{d.reason}</dd>
          </>
        )}
        {d.decidedByName && (
          <>
            <dt>{d.status === 'rejected' ? t({ ja: '却下した人', en: 'Rejected by' }) : t({ ja: '承認者', en: 'Approved by' })}</dt>
            <dd>
              {d.decidedByName}（{dateTime(d.decidedAt)}）{d.rejectReason && `：${d.rejectReason}`}
            </dd>
          </>
        )}
      </dl>
      <table class="list" aria-label={t({ ja: '廃棄する品目', en: 'Items to dispose of' })}>
        <thead>
          <tr>
            <th>No.</th>
            <th>{t({ ja: '媒体名', en: 'Media' })}</th>
            <th>{t({ ja: '管理番号', en: 'Asset number' })}</th>
            <th>{t({ ja: '数量', en: 'Quantity' })}</th>
            <th>{t({ ja: 'シリアル番号', en: 'Serial numbers' })}</th>
          </tr>
        </thead>
        <tbody>
          {d.items.map((i, n) => (
            <tr key={i.id}>
              <td>{n + 1}</td>
              <td>{i.mediaName}</td>
              <td>{i.assetNumber ?? '—'}</td>
              <td>{i.quantity}</td>
              <td>{i.serialNumbers || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <SideBySide
        contractor={<p>{d.contractorApproved ? t({ ja: '承認済み：{name}', en: 'Approved by {name}' }, { name: d.decidedByName ?? '' }) : d.status === 'rejected' ? t({ ja: '却下', en: 'Rejected' }) : t({ ja: '承認待ち', en: 'Awaiting approval' })}</p>}
        city={d.city}
      />
    </section>
  );
}

/** 甲's decision, the paper permission form for staff, and 甲's review of a paper permission (F1). */
function CityPart({ d, onDone }: { d: Disposal; onDone: () => void }) {
  const awaiting = d.status === 'submitted' && d.city.state === 'awaiting';
  const paper = d.city.permissions.find((p) => p.channel === 'paper' && p.review === null && p.counts);
  return (
    <>
      {awaiting && hasRole('city') && (
        <section class="card">
          <h2>{t({ ja: '市（甲）として判断する', en: 'Decide as the city' })}</h2>
          <CityDecision path="disposal-requests" id={d.id} onDone={onDone} />
        </section>
      )}
      {awaiting && mayTranscribe() && <PaperPermissionForm path="disposal-requests" id={d.id} onDone={onDone} />}
      {paper && hasRole('city') && (
        <section class="card">
          <h2>{t({ ja: '書面による許可の確認', en: 'Confirm the paper permission' })}</h2>
          <PaperReview p={paper} onDone={onDone} />
        </section>
      )}
    </>
  );
}

/** A supervisor other than the requester approves or rejects; the requester is told to ask someone else. */
function Decide({ d, onDone }: { d: Disposal; onDone: () => void }) {
  const me = useSignal(session);
  const mine = me?.person.id === d.requesterId;
  const approve = useForm({ note: '' }, { onSubmit: (v) => api(`/api/disposal/requests/${d.id}/approve`, { body: v }).then(onDone) });
  const reject = useForm({ reason: '' }, { validate: (v) => requireFields(v, ['reason']), onSubmit: (v) => api(`/api/disposal/requests/${d.id}/reject`, { body: v }).then(onDone) });
  const supervisor = hasRole('supervisor');
  if (mine && !supervisor) return <Banner kind="info">{t({ ja: '業務責任者の承認を待っています。', en: 'Awaiting a supervisor’s approval.' })}</Banner>;
  if (mine) return <Banner kind="info">{t({ ja: '自分の申請は承認できません。別の業務責任者に依頼してください。', en: 'You cannot decide your own request: ask another supervisor.' })}</Banner>;
  if (!supervisor) {
    return (
      <DecisionOutOfReach approvers={['supervisor']}>
        <Banner kind="info">{t({ ja: '業務責任者の承認を待っています。', en: 'Awaiting a supervisor’s approval.' })}</Banner>
      </DecisionOutOfReach>
    );
  }
  return (
    <section class="card">
      <h2>{t({ ja: '承認', en: 'Decision' })}</h2>
      <div class="row">
        <form id={approve.id} onSubmit={approve.onSubmit} noValidate aria-label={t({ ja: '承認', en: 'Approve' })}>
          <TextField form={approve} name="note" label={{ ja: '承認のメモ（任意）', en: 'Note (optional)' }} />
          <FormProblem form={approve} />
          <div class="buttons">
            <Submit form={approve} label={{ ja: '承認する', en: 'Approve' }} />
          </div>
        </form>
        <form id={reject.id} onSubmit={reject.onSubmit} noValidate aria-label={t({ ja: '却下', en: 'Reject' })}>
          <TextField form={reject} name="reason" label={{ ja: '却下の理由', en: 'Reason for rejecting' }} required />
          <FormProblem form={reject} />
          <div class="buttons">
            <Submit form={reject} kind="danger" label={{ ja: '却下する', en: 'Reject' }} />
          </div>
        </form>
      </div>
    </section>
  );
}

function RecordExecution({ d, onDone }: { d: Disposal; onDone: () => void }) {
  const people = useLoad(() => api<ApiJson<'/api/people'>>('/api/people?status=active'), []);
  const serials = d.items.map((i) => i.serialNumbers).filter(Boolean).join(', ');
  const form = useForm(
    { executedAt: '', vendor: d.vendor, responsiblePersonId: '', executorName: '', serialNumbers: serials, witnessPersonId: '', certificateNumber: '' },
    {
      validate: (v) => requireFields(v, ['executedAt', 'vendor', 'responsiblePersonId', 'executorName', 'witnessPersonId', 'certificateNumber']),
      onSubmit: async (v) => {
        const body = { ...v, executedAt: localDateTimeToIso(v.executedAt), responsiblePersonId: Number(v.responsiblePersonId), witnessPersonId: Number(v.witnessPersonId) };
        await api(`/api/disposal/requests/${d.id}/execution`, { body });
        onDone();
      },
    },
  );
  return (
    <Loading load={people}>
      {(p) => (
        <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '廃棄の実施記録', en: 'Disposal record' })}>
          <h2>{t({ ja: '廃棄の実施を記録', en: 'Record the disposal' })}</h2>
          <p class="muted">{t({ ja: '方法は承認された「{method}」で記録されます。別の方法で行う場合は新しい申請が必要です。', en: 'Recorded with the approved method, {method}; another method needs a new request.' }, { method: label(DISPOSAL_METHOD_LABEL, d.method) })}</p>
          <div class="row">
            <TextField form={form} name="executedAt" type="datetime-local" label={{ ja: '廃棄日時', en: 'Done at' }} required />
            <TextField form={form} name="vendor" label={{ ja: '作業事業者', en: 'Vendor' }} required />
            <TextField form={form} name="certificateNumber" label={{ ja: '事業者の証明書番号', en: 'Vendor’s certificate number' }} required />
          </div>
          <div class="row">
            <SelectField form={form} name="responsiblePersonId" label={{ ja: '作業責任者', en: 'Responsible person' }} required options={personOptions(p.people)} />
            <TextField form={form} name="executorName" label={{ ja: '作業者（実施した人）', en: 'Carried out by' }} hint={{ ja: '業者の作業員など。氏名で記録します', en: 'Often the vendor’s worker: recorded by name' }} required />
            <SelectField form={form} name="witnessPersonId" label={{ ja: '立会人', en: 'Witness' }} hint={{ ja: '作業責任者・作業者以外の人', en: 'Someone other than the responsible person and the one who did it' }} required options={personOptions(p.people)} />
          </div>
          <TextField form={form} name="serialNumbers" label={{ ja: 'シリアル番号', en: 'Serial numbers' }} multiline rows={2} />
          <FormProblem form={form} />
          <div class="buttons">
            <Submit form={form} label={{ ja: '廃棄を記録する', en: 'Record the disposal' }} />
          </div>
        </form>
      )}
    </Loading>
  );
}

function RecordCard({ d }: { d: Disposal }) {
  const r = d.record!;
  return (
    <section class="card" aria-labelledby="disposal-record-title">
      <div class="page-title">
        <h2 id="disposal-record-title">{t({ ja: '廃棄の実施記録', en: 'Disposal record' })}</h2>
        {hasRole('admin', 'supervisor', 'auditor') && <PrintLink href={certificateUrl(d.id)}>{t({ ja: '廃棄証明書を印刷', en: 'Print the certificate' })}</PrintLink>}
      </div>
      <dl class="facts">
        <dt>{t({ ja: '廃棄日時', en: 'Done at' })}</dt>
        <dd>{dateTime(r.executedAt)}</dd>
        <dt>{t({ ja: '作業事業者', en: 'Vendor' })}</dt>
        <dd>
          {r.vendor}（{t({ ja: '証明書番号', en: 'certificate' })} {r.certificateNumber}）
        </dd>
        <dt>{t({ ja: '作業責任者', en: 'Responsible' })}</dt>
        <dd>{r.responsiblePersonName}</dd>
        <dt>{t({ ja: '作業者', en: 'Carried out by' })}</dt>
        <dd>{r.executorName}</dd>
        <dt>{t({ ja: '立会人', en: 'Witness' })}</dt>
        <dd>{r.witnessName}</dd>
        <dt>{t({ ja: 'シリアル番号', en: 'Serial numbers' })}</dt>
        <dd>{r.serialNumbers || '—'}</dd>
        <dt>{t({ ja: '記録のハッシュ', en: 'Journal hash' })}</dt>
        <dd>
          {r.journal ? (
            <>
              #{r.journal.seq} <code class="digest">{r.journal.hash}</code>
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>
    </section>
  );
}
