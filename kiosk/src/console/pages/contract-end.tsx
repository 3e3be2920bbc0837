import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { t, type Msg } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { date, dateTime, localDay } from '../format.ts';
import { label, STATUS_LABEL } from '../messages.ts';
import { INCIDENT_KIND_LABEL } from '../compliance-messages.ts';
import { KIND_LABEL } from '../../shared/custody-labels.ts';
import type { ExportPackage, PackageManifest, ReconAsset, Reconciliation } from '../compliance-types.ts';
import { Banner, Empty, ErrorBanner, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { DownloadLink, PrintLink } from './compliance-parts.tsx';

const fileUrl = (name: string, path: string) => `/api/exports/${encodeURIComponent(name)}/file?path=${encodeURIComponent(path)}`;

/** Contract end (C10, D4, E6, E5): what is still out, the city export and the auditor's evidence package. */
export function ContractEndPage() {
  const recon = useLoad(() => api<ApiJson<'/api/contract-end/reconciliation'>>('/api/contract-end/reconciliation'), []);
  const packages = useLoad(() => api<ApiJson<'/api/exports'>>('/api/exports'), []);
  return (
    <main>
      <PageTitle title={{ ja: '契約終了・監査への提出', en: 'Contract end and inspection' }}>
        <PrintLink href="/api/contract-end/reconciliation?format=html">{t({ ja: '照合結果を印刷', en: 'Print the reconciliation' })}</PrintLink>
        <DownloadLink href="/api/contract-end/reconciliation?format=xlsx">{t({ ja: '照合結果（Excel形式）', en: 'Reconciliation (Excel)' })}</DownloadLink>
      </PageTitle>
      <Loading load={recon}>{(r) => <ReconciliationView r={r} />}</Loading>
      <div class="report-grid">
        {hasRole('admin') && <CityExport onDone={packages.reload} />}
        <EvidencePackage onDone={packages.reload} />
      </div>
      <section class="card">
        <h2>{t({ ja: '作成済みのパッケージ', en: 'Packages' })}</h2>
        <Loading load={packages}>
          {(d) =>
            d.packages.length === 0 ? (
              <Empty>{t({ ja: 'まだありません。', en: 'None yet.' })}</Empty>
            ) : (
              <table class="list" aria-label={t({ ja: '作成済みのパッケージ', en: 'Packages' })}>
                <thead>
                  <tr>
                    <th>{t({ ja: '種類・作成日時', en: 'Kind, made' })}</th>
                    <th>{t({ ja: '期間', en: 'Range' })}</th>
                    <th>{t({ ja: 'ファイル', en: 'Files' })}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.packages.map((p) => (
                    <PackageRow key={p.name} p={p} />
                  ))}
                </tbody>
              </table>
            )
          }
        </Loading>
      </section>
    </main>
  );
}

function Section({ title, count, children }: { title: Msg; count: number; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>
        {t(title)} <Tag kind={count === 0 ? 'active' : 'flag'}>{t({ ja: '{n} 件', en: '{n}' }, { n: count })}</Tag>
      </h2>
      {count === 0 ? <Empty>{t({ ja: 'なし', en: 'None' })}</Empty> : children}
    </section>
  );
}

