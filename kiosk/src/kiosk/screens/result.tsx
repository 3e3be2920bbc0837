import { t, type Msg } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { M, REFUSALS, UNKNOWN_REFUSAL, WARNINGS } from '../messages.ts';
import { A } from '../asset-messages.ts';
import { pending } from '../outbox.ts';
import { Dismissable, formatDateTime } from '../parts.tsx';
import type { Direction, Outcome, SubmitResult, Warning } from '../submit.ts';

const ACCEPTED_MS = 6_000;
// Warnings and refusals carry instructions: a little longer to read them (a touch still returns sooner).
const READ_MORE_MS = 10_000;

export function SubmittingScreen({ msg = M.recording }: { msg?: Msg }) {
  return (
    <div class="k-screen k-result k-busy" role="status" aria-busy="true">
      <div class="k-spinner" aria-hidden="true" />
      <h1 class="k-result-title">{t(msg)}</h1>
    </div>
  );
}

function warningText(w: Warning): Msg {
  if (w.code === 'last_person_out') return w.remainingPersonId === null ? WARNINGS.lastOutEmpty : WARNINGS.lastOutOneLeft;
  if (w.code === 'alone_in_two_person_area') return WARNINGS.alone;
  return w.detail === 'already_inside' ? WARNINGS.alreadyInside : WARNINGS.notInside;
}

function Accepted({ outcome, onDone, onAssets }: { outcome: Outcome; onDone: () => void; onAssets?: (() => void) | undefined }) {
  const e = outcome.event;
  const dir = e.direction === 'in' ? M.dirIn : M.dirOut;
  return (
    <Dismissable ms={outcome.warnings.length > 0 || onAssets ? READ_MORE_MS : ACCEPTED_MS} onDone={onDone} class={`k-ok k-dir-${e.direction}`} role="status">
      <div class="k-result-icon" aria-hidden="true">
        ✓
      </div>
      <h1 class="k-result-title">{t(e.direction === 'in' ? M.acceptedIn : M.acceptedOut)}</h1>
      <p class="k-name">{e.nameSnapshot}</p>
      {e.affiliationSnapshot && <p class="k-affiliation">{e.affiliationSnapshot}</p>}
      <p class="k-when">
        <span class="k-when-dir">{t(dir)}</span> {formatDateTime(e.occurredAt)}
      </p>
      {outcome.warnings.map((w, i) => (
        <p key={i} class="banner warn k-warning" role="alert">
          {t(warningText(w))}
        </p>
      ))}
      {onAssets && (
        <button
          type="button"
          class="k-big k-assets-button"
          onClick={(ev) => {
            ev.stopPropagation();
            onAssets();
          }}
        >
          {t(A.scanEquipment)}
        </button>
      )}
    </Dismissable>
  );
}

function Refused({ outcome, onDone }: { outcome: Outcome; onDone: () => void }) {
  const e = outcome.event;
  const reason = (e.refusalReason && REFUSALS[e.refusalReason]) || UNKNOWN_REFUSAL;
  return (
    <Dismissable ms={READ_MORE_MS} onDone={onDone} class="k-bad" role="alert">
      <div class="k-result-icon" aria-hidden="true">
        ✕
      </div>
      <h1 class="k-result-title">{t(e.direction === 'in' ? M.refusedIn : M.refusedOut)}</h1>
      {e.nameSnapshot && <p class="k-name">{e.nameSnapshot}</p>}
      <p class="k-why">{t(reason.why)}</p>
      <div class="k-todo">
        <h2>{t(M.whatToDo)}</h2>
        <p>{t(reason.todo)}</p>
      </div>
      <p class="k-logged">{t(M.refusalLogged)}</p>
    </Dismissable>
  );
}

function Queued({ direction, deviceAt, onDone }: { direction: Direction; deviceAt: string; onDone: () => void }) {
  const count = useSignal(pending);
  return (
    <Dismissable ms={ACCEPTED_MS} onDone={onDone} class="k-queued" role="status">
      <div class="k-result-icon" aria-hidden="true">
        ⟳
      </div>
      <h1 class="k-result-title">{t(M.offlineHeading)}</h1>
      <p class="k-when">
        <span class="k-when-dir">{t(direction === 'in' ? M.dirIn : M.dirOut)}</span> {formatDateTime(deviceAt)}
      </p>
      <p class="k-lead">{t(M.offlineBody)}</p>
      {count > 0 && <p class="banner warn k-pending">{t(M.pending, { n: count })}</p>}
    </Dismissable>
  );
}

function Failed({ msg, onDone }: { msg: Msg; onDone: () => void }) {
  return (
    <Dismissable ms={READ_MORE_MS} onDone={onDone} class="k-bad" role="alert">
      <div class="k-result-icon" aria-hidden="true">
        !
      </div>
      <h1 class="k-result-title">{t(M.failedHeading)}</h1>
      <p class="k-why">{t(msg)}</p>
    </Dismissable>
  );
}

/** What happened, shown large; then back to idle, and the result (name, affiliation) is gone with it. */
export function ResultScreen({ result, onDone, onAssets }: { result: SubmitResult; onDone: () => void; onAssets?: (() => void) | undefined }) {
  switch (result.kind) {
    case 'recorded':
      return result.outcome.event.result === 'accepted' ? <Accepted outcome={result.outcome} onDone={onDone} onAssets={onAssets} /> : <Refused outcome={result.outcome} onDone={onDone} />;
    case 'queued':
      return <Queued direction={result.direction} deviceAt={result.deviceAt} onDone={onDone} />;
    case 'passkey-offline':
      return <Failed msg={M.passkeyOffline} onDone={onDone} />;
    case 'queue-failed':
      return <Failed msg={M.offlineFailed} onDone={onDone} />;
    case 'queue-full':
      return <Failed msg={M.queueFull} onDone={onDone} />;
    case 'failed':
      return <Failed msg={M.failedBody} onDone={onDone} />;
  }
}
