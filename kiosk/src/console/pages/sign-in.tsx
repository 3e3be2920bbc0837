import type { Ceremony } from '../types.ts';
import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, loadSession, sessionEnded } from '../session.ts';
import { Banner, ErrorBanner, PageTitle } from '../ui/common.tsx';
import { AddressCheck } from '../ui/passkey-problem.tsx';

/** Usernameless passkey sign-in: the security key offers its own credential, nothing is typed. */
export function SignInPage() {
  const ended = useSignal(sessionEnded);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Back in this tab after signing in elsewhere: the console, not a sign-in that would be refused.
  useEffect(() => {
    const recheck = () => {
      if (document.visibilityState === 'visible') void loadSession();
    };
    document.addEventListener('visibilitychange', recheck);
    return () => document.removeEventListener('visibilitychange', recheck);
  }, []);
  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      // This browser may hold a live session this page does not know of (signed in in another tab).
      // The server would ask the options call for that session's CSRF token and refuse it; with the
      // session loaded, the app shows the console at this address instead.
      if (await loadSession()) return;
      const { options: optionsJSON } = await api<Ceremony<'/api/auth/login/options'>>('/api/auth/login/options', { method: 'POST' });
      const response = await startAuthentication({ optionsJSON });
      await api('/api/auth/login/verify', { body: { response } });
      sessionEnded.set(null);
      await loadSession();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="narrow">
      <PageTitle title={{ ja: 'サインイン', en: 'Sign in' }} />
      <AddressCheck />
      {ended === 'idle' && (
        <Banner kind="warn">{t({ ja: '15分間操作がなかったため、サインアウトしました。', en: 'You were signed out after 15 minutes without activity.' })}</Banner>
      )}
      {ended === 'expired' && <Banner kind="warn">{t({ ja: 'セッションが終了しました。もう一度サインインしてください。', en: 'Your session ended. Please sign in again.' })}</Banner>}
      <div class="card center">
        <p>{t({ ja: 'セキュリティキーを差し込むかかざしてから、ボタンを押してください。', en: 'Insert or tap your security key, then press the button.' })}</p>
        <button type="button" class="primary big" onClick={signIn} disabled={busy}>
          {busy ? t({ ja: 'パスキーを確認中…', en: 'Checking passkey…' }) : t({ ja: 'パスキーでサインイン', en: 'Sign in with passkey' })}
        </button>
        <ErrorBanner error={error} />
        <p class="muted small">
          {t({
            ja: 'パスキーをお持ちでない方は、管理者に登録用リンクの発行を依頼してください。',
            en: 'No passkey yet? Ask an admin for an enrolment link.',
          })}
        </p>
      </div>
    </main>
  );
}
