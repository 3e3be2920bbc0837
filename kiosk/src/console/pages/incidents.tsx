import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { navigate, route } from '../router.ts';
import { dateTime, localDateTime, localDateTimeToIso } from '../format.ts';
import { label } from '../messages.ts';
import { DEADLINE_STATE_LABEL, INCIDENT_KIND_LABEL, INCIDENT_STATUS_LABEL, STAGE_LABEL } from '../compliance-messages.ts';
import { INCIDENT_KINDS, type Incident } from '../compliance-types.ts';
import { Link, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { ListView } from '../ui/list.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';
import { codeOptions, QueryFilter } from './compliance-parts.tsx';

/** The next deadline not yet reported, or the first overdue one: what the list shows first. */
export function nextDeadline(i: Incident) {
  return i.deadlines.find((d) => d.state === 'overdue') ?? i.deadlines.find((d) => d.state === 'pending') ?? null;
}

/** Security incidents (E4): every one with its deadlines and which are overdue; staff open new ones. */
export function IncidentsPage() {
  const loc = useSignal(route);
  const filter = loc.query.get('show') ?? 'open';
  const query = filter === 'overdue' ? '?status=open&overdue=true' : filter === 'open' ? '?status=open' : filter === 'closed' ? '?status=closed' : '';
  const list = useLoad(() => api<ApiJson<'/api/incidents'>>(`/api/incidents${query}`), [query]);
  return (
    <main>
      <PageTitle title={{ ja: 'インシデント', en: 'Incidents' }} />
      {hasRole('admin', 'supervisor', 'guard') && <NewIncident />}
      <section class="card">
        <div class="page-title">
          <h2>{t({ ja: 'インシデントの一覧', en: 'Incidents' })}</h2>
          <QueryFilter
            id="incident-filter"
            name={{ ja: '表示', en: 'Show' }}
            param="show"
            value={filter}
            options={[
              { value: 'open', label: t({ ja: '対応中', en: 'Open' }) },
              { value: 'overdue', label: t({ ja: '期限超過のもの', en: 'Overdue' }) },
              { value: 'closed', label: t({ ja: '終結したもの', en: 'Closed' }) },
              { value: 'all', label: t({ ja: 'すべて', en: 'All' }) },
            ]}
          />
        </div>
        <ListView
          load={list}
          rows={(d) => d.incidents}
          empty={{ ja: '該当するインシデントはありません。', en: 'No incidents.' }}
          label={{ ja: 'インシデント', en: 'Incidents' }}
          rowKey={(i) => i.id}
          rowClass={(i) => (i.overdue ? 'overdue' : undefined)}
          columns={[
            { head: 'No.', cell: (i) => <Link href={`/console/incidents/${i.id}`}>No.{i.id}</Link> },
            {
              head: { ja: '件名・種別', en: 'Title, kind' },
              cell: (i) => (
                <>
                  <Link href={`/console/incidents/${i.id}`}>{i.title}</Link>
                  <div class="muted small">{label(INCIDENT_KIND_LABEL, i.kind)}</div>
                </>
              ),
            },
            { head: { ja: '発見日時', en: 'Discovered' }, class: 'nowrap', cell: (i) => dateTime(i.discoveredAt) },
            {
              head: { ja: '次の期限', en: 'Next deadline' },
              cell: (i) => {
                const next = nextDeadline(i);
                return next ? (
                  <>
                    {label(STAGE_LABEL, next.stage)}
                    <div class="nowrap small">{dateTime(next.dueAt)}</div>
                  </>
                ) : (
                  '—'
                );
              },
            },
            {
              head: { ja: '状態', en: 'Status' },
              cell: (i) => (
                <>
                  <Tag kind={i.status === 'open' ? 'flag' : 'revoked'}>{label(INCIDENT_STATUS_LABEL, i.status)}</Tag>
                  {i.overdue && <Tag kind="overdue">{label(DEADLINE_STATE_LABEL, 'overdue')}</Tag>}
                </>
              ),
            },
          ]}
        />
      </section>
    </main>
  );
}

function NewIncident() {
  const form = useForm(
    { kind: '', title: '', discoveredAt: localDateTime(), whatLost: '', quantity: '', location: '', circumstances: '' },
    {
      validate: (v) => requireFields(v, ['kind', 'title', 'discoveredAt']),
      onSubmit: async (v) => {
        const body = { ...v, discoveredAt: localDateTimeToIso(v.discoveredAt), quantity: v.quantity.trim() ? Number(v.quantity) : null };
        const created = await api<ApiJson<'/api/incidents', '$post'>>('/api/incidents', { body });
        navigate(`/console/incidents/${created.id}`);
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: 'インシデントの記録', en: 'Report an incident' })}>
      <h2>{t({ ja: 'インシデントを記録', en: 'Report an incident' })}</h2>
      <p class="muted small">{t({ ja: '期限は発見日時から数えます：第一報1時間、詳細8時間、是正処置案24時間、是正措置48時間。', en: 'Deadlines count from discovery: first report 1 h, details 8 h, corrective plan 24 h, corrective action 48 h.' })}</p>
      <div class="row">
        <SelectField form={form} name="kind" label={{ ja: '種別', en: 'Kind' }} required options={codeOptions(INCIDENT_KIND_LABEL, INCIDENT_KINDS)} />
        <TextField form={form} name="title" label={{ ja: '件名', en: 'Title' }} required />
        <TextField form={form} name="discoveredAt" type="datetime-local" label={{ ja: '発見日時', en: 'Discovered at' }} required />
      </div>
      <div class="row">
        <TextField form={form} name="whatLost" label={{ ja: '紛失・漏えいしたもの', en: 'What was lost' }} />
        <TextField form={form} name="quantity" type="number" label={{ ja: '数量', en: 'How many' }} />
        <TextField form={form} name="location" label={{ ja: '場所', en: 'Where' }} />
      </div>
      <TextField form={form} name="circumstances" label={{ ja: '状況（どのように起きたか）', en: 'How it happened' }} multiline />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '記録する', en: 'Report' }} />
      </div>
    </form>
  );
}
