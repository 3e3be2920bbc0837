import { useEffect, useRef, useState } from 'preact/hooks';
import { startAuthentication, WebAuthnAbortService } from '@simplewebauthn/browser';
import { ApiError, NetworkError } from '../../shared/api.ts';
import { passkeyProblem } from '../../shared/passkey-problem.ts';
import { assetWithKind, ROUND_TRIP_LABEL } from '../../shared/custody-labels.ts';
import { t, type Msg } from '../../shared/i18n.ts';
import { A } from '../asset-messages.ts';
import { M } from '../messages.ts';
import { approvalOptions, approveOnTheSpot, type SpotRequest } from '../assets-api.ts';
import { formatDateTime } from '../parts.tsx';

type State =
  | { kind: 'ask'; problem: Msg | null; detail: string | null }
  | { kind: 'busy' }
  | { kind: 'review'; request: SpotRequest; options: Awaited<ReturnType<typeof approvalOptions>>['options']; problem: Msg | null }
  | { kind: 'waiting'; request: SpotRequest }
  | { kind: 'done'; request: SpotRequest };

function problemOf(err: unknown): Msg {
  if (err instanceof NetworkError) return M.passkeyOffline;
  if (err instanceof ApiError) {
    if (err.status === 404 || err.status === 400) return A.notFound;
    if (err.status === 403) return A.notHere;
    if (err.status === 409) return A.notOpen;
    if (err.status === 401) return A.keyNotVerified;
  }
  if (passkeyProblem(err) === 'cancelled') return A.keyCancelled;
  return A.keyNotVerified;
}

/** The server's own words, small, for the guard: which rule refused it. */
const detailOf = (err: unknown) => (err instanceof ApiError ? err.message : null);

/**
 * A guard standing at the door approves a carry-in request with their own security key (C2 at the
 * door). The request is shown first so the guard approves what they read; the server checks the rest (E1).
 */
export function SpotApproval({ onBack }: { onBack: () => void }) {
  const [number, setNumber] = useState('');
  const [state, setState] = useState<State>({ kind: 'ask', problem: null, detail: null });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
      WebAuthnAbortService.cancelCeremony();
    },
    [],
  );

  const lookUp = async () => {
    const id = Number(number.normalize('NFKC').trim());
    if (!Number.isInteger(id) || id <= 0) return setState({ kind: 'ask', problem: A.notFound, detail: null });
    setState({ kind: 'busy' });
    try {
      const { options, context: { request } } = await approvalOptions(id);
      if (mounted.current) setState({ kind: 'review', request, options, problem: null });
    } catch (err) {
      if (mounted.current) setState({ kind: 'ask', problem: problemOf(err), detail: detailOf(err) });
    }
  };

  const approve = async (request: SpotRequest, options: Awaited<ReturnType<typeof approvalOptions>>['options']) => {
    setState({ kind: 'waiting', request });
    try {
      const response = await startAuthentication({ optionsJSON: { ...options, hints: ['security-key'] } });
      const decided = await approveOnTheSpot(request.id, response);
      if (mounted.current) setState({ kind: 'done', request: decided });
    } catch (err) {
      // A challenge is single-use: after a failure the guard looks the request up again.
      if (mounted.current) setState({ kind: 'ask', problem: problemOf(err), detail: detailOf(err) });
    }
  };

  return (
    <main class="k-approval">
      <h2 class="k-approval-heading">{t(A.guardApprove)}</h2>
      {(state.kind === 'ask' || state.kind === 'busy') && (
        <form
          class="k-other"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp();
          }}
        >
          <p class="k-lead">{t(A.guardApproveIntro)}</p>
          <label for="k-request-number">{t(A.requestNumber)}</label>
          <div class="k-other-row">
            <input id="k-request-number" inputMode="numeric" autoComplete="off" value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
            <button type="submit" class="primary" disabled={state.kind === 'busy'}>
              {t(A.lookUp)}
            </button>
          </div>
          {state.kind === 'ask' && state.problem && (
            <div class="field-error" role="alert">
              <p>{t(state.problem)}</p>
              {state.detail && <p class="k-detail">{state.detail}</p>}
            </div>
          )}
        </form>
      )}
      {(state.kind === 'review' || state.kind === 'waiting' || state.kind === 'done') && <RequestFacts request={state.request} />}
      {state.kind === 'review' && (
        <button type="button" class="k-passkey-button" onClick={() => void approve(state.request, state.options)}>
          {t(A.approveWithKey)}
        </button>
      )}
      {state.kind === 'waiting' && <p class="k-lead" role="status">{t(A.touchKey)}</p>}
      {state.kind === 'done' && (
        <p class="banner ok k-approved" role="status">
          {t(state.request.status === 'approved' ? A.approved : A.partlyApproved, { n: state.request.id })}
        </p>
      )}
      <button type="button" class="k-back" onClick={onBack}>
        {t(A.back)}
      </button>
    </main>
  );
}

function RequestFacts({ request: r }: { request: SpotRequest }) {
  return (
    <dl class="k-facts" aria-label={t(A.requestNumber)}>
      <dt>{t(A.requestNumber)}</dt>
      <dd>{r.id}</dd>
      <dt>{t(A.requester)}</dt>
      <dd>{r.requester.name}</dd>
      <dt>{t(A.carrier)}</dt>
      <dd>{r.carrier.name}</dd>
      <dt>{t(A.area)}</dt>
      <dd>{r.area.name}</dd>
      <dt>{t(A.purpose)}</dt>
      <dd>{r.purpose}</dd>
      <dt>{t(A.window)}</dt>
      <dd>
        {formatDateTime(r.windowFrom)} – {formatDateTime(r.windowTo)}
      </dd>
      <dt>{t(A.assets)}</dt>
      <dd>{r.items.map((i) => assetWithKind(i.assetNumber, i.kind)).join(t(A.listSeparator))}</dd>
      {r.roundTrip && (
        <>
          <dt>{t(ROUND_TRIP_LABEL)}</dt>
          <dd>{t(A.roundTripApproval)}</dd>
        </>
      )}
    </dl>
  );
}
