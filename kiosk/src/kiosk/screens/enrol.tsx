import { useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../../shared/api.ts';
import { t, type Msg } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { chooseArea, enrol, normaliseCode, revokedNotice, type KioskArea } from '../device.ts';
import { M } from '../messages.ts';
import { LangToggle, TopBar } from '../parts.tsx';

const ENROL_ERRORS = {
  offline: { ja: 'サーバーに接続できません。ネットワークを確認して、もう一度試してください。', en: 'The server cannot be reached. Check the network and try again.' },
  busy: { ja: '試行が多すぎます。しばらく待ってから試してください。', en: 'Too many attempts. Wait a moment and try again.' },
  other: { ja: '登録できませんでした。もう一度試すか、管理者に連絡してください。', en: 'Enrolment failed. Try again, or contact an administrator.' },
} satisfies Record<string, Msg>;

/** First run (or after a revocation): the one-time code from an admin becomes this tablet's device token. */
export function EnrolScreen() {
  const revoked = useSignal(revokedNotice);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ msg: Msg; vars?: Record<string, number> } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const normal = normaliseCode(code);
    const length = normal.replace('-', '').length;
    if (length !== 10) return setError({ msg: M.enrolTooShort, vars: { n: length } });
    setBusy(true);
    setError(null);
    try {
      await enrol(normal);
    } catch (err) {
      if (err instanceof NetworkError) setError({ msg: ENROL_ERRORS.offline });
      else if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setError({ msg: M.enrolRefused });
      else if (err instanceof ApiError && err.status === 429) setError({ msg: ENROL_ERRORS.busy });
      else setError({ msg: ENROL_ERRORS.other });
      setBusy(false);
    }
  };

  return (
    <div class="k-screen k-enrol">
      <header class="k-top">
        <h1 class="k-heading">{t(M.enrolHeading)}</h1>
        <LangToggle />
      </header>
      <main class="k-enrol-main">
        {revoked && (
          <p class="banner error" role="alert">
            {t(M.revoked)}
          </p>
        )}
        <p class="k-lead">{t(M.enrolIntro)}</p>
        <form class="k-enrol-form" onSubmit={submit} noValidate>
          <label for="k-code">{t(M.enrolCodeLabel)}</label>
          <input
            id="k-code"
            class="k-code"
            value={code}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={24}
            placeholder="XXXXX-XXXXX"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'k-code-error' : undefined}
          />
          {error && (
            <p id="k-code-error" class="banner error" role="alert">
              {t(error.msg, error.vars)}
            </p>
          )}
          <button type="submit" class="primary k-big" disabled={busy}>
            {busy ? t(M.enrolBusy) : t(M.enrolSubmit)}
          </button>
        </form>
      </main>
    </div>
  );
}

/** A kiosk serving several areas (one door between two rooms, say) asks once which one it stands at. */
export function ChooseAreaScreen({ kioskName, areas }: { kioskName: string; areas: KioskArea[] }) {
  return (
    <div class="k-screen k-choose">
      <TopBar area={kioskName} />
      <main class="k-choose-main">
        <h1 class="k-heading">{t(M.chooseAreaHeading)}</h1>
        <p class="k-lead">{t(M.chooseAreaIntro)}</p>
        {areas.length === 0 && (
          <p class="banner error" role="alert">
            {t(M.noAreas)}
          </p>
        )}
        <div class="k-choices">
          {areas.map((a) => (
            <button type="button" key={a.id} class="k-choice" onClick={() => chooseArea(a.id)}>
              {a.name}
            </button>
          ))}
        </div>
      </main>
    </div>
  );
}
