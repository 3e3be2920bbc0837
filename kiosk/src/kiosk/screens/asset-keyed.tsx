import { useEffect, useRef, useState } from 'preact/hooks';
import { startAuthentication, WebAuthnAbortService } from '@simplewebauthn/browser';
import { ApiError, NetworkError } from '../../shared/api.ts';
import { passkeyProblem } from '../../shared/passkey-problem.ts';
import { assetWithKind } from '../../shared/custody-labels.ts';
import { t, type Msg } from '../../shared/i18n.ts';
import { A } from '../asset-messages.ts';
import { M } from '../messages.ts';
import { keyedOptions, postKeyedMovement, type AssetSession, type KeyedOptions } from '../assets-api.ts';
import type { ScanEntry } from './asset-scan-parts.tsx';

type State =
  | { kind: 'typing'; problem: Msg | null }
  | { kind: 'busy' }
  | { kind: 'review'; found: KeyedOptions; problem: Msg | null }
  | { kind: 'waiting'; found: KeyedOptions };

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-'];
const LETTERS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];
/** What an asset number may hold (src/assets/schemas.ts), after the tablet's full-width forms are folded. */
const NUMBER = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,39}$/;

function problemOf(err: unknown, step: 'look-up' | 'confirm'): Msg {
  if (err instanceof NetworkError) return M.passkeyOffline;
  if (err instanceof ApiError) {
    if (err.status === 400 && step === 'look-up') return 'assetNumber' in err.fieldErrors() ? A.keyedNotFound : A.keyedNotNow;
    if (err.status === 409 || err.status === 400) return A.keyedNotNow;
    if (err.status === 401) return A.keyNotVerified;
  }
  if (passkeyProblem(err) === 'cancelled') return A.keyCancelled;
  return A.keyNotVerified;
}

/**
 * A damaged label (issue 15 item 8): the guard types the 管理番号 on a large on-screen keypad (a
 * hardware keyboard works too), reads what it names, and confirms with their own security key. The
 * outcome is a movement like a scan's, accepted or refused, and goes to the same list (`onResult`).
 */
export function KeyedEntry({ session, initial = '', onResult, onBack }: { session: AssetSession; initial?: string; onResult: (e: ScanEntry) => void; onBack: () => void }) {
  const [number, setNumber] = useState(initial);
  const [state, setState] = useState<State>({ kind: 'typing', problem: null });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
      WebAuthnAbortService.cancelCeremony();
    },
    [],
  );
  const typed = number.normalize('NFKC').trim().toUpperCase();
  const press = (key: string) => {
    setNumber((n) => (n.length >= 40 ? n : n + key));
    if (state.kind !== 'typing' || state.problem) setState({ kind: 'typing', problem: null });
  };

  const lookUp = async () => {
    if (!NUMBER.test(typed)) return setState({ kind: 'typing', problem: A.keyedBadNumber });
    setState({ kind: 'busy' });
    try {
      const found = await keyedOptions(session, typed);
      if (mounted.current) setState({ kind: 'review', found, problem: null });
    } catch (err) {
      if (mounted.current) setState({ kind: 'typing', problem: problemOf(err, 'look-up') });
    }
  };

  const confirm = async (found: KeyedOptions) => {
    setState({ kind: 'waiting', found });
    try {
      const response = await startAuthentication({ optionsJSON: { ...found.options, hints: ['security-key'] } });
      const result = await postKeyedMovement(session, found.context.asset.assetNumber, response);
      if (!mounted.current) return;
      onResult({ key: Date.now(), result });
      onBack();
    } catch (err) {
      // A challenge is single-use: after a failure the guard checks the item again for a new one.
      if (mounted.current) setState({ kind: 'typing', problem: problemOf(err, 'confirm') });
    }
  };

  const reviewing = state.kind === 'review' || state.kind === 'waiting';
  return (
    <main class="k-keyed" aria-label={t(A.keyedHeading)}>
      <form
        id="k-keyed-form"
        class="k-keyed-pad"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void lookUp();
        }}
      >
        <label for="k-keyed-number">{t(A.assetNumber)}</label>
        <input
          id="k-keyed-number"
          class="k-keyed-number"
          inputMode="none"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          value={number}
          disabled={reviewing}
          onInput={(e) => {
            setNumber(e.currentTarget.value);
            if (state.kind === 'typing' && state.problem) setState({ kind: 'typing', problem: null });
          }}
        />
        {reviewing ? (
          <Review found={state.found} />
        ) : (
          <div class="k-keypad" role="group" aria-label={t(A.keypad)}>
            {[DIGITS.join(''), ...LETTERS].map((row) => (
              <div class="k-keypad-row" key={row}>
                {[...row].map((k) => (
                  <button type="button" key={k} class="k-key" onClick={() => press(k)}>
                    {k}
                  </button>
                ))}
              </div>
            ))}
            <div class="k-keypad-row">
              <button type="button" class="k-key k-key-wide" onClick={() => setNumber((n) => n.slice(0, -1))}>
                {t(A.deleteOne)}
              </button>
              <button type="button" class="k-key k-key-wide" onClick={() => setNumber('')}>
                {t(A.clearAll)}
              </button>
            </div>
          </div>
        )}
      </form>
      <section class="k-side k-keyed-side">
        <h2 class="k-approval-heading">{t(A.keyedHeading)}</h2>
        <p class="k-keyed-intro">{t(A.keyedIntro)}</p>
        {state.kind === 'typing' && state.problem && (
          <p class="field-error k-keyed-problem" role="alert">
            {t(state.problem)}
          </p>
        )}
        {!reviewing && (
          <button type="submit" form="k-keyed-form" class="k-big primary" disabled={state.kind === 'busy' || typed === ''}>
            {t(A.showAsset)}
          </button>
        )}
        {state.kind === 'review' && (
          <>
            <button type="button" class="k-passkey-button" onClick={() => void confirm(state.found)}>
              {t(A.confirmWithKey)}
            </button>
            <button type="button" class="k-small" onClick={() => setState({ kind: 'typing', problem: null })}>
              {t(A.typeAgain)}
            </button>
          </>
        )}
        {state.kind === 'waiting' && (
          <p class="k-lead" role="status">
            {t(A.touchKey)}
          </p>
        )}
        <button type="button" class="k-back" onClick={onBack}>
          {t(A.back)}
        </button>
      </section>
    </main>
  );
}

function Review({ found }: { found: KeyedOptions }) {
  const a = found.context.asset;
  const dir = t(found.context.direction === 'in' ? A.directionIn : A.directionOut);
  return (
    <div class="k-keyed-review" role="status">
      <p class="k-keyed-asset">{assetWithKind(a.assetNumber, a.kind)}</p>
      {a.description && <p class="k-hint">{a.description}</p>}
      <p class="k-lead">{t(A.keyedThis, { n: a.assetNumber, dir })}</p>
    </div>
  );
}
