import { useState } from 'preact/hooks';
import { t, type Msg } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { navigate } from '../router.ts';
import { dateTime, localDay } from '../format.ts';
import { label } from '../messages.ts';
import type { ApiJson, Area, Site } from '../types.ts';
import type { Disposal } from '../compliance-types.ts';
import { KIND_LABEL, statusTag, SUBMISSION_STATUS_LABEL, type Due, type Submission, type SubmissionKind } from '../submission-types.ts';
import { Empty, ErrorBanner, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { ListTable } from '../ui/list.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm, type Errors } from '../ui/form.tsx';
import { codeOptions } from './compliance-parts.tsx';

const maySubmit = () => hasRole('admin', 'supervisor');

/** What a due document is, in words: the kind, and which one. */
function dueWords(d: Due): { what: Msg; which: string } {
  if (d.kind === 'monthly_report') {
    const [y, m] = d.month.split('-');
    return { what: KIND_LABEL.monthly_report, which: t({ ja: '{site}　{y}年{m}月分', en: '{site}, {y}-{mm}' }, { site: d.siteName, y: y!, m: Number(m), mm: m! }) };
  }
  if (d.kind === 'disposal_record') return { what: KIND_LABEL.disposal_record, which: t({ ja: '廃棄申請 No.{id}', en: 'Disposal request No.{id}' }, { id: d.disposalRequestId }) };
  return {
    what: KIND_LABEL.roster,
    which:
      d.lastSubmissionId === null
        ? t({ ja: '{site}　まだ提出していません', en: '{site}: never submitted' }, { site: d.siteName })
        : t({ ja: '{site}　前回の提出から変更があります', en: '{site}: changed since the last submission' }, { site: d.siteName }),
  };
}

/** The body that submits a due document, as the server asks for it. */
function dueBody(d: Due, siteId: number | null): Record<string, unknown> | null {
  if (d.kind === 'monthly_report') return { kind: d.kind, siteId: d.siteId, month: d.month };
  if (d.kind === 'roster') return { kind: d.kind, siteId: d.siteId, date: d.date };
  return siteId === null ? null : { kind: d.kind, siteId, disposalRequestId: d.disposalRequestId };
}

/** One button that submits one document and then shows it. */
function SubmitButton({ body, text }: { body: Record<string, unknown> | null; text: Msg }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api<ApiJson<'/api/submissions', '$post'>>('/api/submissions', { body });
      navigate(`/console/submissions/${s.id}?submitted=1`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="primary" onClick={go} disabled={busy || !body}>
        {busy ? t({ ja: '提出中…', en: 'Submitting…' }) : t(text)}
      </button>
      <ErrorBanner error={error} />
    </>
  );
}

export function SubmissionRows({ rows, base, caption }: { rows: Submission[]; base: string; caption: Msg }) {
  if (rows.length === 0) return <Empty>{t({ ja: 'ありません。', en: 'None.' })}</Empty>;
  return (
    <ListTable
      label={caption}
      rows={rows}
      rowKey={(s) => s.id}
      columns={[
        { head: { ja: '提出番号', en: 'No.' }, cell: (s) => <Link href={`${base}/${s.id}`}>No.{s.id}</Link> },
        {
          head: { ja: '書類', en: 'Document' },
          cell: (s) => (
            <>
              <Link href={`${base}/${s.id}`}>{s.title}</Link>
              {s.status === 'returned' && s.returnComment && <div class="muted small">{t({ ja: '甲のコメント：', en: "City's comment: " })}{s.returnComment}</div>}
            </>
          ),
        },
        { head: { ja: '拠点', en: 'Site' }, cell: (s) => s.siteName },
        {
          head: { ja: '提出', en: 'Submitted' },
          cell: (s) => (
            <>
              {s.submittedByName}
              <div class="muted small nowrap">{dateTime(s.submittedAt)}</div>
            </>
          ),
        },
        { head: { ja: '状態', en: 'Status' }, cell: (s) => <Tag kind={statusTag(s.status)}>{label(SUBMISSION_STATUS_LABEL, s.status)}</Tag> },
      ]}
    />
  );
}

function DueList({ due, sites }: { due: Due[]; sites: Site[] }) {
  const [siteId, setSiteId] = useState<string>(sites.length === 1 ? String(sites[0]!.id) : '');
  if (due.length === 0) return <Empty>{t({ ja: '提出が必要な書類はありません。', en: 'Nothing is due.' })}</Empty>;
  const needsSite = due.some((d) => d.kind === 'disposal_record');
  return (
    <>
      {needsSite && maySubmit() && (
        <div class="field shrink">
          <label for="disposal-site">{t({ ja: '廃棄の記録を提出する拠点', en: 'Site to submit disposal records to' })}</label>
          <select id="disposal-site" value={siteId} onChange={(e) => setSiteId(e.currentTarget.value)}>
            <option value="">{t({ ja: '選択してください', en: 'Choose…' })}</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <table class="list" aria-label={t({ ja: '提出が必要な書類', en: 'Due documents' })}>
        <thead>
          <tr>
            <th>{t({ ja: '書類', en: 'Document' })}</th>
            <th>{t({ ja: '対象', en: 'Which' })}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {due.map((d, i) => {
            const w = dueWords(d);
            return (
              <tr key={i}>
                <td>{t(w.what)}</td>
                <td>{w.which}</td>
                <td>{maySubmit() && <SubmitButton body={dueBody(d, siteId ? Number(siteId) : null)} text={{ ja: '提出する', en: 'Submit' }} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

interface FormValues {
  kind: string;
  siteId: string;
  areaId: string;
  month: string;
  date: string;
  disposalRequestId: string;
}

const FIELDS_OF: Record<SubmissionKind, (keyof FormValues)[]> = {
  daily_ledger: ['siteId', 'areaId', 'date'],
  monthly_report: ['siteId', 'month'],
  disposal_record: ['siteId', 'disposalRequestId'],
  roster: ['siteId', 'date'],
};

function bodyOf(v: FormValues): Record<string, unknown> {
  const kind = v.kind as SubmissionKind;
  if (kind === 'daily_ledger') return { kind, areaId: Number(v.areaId), date: v.date };
  if (kind === 'monthly_report') return { kind, siteId: Number(v.siteId), month: v.month };
  if (kind === 'disposal_record') return { kind, siteId: Number(v.siteId), disposalRequestId: Number(v.disposalRequestId) };
  return { kind, siteId: Number(v.siteId), date: v.date };
}

/** Any document, chosen by hand: a day's ledger when 甲 asks for it, an earlier month, a disposal. */
function SubmitForm({ sites, areas, disposals }: { sites: Site[]; areas: Area[]; disposals: Disposal[] }) {
  const form = useForm<FormValues>(
    { kind: '', siteId: sites.length === 1 ? String(sites[0]!.id) : '', areaId: '', month: '', date: localDay(), disposalRequestId: '' },
    {
      validate: (v) => (v.kind ? requireFields(v, FIELDS_OF[v.kind as SubmissionKind]) : ({ kind: { ja: '書類を選んでください', en: 'Choose a document' } } as Errors)),
      onSubmit: async (v) => {
        const s = await api<ApiJson<'/api/submissions', '$post'>>('/api/submissions', { body: bodyOf(v) });
        navigate(`/console/submissions/${s.id}?submitted=1`);
      },
    },
  );
  const kind = form.values.kind as SubmissionKind | '';
  const shows = (f: keyof FormValues) => kind !== '' && FIELDS_OF[kind].includes(f);
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '書類を選んで提出', en: 'Submit a document' })}>
      <h2>{t({ ja: '書類を選んで提出', en: 'Submit a document' })}</h2>
      <p class="muted small">{t({ ja: '提出した時点の内容がそのまま甲に届きます。あとで記録が変わっても、提出した内容は変わりません。', en: 'The city receives the document as it stands now; later changes to the records do not change it.' })}</p>
      <div class="row">
        <SelectField form={form} name="kind" label={{ ja: '書類', en: 'Document' }} required options={codeOptions(KIND_LABEL)} />
        {shows('siteId') && <SelectField form={form} name="siteId" label={{ ja: '拠点', en: 'Site' }} required options={sites.map((s) => ({ value: String(s.id), label: s.name }))} />}
        {shows('areaId') && (
          <SelectField form={form} name="areaId" label={{ ja: '区域', en: 'Area' }} required options={areas.filter((a) => String(a.siteId) === form.values.siteId).map((a) => ({ value: String(a.id), label: a.name }))} />
        )}
        {shows('month') && <TextField form={form} name="month" type="month" label={{ ja: '対象月', en: 'Month' }} required />}
        {shows('date') && <TextField form={form} name="date" type="date" label={kind === 'roster' ? { ja: '時点（日付）', en: 'As of' } : { ja: '日付', en: 'Day' }} required />}
        {shows('disposalRequestId') && (
          <SelectField
            form={form}
            name="disposalRequestId"
            label={{ ja: '実施済みの廃棄', en: 'Disposal carried out' }}
            required
            options={disposals.map((d) => ({ value: String(d.id), label: `No.${d.id}　${d.items.map((i) => i.mediaName).join('、')}` }))}
          />
        )}
      </div>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '甲に提出する', en: 'Submit to the city' }} />
      </div>
    </form>
  );
}

async function loadPage() {
  const [outstanding, all, sites, areas, disposals] = await Promise.all([
    api<ApiJson<'/api/submissions/outstanding'>>('/api/submissions/outstanding'),
    api<ApiJson<'/api/submissions'>>('/api/submissions'),
    api<ApiJson<'/api/sites'>>('/api/sites'),
    api<ApiJson<'/api/areas'>>('/api/areas'),
    api<ApiJson<'/api/disposal/requests'>>('/api/disposal/requests?status=executed'),
  ]);
  return { outstanding, all: all.submissions, sites: sites.sites, areas: areas.areas, disposals: disposals.requests };
}

/** 提出書類: what is due to 甲, what came back, what awaits receipt, and every submission (F3). */
export function SubmissionsPage() {
  const load = useLoad(loadPage, []);
  return (
    <main>
      <PageTitle title={{ ja: '提出書類（甲への提出）', en: 'Documents for the city' }} />
      <p class="muted">{t({ ja: '委託元（甲）に提出する書類と、甲の受領の状況です。甲はパスキーで受領を確認するか、コメントを付けて差し戻します。', en: 'Documents submitted to the city and their receipt. The city confirms receipt with a passkey, or returns a document with a comment.' })}</p>
      <Loading load={load}>
        {(d) => (
          <>
            <section class="card">
              <h2>{t({ ja: '提出が必要な書類', en: 'Due' })}</h2>
              <DueList due={d.outstanding.due} sites={d.sites} />
            </section>
            <section class="card">
              <h2>{t({ ja: '差し戻された書類', en: 'Returned' })}</h2>
              {d.outstanding.returned.length === 0 ? (
                <Empty>{t({ ja: 'ありません。', en: 'None.' })}</Empty>
              ) : (
                <ul class="plain">
                  {d.outstanding.returned.map((s) => (
                    <li key={s.id} class="returned-item">
                      <Link href={`/console/submissions/${s.id}`}>
                        No.{s.id} {s.title}（{s.siteName}）
                      </Link>
                      <p>
                        {t({ ja: '甲のコメント（{name}、{at}）：', en: 'Comment ({name}, {at}): ' }, { name: s.decidedByName ?? '', at: dateTime(s.decidedAt) })}
                        <b>{s.returnComment}</b>
                      </p>
                      {maySubmit() && <SubmitButton body={{ kind: s.kind, ...s.subject }} text={{ ja: '作り直して再提出する', en: 'Submit again' }} />}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section class="card">
              <h2>{t({ ja: '甲の受領待ち', en: 'Awaiting receipt' })}</h2>
              <SubmissionRows rows={d.outstanding.awaitingReceipt} base="/console/submissions" caption={{ ja: '甲の受領待ち', en: 'Awaiting receipt' }} />
            </section>
            {maySubmit() && <SubmitForm sites={d.sites} areas={d.areas} disposals={d.disposals} />}
            <section class="card">
              <h2>{t({ ja: '提出の履歴', en: 'All submissions' })}</h2>
              <SubmissionRows rows={d.all} base="/console/submissions" caption={{ ja: '提出の履歴', en: 'All submissions' }} />
            </section>
          </>
        )}
      </Loading>
    </main>
  );
}
