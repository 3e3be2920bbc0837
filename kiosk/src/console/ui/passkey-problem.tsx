import { useEffect, useState } from 'preact/hooks';
import { request } from '../../shared/api.ts';
import { t, type Msg } from '../../shared/i18n.ts';
import type { PasskeyProblem } from '../../shared/passkey-problem.ts';
import type { ApiJson } from '../types.ts';

export const PASSKEY_PROBLEM: Record<PasskeyProblem, Msg> = {
  cancelled: { ja: 'パスキーの操作が取り消されたか、時間切れになりました。もう一度お試しください。', en: 'The passkey prompt was cancelled or timed out. Try again.' },
  'already-registered': {
    ja: 'このセキュリティキーは登録済みです。別のキーを使うか、このキーでサインインしてください。',
    en: 'This security key is already registered. Use another key, or sign in with this one.',
  },
  'wrong-address': { ja: 'このアドレスではパスキーを使えません。{origin} を開いてください。', en: 'Passkeys do not work at this address. Open {origin}.' },
  failed: { ja: 'パスキーの操作ができませんでした。もう一度お試しください。', en: 'The passkey operation failed. Try again.' },
};

let origin: Promise<string | null> | null = null;

/** The passkey origin from the public /api/info (RP_ORIGIN), fetched once. */
function passkeyOrigin(): Promise<string | null> {
  origin ??= request<ApiJson<'/api/info'>>('/api/info').then(
    (info) => info.rpOrigin ?? null,
    () => null,
  );
  return origin;
}

function useRpOrigin(): string | null {
  const [rpOrigin, setRpOrigin] = useState<string | null>(null);
  useEffect(() => void passkeyOrigin().then(setRpOrigin), []);
  return rpOrigin;
}

/** Said before anyone presses a passkey button on a page opened at another address than RP_ORIGIN. */
export function AddressCheck() {
  const rpOrigin = useRpOrigin();
  return rpOrigin !== null && rpOrigin !== location.origin ? <WrongAddress /> : null;
}

/**
 * Passkeys work only on the configured origin. The link keeps this page's path and fragment, so an
 * enrolment link opened on 127.0.0.1 continues, token and all, on the right address.
 */
export function WrongAddress() {
  const rpOrigin = useRpOrigin();
  const there = rpOrigin ? `${rpOrigin}${location.pathname}${location.hash}` : null;
  const [before, after] = t(PASSKEY_PROBLEM['wrong-address']).split('{origin}') as [string, string?];
  return (
    <div class="banner error" role="alert">
      {there ? (
        <>
          {before}
          <a href={there}>{rpOrigin}</a>
          {after}
        </>
      ) : (
        t({ ja: 'このアドレスではパスキーを使えません。サーバーが表示したアドレスを開いてください。', en: 'Passkeys do not work at this address. Open the address the server printed.' })
      )}
    </div>
  );
}
