import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import QRCode from 'qrcode';
import { ApiError, NetworkError } from '../../shared/api.ts';
import { lang, setLang, t, type Msg } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { passkeyProblem } from '../../shared/passkey-problem.ts';
import { ERROR_LABEL, serverMessage } from '../messages.ts';
import { PASSKEY_PROBLEM, WrongAddress } from './passkey-problem.tsx';
import { navigate } from '../router.ts';

/** Plain words for anything that went wrong, with the request id for the admin's log search. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const id = err.body.requestId ? ` (${t({ ja: '要求ID', en: 'request' })} ${err.body.requestId.slice(0, 8)})` : '';
    const known = ERROR_LABEL[err.body.code];
    const prefix = known ? t(known) : err.status >= 500 ? t(ERROR_LABEL['INTERNAL']!) : t({ ja: 'エラー', en: 'Error' });
    // A list filter's problem (a query, which no form field shows) the console knows how to say reads better
    // than the summary ("invalid query.to"); a form's issues keep the summary, which names the field or row.
    const said = (err.body.details?.issues ?? [])
      .filter((i) => i.path.startsWith('query.'))
      .flatMap((i) => {
        const m = serverMessage(i.message);
        return m === i.message ? [] : [m];
      });
    return `${prefix}: ${said.length > 0 ? said.join('、') : serverMessage(err.message)}${id}`;
  }
  if (err instanceof NetworkError) return t({ ja: 'サーバーに接続できません。ネットワークを確認してください。', en: 'Cannot reach the server. Check the network.' });
  const problem = passkeyProblem(err);
  if (problem) return t(PASSKEY_PROBLEM[problem], { origin: t({ ja: 'サーバーが表示したアドレス', en: 'the address the server printed' }) });
  return String(err instanceof Error ? err.message : err);
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  if (passkeyProblem(error) === 'wrong-address') return <WrongAddress />;
  return (
    <div class="banner error" role="alert">
      {errorText(error)}
    </div>
  );
}

export function Banner({ kind, children }: { kind: 'ok' | 'warn' | 'error' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`banner ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads once per change of `deps`; reload() fetches again (after a change, or the refresh button). */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** Shows the error or a loading line until data is there. */
export function Loading<T>({ load, children }: { load: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (load.data === undefined) {
    if (load.error) return <ErrorBanner error={load.error} />;
    return <p class="muted">{t({ ja: '読み込み中…', en: 'Loading…' })}</p>;
  }
  return (
    <>
      {load.error ? <ErrorBanner error={load.error} /> : null}
      {children(load.data)}
    </>
  );
}

export function PageTitle({ title, children }: { title: Msg; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${t(title)} — ${t({ ja: '入退室管理', en: 'Access ledger' })}`;
  });
  return (
    <div class="page-title">
      <h1>{t(title)}</h1>
      {children && <div class="actions">{children}</div>}
    </div>
  );
}

/** An in-app link: keeps the page, changes the screen. */
export function Link({ href, children, class: cls, ...rest }: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a
      {...rest}
      href={href}
      class={cls}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

/** A QR code drawn in the browser (no network), with its text beside it for reading aloud or typing. */
export function Qr({ text, alt }: { text: string; alt: Msg }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img class="qr" src={src} alt={t(alt)} width={240} height={240} /> : <div class="qr" />;
}

export function LangToggle() {
  const current = useSignal(lang);
  const next = current === 'ja' ? 'en' : 'ja';
  return (
    <button type="button" class="lang-toggle" lang={next} onClick={() => setLang(next)} aria-label={next === 'en' ? 'Switch to English' : '日本語に切り替え'}>
      {next === 'en' ? 'English' : '日本語'}
    </button>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty muted">{children}</p>;
}

/** A short chip (status, flag, role). */
export function Tag({ kind = '', children }: { kind?: string; children: ComponentChildren }) {
  return <span class={`tag ${kind}`}>{children}</span>;
}

/** A simple confirmation step rendered inline (no window.confirm: it blocks tests and looks foreign). */
export function useConfirm(): [string | null, (key: string | null) => void] {
  return useState<string | null>(null);
}