function AssetTable({ list, name }: { list: ReconAsset[]; name: Msg }) {
  return (
    <table class="list" aria-label={t(name)}>
      <thead>
        <tr>
          <th>{t({ ja: '管理番号', en: 'Asset number' })}</th>
          <th>{t({ ja: '種類・シリアル', en: 'Kind, serial' })}</th>
          <th>{t({ ja: '場所・保管者', en: 'Where, custodian' })}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((a) => (
          <tr key={a.id}>
            <td>
              {a.assetNumber} {a.overdue && <Tag kind="overdue">{t({ ja: '返却期限切れ', en: 'Overdue' })}</Tag>}
            </td>
            <td>
              {label(KIND_LABEL, a.kind)} {a.description}
              <div class="muted small">{a.serialNumber}</div>
            </td>
            <td>
              {a.areaName ?? t({ ja: '区域外', en: 'Not in an area' })}
              <div class="muted small">{a.custodianName ?? '—'}</div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReconciliationView({ r }: { r: Reconciliation }) {
  const c = r.counts;
  return (
    <>
      {r.clear ? (
        <Banner kind="ok">{t({ ja: 'すべて返却・精算済みです（{at} 時点）。', en: 'Everything is settled (as of {at}).' }, { at: dateTime(r.at) })}</Banner>
      ) : (
        <Banner kind="warn">{t({ ja: '未精算の項目があります（{at} 時点）。', en: 'Some items are not settled (as of {at}).' }, { at: dateTime(r.at) })}</Banner>
      )}
      <Section title={{ ja: '持ち込まれ、まだ持ち出されていない資産', en: 'Assets carried in and not out' }} count={c.carriedInNotOut}>
        <AssetTable list={r.carriedInNotOut} name={{ ja: '持込済み・未持出', en: 'Carried in, not out' }} />
      </Section>
      <Section title={{ ja: '返却されていない貸与品', en: 'Loaned items not returned' }} count={c.cityLoanedNotReturned + c.securityKeysOut + c.badgesOut}>
        {r.loaned.cityLoaned.length > 0 && <AssetTable list={r.loaned.cityLoaned} name={{ ja: '市の貸与品', en: 'City-loaned' }} />}
        {r.loaned.securityKeys.length > 0 && <AssetTable list={r.loaned.securityKeys} name={{ ja: 'セキュリティキー', en: 'Security keys' }} />}
        {r.loaned.badges.length > 0 && (
          <table class="list" aria-label={t({ ja: '未返却の名札', en: 'Badges out' })}>
            <tbody>
              {r.loaned.badges.map((b) => (
                <tr key={b.serial}>
                  <td>{t({ ja: 'QR名札 No.{n}', en: 'QR badge No. {n}' }, { n: b.serial })}</td>
                  <td>
                    <Link href={`/console/roster/${b.personId}/offboarding`}>{b.personName}</Link>
                  </td>
                  <td>{b.active ? t({ ja: '有効', en: 'Active' }) : t({ ja: '失効済み・未返却', en: 'Revoked, not handed in' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={{ ja: '離任していない人', en: 'People not offboarded' }} count={c.peopleNotOffboarded}>
        <p>
          {r.people.map((p, i) => (
            <span key={p.id}>
              {i > 0 && '、'}
              <Link href={`/console/roster/${p.id}/offboarding`}>{p.name}</Link>
              {p.status !== 'active' && `（${label(STATUS_LABEL, p.status)}）`}
            </span>
          ))}
        </p>
      </Section>
      <Section title={{ ja: '対応中のインシデント', en: 'Open incidents' }} count={c.openIncidents}>
        <ul>
          {r.openIncidents.map((i) => (
            <li key={i.id}>
              <Link href={`/console/incidents/${i.id}`}>
                No.{i.id} {i.title}
              </Link>{' '}
              <span class="muted small">
                {label(INCIDENT_KIND_LABEL, i.kind)}・{date(i.discoveredAt)}
              </span>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function CityExport({ onDone }: { onDone: () => void }) {
  const form = useForm({}, { onSubmit: () => api('/api/contract-end/export', { method: 'POST' }).then(onDone) });
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '市への引き渡し', en: 'Export for the city' })}>
      <h2>{t({ ja: '市への引き渡し（全記録）', en: 'Export for the city (all records)' })}</h2>
      <p class="muted small">{t({ ja: '全記録のCSV、操作記録とその検証結果、各ファイルのSHA-256を記した目録を作成します。データの消去はサーバーのコマンド（purge）で行います。', en: 'Every record as CSV, the journal with its verification, and a manifest with each file’s SHA-256. Erasure is the server’s purge command.' })}</p>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '引き渡し用データを作成', en: 'Make the export' }} />
      </div>
    </form>
  );
}

function EvidencePackage({ onDone }: { onDone: () => void }) {
  const today = localDay();
  const form = useForm(
    { from: `${today.slice(0, 7)}-01`, to: today },
    { validate: (v) => requireFields(v, ['from', 'to']), onSubmit: (v) => api('/api/exports/evidence', { body: v }).then(onDone) },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '監査用の証跡パッケージ', en: 'Evidence package' })}>
      <h2>{t({ ja: '監査用の証跡パッケージ', en: 'Evidence package for an inspection' })}</h2>
      <p class="muted small">{t({ ja: '期間の管理簿、承認、廃棄証明書、月次報告、検証済みの操作記録をまとめます。', en: 'The period’s ledgers, approvals, disposal certificates, monthly reports and the verified journal.' })}</p>
      <div class="row">
        <TextField form={form} name="from" type="date" label={{ ja: '開始日', en: 'From' }} required />
        <TextField form={form} name="to" type="date" label={{ ja: '終了日', en: 'To' }} required />
      </div>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: 'パッケージを作成', en: 'Make the package' }} />
      </div>
    </form>
  );
}

/** A package's files, read from its manifest on request (each download is journaled). */
/** A package's date range: the server keeps it as the manifest's free-form field, so it is read here with care. */
function rangeText(range: unknown): string {
  if (range && typeof range === 'object' && 'from' in range && 'to' in range) return `${String(range.from)} – ${String(range.to)}`;
  return '—';
}

function PackageRow({ p }: { p: ExportPackage }) {
  const [files, setFiles] = useState<PackageManifest['files'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const open = () => api<PackageManifest>(fileUrl(p.name, 'manifest.json')).then((m) => setFiles(m.files), setError);
  return (
    <tr>
      <td>
        {p.kind === 'contract_end' ? t({ ja: '市への引き渡し', en: 'City export' }) : t({ ja: '証跡パッケージ', en: 'Evidence package' })}
        <div class="muted small nowrap">{dateTime(p.generatedAt)}</div>
      </td>
      <td class="nowrap">{rangeText(p.range)}</td>
      <td>
        <div class="buttons">
          <DownloadLink href={fileUrl(p.name, 'manifest.json')}>{t({ ja: '目録（manifest.json）', en: 'Manifest' })}</DownloadLink>
          {files === null && (
            <button type="button" class="small" onClick={() => void open()}>
              {t({ ja: 'ファイル一覧（{n} 件）', en: 'Files ({n})' }, { n: p.files })}
            </button>
          )}
        </div>
        <ErrorBanner error={error} />
        {files && (
          <ul class="files">
            {files.map((f) => (
              <li key={f.path}>
                <a href={fileUrl(p.name, f.path)} {...(f.path.endsWith('.html') ? { target: '_blank', rel: 'noopener' } : { download: true })}>
                  {f.path}
                </a>{' '}
                <span class="muted small">
                  {f.bytes.toLocaleString()} B・SHA-256 <code class="digest">{f.sha256.slice(0, 16)}…</code>
                </span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
