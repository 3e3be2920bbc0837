import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import { label } from '../messages.ts';
import { DEADLINE_STATE_LABEL, INCIDENT_KIND_LABEL, INCIDENT_STATUS_LABEL, STAGE_LABEL } from '../compliance-messages.ts';
import { INCIDENT_STAGES, type Incident } from '../compliance-types.ts';
import { Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';
import { codeOptions, PrintLink } from './compliance-parts.tsx';

export const incidentReportUrl = (id: number) => `/api/incidents/${id}/report`;

const STATE_TAG: Record<string, string> = { met: 'active', late: 'flag', overdue: 'overdue', pending: '' };

/** One incident (E4): what happened, each deadline and its state, the status history, the next report, print. */
export function IncidentPage({ id }: { id: number }) {
  const load = useLoad(() => api<ApiJson<'/api/incidents/:id'>>(`/api/incidents/${id}`), [id]);
  return (
    <main>
      <PageTitle title={{ ja: 'インシデント', en: 'Incident' }}>
        <Link href="/console/incidents">{t({ ja: 'インシデントの一覧へ', en: 'All incidents' })}</Link>
      </PageTitle>
      <Loading load={load}>
        {(i) => (
          <>
            <section class="card">
              <div class="page-title">
                <h2>
                  No.{i.id} {i.title} <Tag kind={i.status === 'open' ? 'flag' : 'revoked'}>{label(INCIDENT_STATUS_LABEL, i.status)}</Tag>
                </h2>
                <PrintLink href={incidentReportUrl(i.id)}>{t({ ja: '報告書を印刷', en: 'Print the report' })}</PrintLink>
              </div>
              <dl class="facts">
                <dt>{t({ ja: '種別', en: 'Kind' })}</dt>
                <dd>{label(INCIDENT_KIND_LABEL, i.kind)}</dd>
                <dt>{t({ ja: '発見日時', en: 'Discovered' })}</dt>
                <dd>{dateTime(i.discoveredAt)}</dd>
                <dt>{t({ ja: '紛失したもの・数量', en: 'What was lost, how many' })}</dt>
                <dd>
                  {i.whatLost || '—'}
                  {i.quantity !== null && ` ×${i.quantity}`}
                  {i.assetNumber && `（${i.assetNumber}）`}
                  {i.badgeSerial !== null && `（${t({ ja: '名札', en: 'badge' })} No.${i.badgeSerial}）`}
                </dd>
                <dt>{t({ ja: '場所', en: 'Where' })}</dt>
                <dd>{i.location || '—'}</dd>
                <dt>{t({ ja: '状況', en: 'How it happened' })}</dt>
                <dd>{i.circumstances || '—'}</dd>
                {i.personName && (
                  <>
                    <dt>{t({ ja: '関係者', en: 'Person' })}</dt>
                    <dd>{i.personName}</dd>
                  </>
                )}
                <dt>{t({ ja: '記録した人', en: 'Opened by' })}</dt>
                <dd>{i.openedByName ?? t({ ja: 'システム（自動）', en: 'The system (automatic)' })}</dd>
              </dl>
            </section>
            <Deadlines i={i} />
            <History i={i} />
            {i.status === 'open' && hasRole('admin', 'supervisor', 'guard') && <AddUpdate key={i.history.length} i={i} onDone={load.reload} />}
            {i.status === 'open' && hasRole('admin', 'supervisor') && <CloseIncident i={i} onDone={load.reload} />}
          </>
        )}
      </Loading>
    </main>
  );
}

function Deadlines({ i }: { i: Incident }) {
  return (
    <section class="card">
      <h2>{t({ ja: '報告の期限', en: 'Deadlines' })}</h2>
      <table class="list" aria-label={t({ ja: '報告の期限', en: 'Deadlines' })}>
        <thead>
          <tr>
            <th>{t({ ja: '段階', en: 'Stage' })}</th>
            <th>{t({ ja: '期限', en: 'Due' })}</th>
            <th>{t({ ja: '報告日時', en: 'Reported' })}</th>
            <th>{t({ ja: '状態', en: 'State' })}</th>
          </tr>
        </thead>
        <tbody>
          {i.deadlines.map((d) => (
            <tr key={d.stage} class={d.state === 'overdue' ? 'overdue' : undefined}>
              <td>{label(STAGE_LABEL, d.stage)}</td>
              <td class="nowrap">{dateTime(d.dueAt)}</td>
              <td class="nowrap">{d.reportedAt ? dateTime(d.reportedAt) : '—'}</td>
              <td>
                <Tag kind={STATE_TAG[d.state]}>{label(DEADLINE_STATE_LABEL, d.state)}</Tag>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function History({ i }: { i: Incident }) {
  return (
    <section class="card">
      <h2>{t({ ja: '対応の履歴', en: 'Status history' })}</h2>
      <table class="list" aria-label={t({ ja: '対応の履歴', en: 'Status history' })}>
        <thead>
          <tr>
            <th>{t({ ja: '日時', en: 'When' })}</th>
            <th>{t({ ja: '段階', en: 'Stage' })}</th>
            <th>{t({ ja: '内容', en: 'What' })}</th>
            <th>{t({ ja: '記録した人', en: 'By' })}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td class="nowrap">{dateTime(i.discoveredAt)}</td>
            <td>{t({ ja: '発見', en: 'Discovered' })}</td>
            <td>{i.title}</td>
            <td>{i.openedByName ?? t({ ja: 'システム', en: 'System' })}</td>
          </tr>
          {i.history.map((h) => (
            <tr key={h.id}>
              <td class="nowrap">{dateTime(h.at)}</td>
              <td>{label(STAGE_LABEL, h.stage)}</td>
              <td class="pre">{h.text}</td>
              <td>{h.personName ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The next report: the first stage not yet reported is preselected (keyed by the history, it starts afresh after each). */
function AddUpdate({ i, onDone }: { i: Incident; onDone: () => void }) {
  const next = i.deadlines.find((d) => d.reportedAt === null)?.stage ?? 'note';
  const form = useForm(
    { stage: next as string, text: '' },
    {
      validate: (v) => requireFields(v, ['stage', 'text']),
      onSubmit: async (v) => {
        await api(`/api/incidents/${i.id}/updates`, { body: v });
        onDone();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '報告を記録', en: 'Record a report' })}>
      <h2>{t({ ja: '報告を記録', en: 'Record a report' })}</h2>
      <div class="row">
        <SelectField form={form} name="stage" label={{ ja: '段階', en: 'Stage' }} required options={codeOptions(STAGE_LABEL, [...INCIDENT_STAGES, 'note'])} />
      </div>
      <TextField form={form} name="text" label={{ ja: '報告の内容', en: 'Report' }} required multiline />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '報告を記録する', en: 'Record' }} />
      </div>
    </form>
  );
}

function CloseIncident({ i, onDone }: { i: Incident; onDone: () => void }) {
  const form = useForm({ note: '' }, { validate: (v) => requireFields(v, ['note']), onSubmit: (v) => api(`/api/incidents/${i.id}/close`, { body: v }).then(onDone) });
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '終結', en: 'Close' })}>
      <h2>{t({ ja: 'インシデントを終結する', en: 'Close the incident' })}</h2>
      <TextField form={form} name="note" label={{ ja: '終結の記録', en: 'Closing note' }} required multiline rows={2} />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} kind="danger" label={{ ja: '終結する', en: 'Close' }} />
      </div>
    </form>
  );
}
