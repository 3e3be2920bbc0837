import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime } from '../format.ts';
import type { JournalEntry, VerifyResult } from '../types.ts';
import { Banner, Empty, Loading, PageTitle, useLoad } from '../ui/common.tsx';

const PAGE = 50;

const REASONS: Record<string, { ja: string; en: string }> = {
  content_altered: { ja: '内容が改ざんされています', en: 'content altered' },
  link_broken: { ja: '前の記録とのつながりが切れています', en: 'link broken' },
  gap: { ja: '記録が欠落しています', en: 'entries missing' },
  reordered: { ja: '記録の順序が入れ替えられています', en: 'entries reordered' },
};

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
            {t(REASONS[result.reason] ?? { ja: result.reason, en: result.reason })} — {result.message}
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
  const verify = useLoad(() => api<VerifyResult>('/api/journal/verify'), []);
  const head = verify.data ? (verify.data.ok ? verify.data.headSeq : verify.data.count) : undefined;
  const afterParam = loc.query.get('after');
  const after = afterParam !== null ? Math.max(0, Number(afterParam) || 0) : head !== undefined ? Math.max(0, head - PAGE) : null;
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  const page = useLoad(() => (after === null ? new Promise<never>(() => {}) : api<{ entries: JournalEntry[]; next: number | null }>(`/api/journal?after=${after}&limit=${PAGE}`)), [after]);
  return (
    <main>
      <PageTitle title={{ ja: '監査ログ（変更履歴）', en: 'Journal' }} />
      <Loading load={verify}>{(r) => <VerifyStatus result={r} onCheck={verify.reload} checking={verify.loading} />}</Loading>
      <section class="card">
        <div class="page-title">
          <h2>{t({ ja: '記録', en: 'Entries' })}</h2>
          <div class="buttons">
            <button type="button" disabled={after === 0} onClick={() => setQuery({ after: 0 })}>
              {t({ ja: '最初', en: 'First' })}
            </button>
            <button type="button" disabled={!after} onClick={() => setQuery({ after: Math.max(0, (after ?? 0) - PAGE) })}>
              {t({ ja: '前へ', en: 'Previous' })}
            </button>
            <button type="button" disabled={!page.data?.next} onClick={() => setQuery({ after: page.data?.next ?? 0 })}>
              {t({ ja: '次へ', en: 'Next' })}
            </button>
            <button type="button" disabled={head === undefined} onClick={() => setQuery({ after: Math.max(0, (head ?? 0) - PAGE) })}>
              {t({ ja: '最新', en: 'Latest' })}
            </button>
          </div>
        </div>
        <Loading load={page}>
          {(d) =>
            d.entries.length === 0 ? (
              <Empty>{t({ ja: '記録はありません。', en: 'No entries.' })}</Empty>
            ) : (
              <table class="list journal" aria-label={t({ ja: '監査ログ', en: 'Journal' })}>
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{t({ ja: '日時', en: 'Time' })}</th>
                    <th>{t({ ja: '実行者', en: 'Actor' })}</th>
                    <th>{t({ ja: '操作', en: 'Action' })}</th>
                    <th>{t({ ja: '対象', en: 'Record' })}</th>
                    <th>{t({ ja: '内容', en: 'Content' })}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.entries.map((e) => (
                    <Fragment key={e.seq}>
                      <tr>
                        <td>{e.seq}</td>
                        <td>{dateTime(e.at)}</td>
                        <td>{actor(e)}</td>
                        <td>
                          <code>{e.action}</code>
                        </td>
                        <td title={`${e.entityType} ${e.entityId}`}>
                          {e.entityType} {e.entityId.length > 20 ? `${e.entityId.slice(0, 12)}…` : e.entityId}
                        </td>
                        <td>
                          <button type="button" class="small" aria-expanded={open.has(e.seq)} onClick={() => toggle(e.seq)}>
                            {open.has(e.seq) ? t({ ja: '閉じる', en: 'Hide' }) : t({ ja: '表示', en: 'Show' })}
                          </button>
                        </td>
                      </tr>
                      {open.has(e.seq) && (
                        <tr class="journal-data">
                          <td colSpan={6}>
                            <pre>{JSON.stringify(e.data, null, 2)}</pre>
                            <div class="muted small">
                              {t({ ja: 'ハッシュ', en: 'Hash' })} {e.hash}
                            </div>
                          </td>
                        </tr>
                      )}
                    </Fragment>
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
