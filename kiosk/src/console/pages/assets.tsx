import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { label } from '../messages.ts';
import type { RegistryAsset } from '../custody/types.ts';
import { CITY_STATE_LABEL } from './city-parts.tsx';
import { ASSET_KINDS, ASSET_STATUS_LABEL, CLASSIFICATION_LABEL, KIND_LABEL, OWNER_LABEL } from '../../shared/custody-labels.ts';
import { Banner, Empty, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { ListTable, type Column } from '../ui/list.tsx';
import { FormProblem, Submit, TextField, useForm } from '../ui/form.tsx';
import { AssetForm } from './asset-form.tsx';
import { DownloadLink } from './compliance-parts.tsx';

export const labelSheetUrl = (ids: number[]) => `/api/assets/labels?ids=${ids.join(',')}`;

function assetsUrl(q: URLSearchParams, format?: 'csv' | 'xlsx'): string {
  const p = new URLSearchParams();
  for (const k of ['q', 'status', 'kind']) if (q.get(k)) p.set(k, q.get(k)!);
  if (format) p.set('format', format);
  return `/api/assets${p.size ? `?${p}` : ''}`;
}

/** The asset registry (C1, C4, C7, C11): search, register, print QR labels, import a first inventory. */
export function AssetsPage() {
  const loc = useSignal(route);
  const url = assetsUrl(loc.query);
  const load = useLoad(() => api<ApiJson<'/api/assets'>>(url), [url]);
  const registrar = hasRole('admin', 'guard');
  const people = useLoad(() => (registrar ? api<ApiJson<'/api/people'>>('/api/people').then((r) => r.people) : Promise.resolve([])), []);
  const [picked, setPicked] = useState<number[]>([]);
  const [adding, setAdding] = useState(false);
  return (
    <main>
      <PageTitle title={{ ja: '資産台帳', en: 'Asset registry' }}>
        <DownloadLink href={assetsUrl(loc.query, 'xlsx')}>{t({ ja: 'Excel形式でダウンロード', en: 'Download Excel' })}</DownloadLink>
        <DownloadLink href={assetsUrl(loc.query, 'csv')}>{t({ ja: 'CSVをダウンロード', en: 'Download CSV' })}</DownloadLink>
        {registrar && !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            {t({ ja: '資産を登録', en: 'Register an asset' })}
          </button>
        )}
      </PageTitle>
      {adding && (
        <Loading load={people}>
          {(list) => (
            <AssetForm
              people={list}
              onSaved={() => {
                setAdding(false);
                load.reload();
              }}
              onCancel={() => setAdding(false)}
            />
          )}
        </Loading>
      )}
      <div class="filters row">
        <div class="field">
          <label for="assets-q">{t({ ja: '管理番号・製造番号・説明で検索', en: 'Search number, serial, description' })}</label>
          <input id="assets-q" type="search" value={loc.query.get('q') ?? ''} onChange={(e) => setQuery({ q: e.currentTarget.value.trim() })} />
        </div>
        <div class="field">
          <label for="assets-status">{t({ ja: '状態', en: 'Status' })}</label>
          <select id="assets-status" value={loc.query.get('status') ?? ''} onChange={(e) => setQuery({ status: e.currentTarget.value })}>
            <option value="">{t({ ja: 'すべて', en: 'All' })}</option>
            {Object.keys(ASSET_STATUS_LABEL).map((s) => (
              <option key={s} value={s}>
                {label(ASSET_STATUS_LABEL, s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="assets-kind">{t({ ja: '種別', en: 'Kind' })}</label>
          <select id="assets-kind" value={loc.query.get('kind') ?? ''} onChange={(e) => setQuery({ kind: e.currentTarget.value })}>
            <option value="">{t({ ja: 'すべて', en: 'All' })}</option>
            {ASSET_KINDS.map((k) => (
              <option key={k} value={k}>
                {label(KIND_LABEL, k)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <section class="card">
        <Loading load={load}>
          {(d) => (
            <>
              {registrar && (
                <div class="buttons label-actions">
                  {picked.length > 0 ? (
                    <a class="button primary" href={labelSheetUrl(picked)} target="_blank" rel="noopener">
                      {t({ ja: '選んだ{n}件のラベルを印刷（A4・24面）', en: 'Print labels for {n} selected (A4, 24 per sheet)' }, { n: picked.length })}
                    </a>
                  ) : (
                    <span class="muted">{t({ ja: 'ラベルを印刷する資産を選んでください。', en: 'Choose the assets to print labels for.' })}</span>
                  )}
                  {d.assets.length > 0 && (
                    <button type="button" onClick={() => setPicked(picked.length === d.assets.length ? [] : d.assets.map((a) => a.id))}>
                      {picked.length === d.assets.length ? t({ ja: '選択を解除', en: 'Clear' }) : t({ ja: 'すべて選択', en: 'Select all' })}
                    </button>
                  )}
                </div>
              )}
              {d.assets.length === 0 ? <Empty>{t({ ja: '該当する資産はありません。', en: 'No matching assets.' })}</Empty> : <AssetTable assets={d.assets} picked={registrar ? picked : null} onPick={setPicked} />}
            </>
          )}
        </Loading>
      </section>
      {hasRole('admin') && <ImportForm onImported={load.reload} />}
    </main>
  );
}

function AssetTable({ assets, picked, onPick }: { assets: RegistryAsset[]; picked: number[] | null; onPick: (ids: number[]) => void }) {
  const pick: Column<RegistryAsset>[] = picked
    ? [
        {
          head: { ja: '選択', en: 'Pick' },
          cell: (a) => (
            <input
              type="checkbox"
              aria-label={t({ ja: '{n} を選ぶ', en: 'Pick {n}' }, { n: a.assetNumber })}
              checked={picked.includes(a.id)}
              onChange={(e) => onPick(e.currentTarget.checked ? [...picked, a.id] : picked.filter((x) => x !== a.id))}
            />
          ),
        },
      ]
    : [];
  return (
    <ListTable
      label={{ ja: '資産の一覧', en: 'Assets' }}
      rows={assets}
      rowKey={(a) => a.id}
      columns={[
        ...pick,
        { head: { ja: '管理番号', en: 'Asset number' }, class: 'asset-number', cell: (a) => <Link href={`/console/assets/${a.id}`}>{a.assetNumber}</Link> },
        { head: { ja: '種別', en: 'Kind' }, cell: (a) => label(KIND_LABEL, a.kind) },
        { head: { ja: '所有', en: 'Owner' }, cell: (a) => (a.ownerType === 'personal' ? <Tag kind="suspended">{label(OWNER_LABEL, a.ownerType)}</Tag> : label(OWNER_LABEL, a.ownerType)) },
        {
          head: { ja: '情報区分', en: 'Classification' },
          cell: (a) => (a.classification === 'none' ? '' : <Tag kind={a.classification === 'important' ? 'secure' : ''}>{label(CLASSIFICATION_LABEL, a.classification)}</Tag>),
        },
        {
          head: { ja: '状態', en: 'Status' },
          cell: (a) => (
            <>
              <Tag kind={a.status}>{label(ASSET_STATUS_LABEL, a.status)}</Tag>
              {a.fixed && <Tag kind="flag">{t({ ja: '固定', en: 'Fixed' })}</Tag>}
            </>
          ),
        },
        { head: { ja: '庁内ネットワーク', en: 'City network' }, cell: (a) => <NetworkCell a={a} /> },
        {
          head: { ja: '製造番号・説明', en: 'Serial, description' },
          cell: (a) => (
            <>
              {a.serialNumber}
              {a.description && <div class="muted small">{a.description}</div>}
            </>
          ),
        },
      ]}
    />
  );
}

const CSV_COLUMNS = 'asset_number,kind,owner_type,serial_number,description,classification,has_storage,network_approved,fixed,custodian_id';

/** A first inventory from CSV (admin): all rows or none; the server names every bad cell as rows.N.field. */
function ImportForm({ onImported }: { onImported: () => void }) {
  const [done, setDone] = useState<number | null>(null);
  const form = useForm(
    { csv: '' },
    {
      validate: (v) => (v.csv.trim() ? {} : { csv: { ja: 'CSVを貼り付けるか、ファイルを選んでください', en: 'Paste the CSV or choose a file' } }),
      onSubmit: async (v) => {
        const res = await api<ApiJson<'/api/assets/import', '$post'>>('/api/assets/import', { body: { csv: v.csv } });
        setDone(res.count);
        form.reset();
        onImported();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: 'CSVから一括登録', en: 'Import from CSV' })}>
      <h2>{t({ ja: 'CSVから一括登録', en: 'Import from CSV' })}</h2>
      <p class="muted small">
        {t({ ja: '1行目に列名を書きます（順不同）：', en: 'The first line names the columns (any order):' })} <code>{CSV_COLUMNS}</code>
      </p>
      <div class="field">
        <label for={`${form.id}-file`}>{t({ ja: 'CSVファイル', en: 'CSV file' })}</label>
        <input
          id={`${form.id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            if (file) form.set('csv', await file.text());
          }}
        />
      </div>
      <TextField form={form} name="csv" label={{ ja: 'CSVの内容', en: 'CSV content' }} multiline rows={6} />
      <FormProblem form={form} />
      {done !== null && <Banner kind="ok">{t({ ja: '{n}件を登録しました。', en: '{n} assets registered.' }, { n: done })}</Banner>}
      <div class="buttons">
        <Submit form={form} label={{ ja: '一括登録', en: 'Import' }} />
      </div>
    </form>
  );
}

/** The registry as the list of network-approved devices (第9条2): the contractor's approval, and where the city's permission stands. */
function NetworkCell({ a }: { a: RegistryAsset }) {
  const city = a.networkCity === 'not_required' ? null : <span class="muted small">{t({ ja: '甲：{state}', en: 'City: {state}' }, { state: t(CITY_STATE_LABEL[a.networkCity]) })}</span>;
  if (!a.networkApproved) return a.networkCity === 'awaiting' ? null : city;
  return (
    <>
      <Tag kind="ok">{t({ ja: '接続承認', en: 'Approved' })}</Tag> {city}
    </>
  );
}
