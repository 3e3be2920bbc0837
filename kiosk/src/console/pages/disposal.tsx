import type { ApiJson } from '../types.ts';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { navigate, route } from '../router.ts';
import { date, localDay } from '../format.ts';
import { label } from '../messages.ts';
import { DISPOSAL_METHOD_LABEL, DISPOSAL_STATUS_LABEL } from '../compliance-messages.ts';
import { DISPOSAL_METHODS, type Disposal } from '../compliance-types.ts';
import { Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { ListView } from '../ui/list.tsx';
import { errorMessage, FormProblem, requireFields, SelectField, Submit, TextField, useForm, type Errors } from '../ui/form.tsx';
import { allOr, codeOptions, QueryFilter } from './compliance-parts.tsx';

/** An asset the request may name (GET /api/assets). */
type Asset = ApiJson<'/api/assets'>['assets'][number];

interface ItemRow {
  assetId: string;
  mediaName: string;
  quantity: string;
  serialNumbers: string;
}

const EMPTY_ITEM: ItemRow = { assetId: '', mediaName: '', quantity: '1', serialNumbers: '' };

/** Disposal requests (D1): the list, and a new request for those who may make one. */
export function DisposalsPage() {
  const loc = useSignal(route);
  const status = loc.query.get('status') ?? '';
  const list = useLoad(() => api<ApiJson<'/api/disposal/requests'>>(`/api/disposal/requests${status ? `?status=${status}` : ''}`), [status]);
  return (
    <main>
      <PageTitle title={{ ja: '廃棄', en: 'Disposal' }} />
      {hasRole('admin', 'supervisor', 'worker') && <NewDisposal onCreated={(d) => navigate(`/console/disposal/${d.id}?created=1`)} />}
      <section class="card">
        <div class="page-title">
          <h2>{t({ ja: '廃棄申請', en: 'Disposal requests' })}</h2>
          <QueryFilter id="disposal-status" name={{ ja: '状態', en: 'Status' }} param="status" value={status} options={allOr(DISPOSAL_STATUS_LABEL)} />
        </div>
        <ListView
          load={list}
          rows={(d) => d.requests}
          empty={{ ja: '廃棄申請はありません。', en: 'No disposal requests.' }}
          label={{ ja: '廃棄申請', en: 'Disposal requests' }}
          rowKey={(r) => r.id}
          columns={[
            { head: 'No.', cell: (r) => <Link href={`/console/disposal/${r.id}`}>No.{r.id}</Link> },
            { head: { ja: '品目', en: 'Items' }, cell: (r) => r.items.map((i) => `${i.mediaName}${i.quantity > 1 ? ` ×${i.quantity}` : ''}`).join('、') },
            {
              head: { ja: '方法・業者', en: 'Method, vendor' },
              cell: (r) => (
                <>
                  {label(DISPOSAL_METHOD_LABEL, r.method)}
                  <div class="muted small">{r.vendor}</div>
                </>
              ),
            },
            { head: { ja: '予定日', en: 'Planned' }, class: 'nowrap', cell: (r) => r.plannedDate },
            {
              head: { ja: '申請者', en: 'Requested by' },
              cell: (r) => (
                <>
                  {r.requesterName}
                  <div class="muted small nowrap">{date(r.createdAt)}</div>
                </>
              ),
            },
            {
              head: { ja: '状態', en: 'Status' },
              cell: (r) => <Tag kind={r.status === 'executed' ? 'active' : r.status === 'rejected' ? 'revoked' : 'flag'}>{label(DISPOSAL_STATUS_LABEL, r.status)}</Tag>,
            },
          ]}
        />
      </section>
    </main>
  );
}

async function loadAssets(): Promise<Asset[]> {
  // A worker may request the disposal of media by name; only the asset registry's readers pick registered assets.
  if (!hasRole('admin', 'supervisor', 'guard', 'auditor')) return [];
  const r = await api<ApiJson<'/api/assets'>>('/api/assets?limit=1000');
  return r.assets.filter((a) => a.ownerType !== 'personal' && !['lost', 'disposed', 'returned'].includes(a.status));
}

/** The item a server's field error names (`items.2.assetId`), so the list can say which one. */
function itemOf(err: unknown): number | null {
  if (!(err instanceof ApiError)) return null;
  const path = Object.keys(err.fieldErrors()).find((p) => /^items\.\d+/.test(p));
  return path === undefined ? null : Number(path.split('.')[1]);
}

function NewDisposal({ onCreated }: { onCreated: (d: Disposal) => void }) {
  const assets = useLoad(loadAssets, []);
  const choices = useLoad(() => api<ApiJson<'/api/custody/request-choices'>>('/api/custody/request-choices'), []);
  const [badItem, setBadItem] = useState<number | null>(null);
  const form = useForm(
    { method: '', plannedDate: localDay(), vendor: '', reason: '', siteId: '', responsibleId: '', items: [{ ...EMPTY_ITEM }] as ItemRow[] },
    {
      validate: (v) => {
        const e: Errors = requireFields(v, ['siteId', 'responsibleId', 'method', 'plannedDate', 'vendor']);
        if (v.items.some((i) => !i.assetId && !i.mediaName.trim())) e['items'] = { ja: '各品目の媒体名を入力するか、資産を選んでください', en: 'Name the media of each item, or choose an asset' };
        return e;
      },
      // Any item's problem shows at the item list, with the item's number.
      fieldOf: (path) => (path.startsWith('items') ? 'items' : path),
      onSubmit: async (v) => {
        const items = v.items.map((i) => ({
          ...(i.assetId ? { assetId: Number(i.assetId) } : { mediaName: i.mediaName.trim(), quantity: Number(i.quantity) || 1 }),
          ...(i.assetId && i.mediaName.trim() ? { mediaName: i.mediaName.trim() } : {}),
          serialNumbers: i.serialNumbers.trim(),
        }));
        setBadItem(null);
        try {
          onCreated(await api<ApiJson<'/api/disposal/requests', '$post'>>('/api/disposal/requests', { body: { method: v.method, plannedDate: v.plannedDate, vendor: v.vendor, reason: v.reason, siteId: Number(v.siteId), responsibleId: Number(v.responsibleId), items } }));
        } catch (err) {
          setBadItem(itemOf(err));
          throw err;
        }
      },
    },
  );
  const setItem = (n: number, patch: Partial<ItemRow>) => form.set('items', form.values.items.map((i, k) => (k === n ? { ...i, ...patch } : i)));
  const itemsError = form.errors['items'];
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '廃棄申請', en: 'Disposal request' })}>
      <h2>{t({ ja: '新しい廃棄申請', en: 'New disposal request' })}</h2>
      <fieldset class="field" aria-describedby={itemsError ? `${form.id}-items-error` : undefined}>
        <legend>{t({ ja: '廃棄する品目', en: 'Items to dispose of' })}</legend>
        {form.values.items.map((item, n) => (
          <div key={n} class="row disposal-item" role="group" aria-label={t({ ja: '品目{n}', en: 'Item {n}' }, { n: n + 1 })}>
            <Loading load={assets}>
              {(list) =>
                list.length > 0 && (
                  <ItemInput label={{ ja: '登録済みの資産', en: 'Registered asset' }} n={n}>
                    {(id) => (
                      <select id={id} value={item.assetId} onChange={(e) => setItem(n, { assetId: e.currentTarget.value, quantity: '1' })}>
                        <option value="">{t({ ja: '（登録外の媒体）', en: '(media not registered)' })}</option>
                        {list.map((a) => (
                          <option key={a.id} value={String(a.id)}>
                            {a.assetNumber} {a.description} {a.serialNumber && `S/N ${a.serialNumber}`}
                          </option>
                        ))}
                      </select>
                    )}
                  </ItemInput>
                )
              }
            </Loading>
            <ItemInput label={{ ja: '媒体名', en: 'Media name' }} n={n}>
              {(id) => <input id={id} value={item.mediaName} onInput={(e) => setItem(n, { mediaName: e.currentTarget.value })} />}
            </ItemInput>
            <ItemInput label={{ ja: '数量', en: 'Quantity' }} n={n} shrink>
              {(id) => <input id={id} type="number" min={1} value={item.quantity} disabled={item.assetId !== ''} onInput={(e) => setItem(n, { quantity: e.currentTarget.value })} />}
            </ItemInput>
            <ItemInput label={{ ja: 'シリアル番号', en: 'Serial numbers' }} n={n}>
              {(id) => <input id={id} value={item.serialNumbers} onInput={(e) => setItem(n, { serialNumbers: e.currentTarget.value })} />}
            </ItemInput>
            {form.values.items.length > 1 && (
              <button type="button" class="small shrink" onClick={() => form.set('items', form.values.items.filter((_, k) => k !== n))}>
                {t({ ja: '品目{n}を削除', en: 'Remove item {n}' }, { n: n + 1 })}
              </button>
            )}
          </div>
        ))}
        <button type="button" class="small" onClick={() => form.set('items', [...form.values.items, { ...EMPTY_ITEM }])}>
          {t({ ja: '品目を追加', en: 'Add an item' })}
        </button>
        {itemsError && (
          <div class="field-error" id={`${form.id}-items-error`} role="alert">
            {badItem !== null && t({ ja: '品目{n}：', en: 'Item {n}: ' }, { n: badItem + 1 })}
            {errorMessage(itemsError)}
          </div>
        )}
      </fieldset>
      <Loading load={choices}>
        {(c) => (
          <div class="row">
            <SelectField
              form={form}
              name="siteId"
              label={{ ja: '拠点', en: 'Site' }}
              required
              options={[...new Map(c.areas.map((a) => [a.siteId, a.siteName])).entries()].map(([id, name]) => ({ value: String(id), label: name }))}
            />
            <SelectField form={form} name="responsibleId" label={{ ja: '責任者', en: 'Responsible person' }} required options={c.responsibles.map((p) => ({ value: String(p.id), label: p.name }))} />
          </div>
        )}
      </Loading>
      <div class="row">
        <SelectField form={form} name="method" label={{ ja: '廃棄方法', en: 'Method' }} required options={codeOptions(DISPOSAL_METHOD_LABEL, DISPOSAL_METHODS)} />
        <TextField form={form} name="plannedDate" type="date" label={{ ja: '廃棄予定日', en: 'Planned date' }} required />
        <TextField form={form} name="vendor" label={{ ja: '廃棄業者', en: 'Vendor' }} required />
      </div>
      <TextField form={form} name="reason" label={{ ja: '理由（任意）', en: 'Reason (optional)' }} multiline rows={2} />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '廃棄を申請する', en: 'Submit for approval' }} />
      </div>
    </form>
  );
}

/** A labelled input of one item row: the label names the item's number for a screen reader and for tests. */
function ItemInput({ label: l, n, shrink, children }: { label: { ja: string; en: string }; n: number; shrink?: boolean; children: (id: string) => JSX.Element }) {
  const id = `disposal-item-${n}-${l.en.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div class={shrink ? 'field shrink' : 'field'}>
      <label for={id}>
        {t(l)}
        <span class="visually-hidden">（{t({ ja: '品目{n}', en: 'item {n}' }, { n: n + 1 })}）</span>
      </label>
      {children(id)}
    </div>
  );
}
