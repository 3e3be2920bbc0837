import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime, dayEnd, dayStart } from '../format.ts';
import type { ApiJson, JournalEntry, VerifyResult } from '../types.ts';
import { Banner, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { ListView } from '../ui/list.tsx';

const PAGE = 50;

const REASONS: Record<string, { ja: string; en: string }> = {
  content_altered: { ja: '内容が改ざんされています', en: 'content altered' },
  link_broken: { ja: '前の記録とのつながりが切れています', en: 'link broken' },
  gap: { ja: '記録が欠落しています', en: 'entries missing' },
  reordered: { ja: '記録の順序が入れ替えられています', en: 'entries reordered' },
  payload_erased_unrecorded: { ja: '記録の内容が、契約終了時の消去の記録なしに消されています', en: 'content erased without a recorded purge' },
  row_altered: { ja: '台帳の行が、記録された内容と異なります', en: 'a record differs from what the journal recorded' },
  row_missing: { ja: '記録されたはずの台帳の行がありません', en: 'a recorded row is missing' },
  row_unjournaled: { ja: '記録にない台帳の行があります', en: 'a row exists that the journal never recorded' },
};

/** The journal's filters as the page's query string holds them (the API's names). */
const FILTERS = ['action', 'entityType', 'entityId', 'actor', 'fromDay', 'toDay'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function filterQuery(f: Filters): string {
  const q = new URLSearchParams();
  if (f.action) q.set('action', f.action);
  if (f.entityType) q.set('entityType', f.entityType);
  if (f.entityId) q.set('entityId', f.entityId);
  if (f.actor) q.set('actor', f.actor);
  const from = dayStart(f.fromDay ?? '');
  const to = dayEnd(f.toDay ?? '');
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return q.toString();
}

type JournalPageBody = ApiJson<'/api/journal'>;

/**
 * A filtered page: the server looks through a bounded span of the journal per request and says where to
 * go on, so this follows its cursor until it has entries or the journal ends (at most 50 requests).
 */
async function loadFiltered(after: number, query: string): Promise<JournalPageBody> {
  let cursor = after;
  for (let i = 0; i < 50; i++) {
    const page = await api<ApiJson<'/api/journal'>>(`/api/journal?after=${cursor}&limit=${PAGE}&${query}`);
    if (page.entries.length > 0 || page.next === null) return page;
    cursor = page.next;
  }
  return { entries: [], next: cursor, previous: null };
}

function FilterForm({ filters }: { filters: Filters }) {
  const [draft, setDraft] = useState<Filters>(filters);
  const field = (name: (typeof FILTERS)[number], label: { ja: string; en: string }, props: Record<string, string> = {}) => (
    <div class="field">
      <label for={`journal-${name}`}>{t(label)}</label>
      <input id={`journal-${name}`} name={name} value={draft[name] ?? ''} onInput={(e) => setDraft({ ...draft, [name]: e.currentTarget.value.trim() })} {...props} />
    </div>
  );
  return (
    <form
      class="filters row"
      aria-label={t({ ja: '絞り込み', en: 'Filter' })}
      onSubmit={(e) => {
        e.preventDefault();
        setQuery({ ...Object.fromEntries(FILTERS.map((k) => [k, draft[k] ?? null])), after: 0 });
      }}
    >
      {field('fromDay', { ja: '日付（から）', en: 'From' }, { type: 'date' })}
      {field('toDay', { ja: '日付（まで）', en: 'Until' }, { type: 'date' })}
      {field('action', { ja: '操作（例 custody.*）', en: 'Action (e.g. custody.*)' })}
      {field('entityType', { ja: '対象の種類（例 person）', en: 'Record type (e.g. person)' })}
      {field('entityId', { ja: '対象の番号', en: 'Record id' })}
      {field('actor', { ja: '実行者（例 person:12）', en: 'Actor (e.g. person:12)' })}
      <div class="field shrink buttons">
        <button type="submit" class="primary">
          {t({ ja: '絞り込む', en: 'Filter' })}
        </button>
        <button type="button" onClick={() => { setDraft({}); setQuery({ ...Object.fromEntries(FILTERS.map((k) => [k, null])), after: null }); }}>
          {t({ ja: '解除', en: 'Clear' })}
        </button>
      </div>
    </form>
  );
}

function VerifyStatus({ result, onCheck, checking }: { result: VerifyResult; onCheck: () => void; checking: boolean }) {
  return (
    <section class="card" aria-labelledby="verify-title">
      <div class="page-title">
        <h2 id="verify-title">{t({ ja: '改ざん検証', en: 'Verification' })}</h2>
        <button type="button" onClick={onCheck} disabled={checking}>
          {t({ ja: 'もう一度検証', en: 'Verify again' })}
        </button>
      </div>
      {result.ok ? (
        <Banner kind="ok">
          <strong data-testid="verify-status">{t({ ja: '検証済み：改ざんはありません', en: 'Verified: the journal is intact' })}</strong>
          <div class="small">
            {t({ ja: '{count}件、最新 #{seq}、ハッシュ {hash}', en: '{count} entries, head #{seq}, hash {hash}' }, { count: result.count, seq: result.headSeq, hash: result.headHash.slice(0, 16) + '…' })}
          </div>
        </Banner>
      ) : (
        <Banner kind="error">
          <strong data-testid="verify-status">{t({ ja: '検証失敗：#{seq} で不一致', en: 'Verification failed at #{seq}' }, { seq: result.seq })}</strong>
          <div class="small">
            {t(REASONS[result.reason] ?? { ja: '記録が一致しません', en: 'the records do not match' })}
            {result.table ? `（${result.table} #${result.id ?? ''}）` : ''}
          </div>
        </Banner>
      )}
    </section>
  );
}

function actor(e: JournalEntry): string {
  if (e.actorType === 'system') return t({ ja: 'システム', en: 'System' });
  if (e.actorType === 'kiosk') return `${t({ ja: '端末', en: 'Kiosk' })} ${e.actorName ?? `#${e.actorId}`}`;
  return e.actorName ?? `#${e.actorId}`;
}

/** The hash-chained journal (E2), read-only, paged by sequence number, with its verification. */
export function JournalPage() {
  const loc = useSignal(route);
  const verify = useLoad(() => api<ApiJson<'/api/journal/verify'>>('/api/journal/verify'), []);
  const head = verify.data ? (verify.data.ok ? verify.data.headSeq : verify.data.count) : undefined;
  const afterParam = loc.query.get('after');
  const filters: Filters = Object.fromEntries(FILTERS.flatMap((k) => (loc.query.get(k) ? [[k, loc.query.get(k)!]] : [])));
  const query = filterQuery(filters);
  // Unfiltered, the page opens on the newest entries; filtered, on the first match.
  const after = afterParam !== null ? Math.max(0, Number(afterParam) || 0) : query ? 0 : head !== undefined ? Math.max(0, head - PAGE) : null;
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  const page = useLoad(
    () => (after === null ? new Promise<never>(() => {}) : query ? loadFiltered(after, query) : api<ApiJson<'/api/journal'>>(`/api/journal?after=${after}&limit=${PAGE}`)),
    [after, query],
  );
  return (
    <main>
      <PageTitle title={{ ja: '監査ログ（変更履歴）', en: 'Journal' }} />
      <Loading load={verify}>{(r) => <VerifyStatus result={r} onCheck={verify.reload} checking={verify.loading} />}</Loading>
      <section class="card">
        <FilterForm key={query} filters={filters} />
      </section>
      <section class="card">
        <div class="page-title">
          <h2>{t({ ja: '記録', en: 'Entries' })}</h2>
          <div class="buttons">
            <button type="button" disabled={after === 0} onClick={() => setQuery({ after: 0 })}>
              {t({ ja: '最初', en: 'First' })}
            </button>
            <button type="button" disabled={!after || query !== ''} onClick={() => setQuery({ after: Math.max(0, (after ?? 0) - PAGE) })}>
              {t({ ja: '前へ', en: 'Previous' })}
            </button>
            <button type="button" disabled={!page.data?.next} onClick={() => setQuery({ after: page.data?.next ?? 0 })}>
              {t({ ja: '次へ', en: 'Next' })}
            </button>
            <button type="button" disabled={head === undefined || query !== ''} onClick={() => setQuery({ after: Math.max(0, (head ?? 0) - PAGE) })}>
              {t({ ja: '最新', en: 'Latest' })}
            </button>
          </div>
        </div>
        <ListView
          load={page}
          rows={(d) => d.entries}
          empty={{ ja: '記録はありません。', en: 'No entries.' }}
          label={{ ja: '監査ログ', en: 'Journal' }}
          class="journal"
          rowKey={(e) => e.seq}
          columns={[
            { head: '#', cell: (e) => e.seq },
            { head: { ja: '日時', en: 'Time' }, cell: (e) => dateTime(e.at) },
            { head: { ja: '実行者', en: 'Actor' }, cell: actor },
            { head: { ja: '操作', en: 'Action' }, cell: (e) => <code>{e.action}</code> },
            {
              head: { ja: '対象', en: 'Record' },
              title: (e) => `${e.entityType} ${e.entityId}`,
              cell: (e) => (
                <>
                  {e.entityType} {e.entityId.length > 20 ? `${e.entityId.slice(0, 12)}…` : e.entityId}
                </>
              ),
            },
            {
              head: { ja: '内容', en: 'Content' },
              cell: (e) => (
                <button type="button" class="small" aria-expanded={open.has(e.seq)} onClick={() => toggle(e.seq)}>
                  {open.has(e.seq) ? t({ ja: '閉じる', en: 'Hide' }) : t({ ja: '表示', en: 'Show' })}
                </button>
              ),
            },
          ]}
          after={(e) =>
            open.has(e.seq) && (
              <tr class="journal-data">
                <td colSpan={6}>
                  <pre>{JSON.stringify(e.data, null, 2)}</pre>
                  <div class="muted small">
                    {t({ ja: 'ハッシュ', en: 'Hash' })} {e.hash}
                  </div>
                </td>
              </tr>
            )
          }
        />
      </section>
    </main>
  );
}
