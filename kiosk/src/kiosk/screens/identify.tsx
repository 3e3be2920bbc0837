import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { startAuthentication, WebAuthnAbortService, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { passkeyProblem } from '../../shared/passkey-problem.ts';
import { ApiError, NetworkError } from '../../shared/api.ts';
import { t, type Msg } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { CameraScanner } from '../camera-scanner.tsx';
import { kioskCall, reachable, type KioskArea } from '../device.ts';
import { M } from '../messages.ts';
import { TopBar, useInactivity } from '../parts.tsx';
import type { Direction, Identification } from '../submit.ts';
import { useWedgeScanner } from '../wedge.ts';
import { isAssetTag } from '../payloads.ts';

const GIVE_UP_MS = 60_000;

interface Props {
  area: KioskArea;
  kioskName: string;
  direction: Direction;
  onIdentified: (id: Identification) => void;
  onGuard: () => void;
  onCancel: () => void;
}

/** Who is at the door: the methods this area accepts (badge by camera or reader, security key), or a guard. */
export function IdentifyScreen({ area, kioskName, direction, onIdentified, onGuard, onCancel }: Props) {
  const badge = area.acceptedMethods.includes('badge');
  const passkey = area.acceptedMethods.includes('passkey');
  const done = useRef(false);
  // The first method to produce an identification wins; a second (camera and reader at once) is ignored.
  const once = useCallback(
    (id: Identification) => {
      if (done.current) return;
      done.current = true;
      onIdentified(id);
    },
    [onIdentified],
  );
  // An asset label held up (or scanned) here is no badge: ignored rather than refused as a forged one.
  const onBadge = useCallback((payload: string) => !isAssetTag(payload) && once({ method: 'badge', payload }), [once]);
  useWedgeScanner(onBadge, badge);
  useInactivity(GIVE_UP_MS, onCancel);

  return (
    <div class="k-screen k-identify">
      <TopBar area={area.name} kiosk={kioskName} />
      <h1 class={`k-heading k-dir-${direction}`}>{t(direction === 'in' ? M.identifyIn : M.identifyOut)}</h1>
      <main class={`k-identify-main${badge ? '' : ' k-no-camera'}`}>
        {badge && (
          <section class="k-scan">
            <CameraScanner onScan={onBadge} accept={(p) => !isAssetTag(p)} />
            <p class="k-hint">{t(M.wedgeHint)}</p>
          </section>
        )}
        <section class="k-side">
          {passkey && <PasskeyButton onIdentified={once} />}
          {!badge && !passkey && (
            <p class="banner warn" role="status">
              {t(M.noMethods)}
            </p>
          )}
          <button type="button" class="k-guard" onClick={onGuard}>
            {t(M.callGuard)}
          </button>
          <button type="button" class="k-back" onClick={onCancel}>
            {t(M.back)}
          </button>
        </section>
      </main>
    </div>
  );
}

type PasskeyState = { kind: 'ready' } | { kind: 'waiting' } | { kind: 'error'; msg: Msg };

/**
 * Usernameless passkey identification with a security key. It needs the server (the challenge comes
 * from it), so when the server is unreachable the button says so rather than failing silently.
 */
function PasskeyButton({ onIdentified }: { onIdentified: (id: Identification) => void }) {
  const online = useSignal(reachable);
  const [state, setState] = useState<PasskeyState>({ kind: 'ready' });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
      WebAuthnAbortService.cancelCeremony();
    },
    [],
  );

  const run = async () => {
    setState({ kind: 'waiting' });
    try {
      const { options } = await kioskCall<{ options: PublicKeyCredentialRequestOptionsJSON }>('/api/kiosk/identify/options', { method: 'POST', body: {} });
      // A passkey kept on the shared tablet would identify whoever holds the tablet: ask for a security key.
      const response = await startAuthentication({ optionsJSON: { ...options, hints: ['security-key'] } });
      if (mounted.current) onIdentified({ method: 'passkey', response });
    } catch (err) {
      if (!mounted.current) return;
      if (err instanceof NetworkError) return setState({ kind: 'error', msg: M.passkeyOffline });
      if (err instanceof ApiError && err.status === 401) return; // revoked: the app returns to enrolment
      setState({ kind: 'error', msg: passkeyProblem(err) === 'cancelled' ? M.passkeyCancelled : M.passkeyFailed });
    }
  };

  const waiting = state.kind === 'waiting';
  return (
    <div class="k-passkey">
      <button type="button" class="k-passkey-button" onClick={run} disabled={waiting} aria-describedby="k-passkey-note">
        <svg class="k-passkey-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="7.5" cy="12" r="4.5" fill="none" stroke="currentColor" stroke-width="2.2" />
          <path d="M12 12h10M18.5 12v4M21.5 12v3" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
        </svg>
        {t(M.passkeyButton)}
      </button>
      <p id="k-passkey-note" class="k-passkey-note" role={state.kind === 'error' ? 'alert' : undefined}>
        {state.kind === 'error' ? t(state.msg) : waiting ? t(M.passkeyWaiting) : online ? t(M.passkeyHint) : t(M.passkeyOffline)}
      </p>
      {!online && state.kind === 'ready' && <p class="k-offline-tag">{t(M.passkeyOfflineShort)}</p>}
    </div>
  );
}
