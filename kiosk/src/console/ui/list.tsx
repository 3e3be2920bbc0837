import type { ComponentChildren } from 'preact';
import { Fragment } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { t, type Msg } from '../../shared/i18n.ts';
import { Empty, ErrorBanner, Loading, type Loaded } from './common.tsx';
import { setQuery } from '../router.ts';

/**
 * The console's list pages, written once (issue 18 item 6): filters above, then the loading line, the
 * error in words, a sentence when there is nothing to list, or a table named for what it lists; below
 * it, もっと見る while the server has more (a cursor).
 */

/** One column: its header (in the reader's language) and what each row shows in it. */
export interface Column<R> {
  /** The header; a plain string only for what reads the same in both languages ("No.", "#"), or '' for none. */
  head: Msg | string;
  cell: (row: R) => ComponentChildren;
  /** The cell's class ('nowrap', 'asset-number', …). */
  class?: string;
  /** The cell's tooltip (the whole of what it shortens). */
  title?: (row: R) => string;
}

export interface TableProps<R> {
  /** The table's accessible name: what it lists. */
  label: Msg;
  columns: Column<R>[];
  rowKey: (row: R) => string | number;
  rowClass?: (row: R) => string | undefined;
  /** More classes beside `list` (`journal`, `ledger`). */
  class?: string;
  /** What follows a row inside the table (an opened detail row). */
  after?: (row: R) => ComponentChildren;
}

/** A list's table: one header row, one row per record. */
export function ListTable<R>({ label, columns, rows, rowKey, rowClass, class: cls, after }: TableProps<R> & { rows: readonly R[] }) {
  return (
    <table class={cls ? `list ${cls}` : 'list'} aria-label={t(label)}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i}>{typeof c.head === 'string' ? c.head || null : t(c.head)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <Fragment key={rowKey(r)}>
            <tr class={rowClass?.(r)}>
              {columns.map((c, i) => (
                <td key={i} class={c.class} title={c.title?.(r)}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
            {after?.(r)}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

/** Paging by the server's cursor: what is shown so far, and the button for the next page. */
export interface More {
  /** The server has more after what is shown. */
  has: boolean;
  loading: boolean;
  error: unknown;
  onMore(): void;
}

/**
 * A list's body from a load: the loading line or the error until there is data, then the sentence
 * `empty` when `rows` is empty, else the table (and もっと見る under it when `more` says there is more).
 */
export function ListView<T, R>({ load, rows, empty, more, ...table }: TableProps<R> & { load: Loaded<T>; rows: (data: T) => readonly R[]; empty: Msg; more?: More }) {
  return (
    <Loading load={load}>
      {(d) => {
        const list = rows(d);
        // A page may hold none of what is shown (a view narrowed in the browser): the server may still have more.
        if (list.length === 0)
          return (
            <>
              <Empty>{t(empty)}</Empty>
              {more && <MoreButton more={more} />}
            </>
          );
        return (
          <>
            <ListTable rows={list} {...table} />
            {more && <MoreButton more={more} />}
          </>
        );
      }}
    </Loading>
  );
}

export function MoreButton({ more }: { more: More }) {
  return (
    <>
      <ErrorBanner error={more.error} />
      {more.has && (
        <div class="buttons">
          <button type="button" disabled={more.loading} onClick={more.onMore}>
            {more.loading ? t({ ja: '読み込み中…', en: 'Loading…' }) : t({ ja: 'もっと見る', en: 'Show more' })}
          </button>
        </div>
      )}
    </>
  );
}

/** A page of a list as the server answers it: the rows, and the cursor of the next page (null: no more). */
export interface Page<R, C> {
  rows: R[];
  next: C | null;
}

/**
 * Loads the first page when `deps` change (a filter), then appends the next page on もっと見る. Returns
 * the load of everything shown so far (for ListView) and the paging state (for its `more`).
 */
export function usePagedList<R, C>(fetchPage: (cursor: C | null) => Promise<Page<R, C>>, deps: unknown[]): { load: Loaded<Page<R, C>>; more: More } {
  const [state, setState] = useState<{ data: Page<R, C> | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [moreState, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    setMore({ loading: false, error: null });
    fetchPage(null).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const next = state.data?.next ?? null;
  const onMore = () => {
    if (next === null || moreState.loading) return;
    setMore({ loading: true, error: null });
    fetchPage(next).then(
      (page) => {
        setState((s) => ({ ...s, data: { rows: [...(s.data?.rows ?? []), ...page.rows], next: page.next } }));
        setMore({ loading: false, error: null });
      },
      (error: unknown) => setMore({ loading: false, error }),
    );
  };
  return { load: { ...state, reload }, more: { has: next !== null, loading: moreState.loading, error: moreState.error, onMore } };
}

/** The filters above a list, in one row. */
export function ListFilters({ children }: { children: ComponentChildren }) {
  return <div class="filters row">{children}</div>;
}

/**
 * A period filter kept in the address (`from`, `to`: days, YYYY-MM-DD, read by the server in the
 * ledger's time zone), so a filtered list can be bookmarked and the back button restores it.
 */
export function DateRangeFilter({ id, from, to, label = { ja: '期間', en: 'Period' } }: { id: string; from: string; to: string; label?: Msg }) {
  return (
    <fieldset class="field shrink date-range">
      <legend>{t(label)}</legend>
      <div class="row">
        <label for={`${id}-from`}>{t({ ja: '開始日', en: 'From' })}</label>
        <input id={`${id}-from`} type="date" value={from} max={to || undefined} onChange={(e) => setQuery({ from: e.currentTarget.value || null })} />
        <label for={`${id}-to`}>{t({ ja: '終了日', en: 'To' })}</label>
        <input id={`${id}-to`} type="date" value={to} min={from || undefined} onChange={(e) => setQuery({ to: e.currentTarget.value || null })} />
        {(from || to) && (
          <button type="button" onClick={() => setQuery({ from: null, to: null })}>
            {t({ ja: '期間を解除', en: 'Clear period' })}
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** The address's period (`from`, `to`), as DateRangeFilter keeps it. */
export function periodOfQuery(query: URLSearchParams): { from: string; to: string; chosen: boolean } {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  return { from, to, chosen: from !== '' || to !== '' };
}

/** The list filters of the address, as the API's query string (`from`, `to`, `status`, … those present). */
export function listQuery(query: URLSearchParams, keys: readonly string[], extra: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const k of keys) {
    const v = query.get(k);
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
