import { useCallback, useState } from 'preact/hooks';
import { assetWithKind } from '../../shared/custody-labels.ts';
import { t } from '../../shared/i18n.ts';
import type { KioskArea } from '../device.ts';
import { A } from '../asset-messages.ts';
import { confirmExit, type Answer, type AssetSession, type Visit, type VisitAsset } from '../assets-api.ts';
import { Dismissable, formatDateTime, TopBar, useInactivity } from '../parts.tsx';
import { ScanCard, ScanPanel, type ScanEntry } from './asset-scan-parts.tsx';
import { KeyedEntry } from './asset-keyed.tsx';

const GIVE_UP_MS = 120_000;
const DONE_MS = 6_000;

/**
 * At exit (item 6): each asset carried in during this stay and still inside is either left on purpose
 * or carried out now by scanning it; the answers are recorded together once every asset has one.
 */
export function ReconcileScreen({ area, kioskName, session, visit, onDone }: { area: KioskArea; kioskName: string; session: AssetSession; visit: Visit; onDone: () => void }) {
  const open = visit.assets.filter((a) => a.confirmation === null);
  const [answers, setAnswers] = useState<Record<number, Answer>>({});
  const [scanning, setScanning] = useState<VisitAsset | null>(null);
  const [keying, setKeying] = useState(false);
  const [last, setLast] = useState<ScanEntry | null>(null);
  const [state, setState] = useState<'answering' | 'sending' | 'sent' | 'failed'>('answering');
  useInactivity(GIVE_UP_MS, onDone);

  const onResult = useCallback(
    (e: ScanEntry) => {
      setLast(e);
      if (e.result.kind !== 'recorded' || e.result.outcome.movement.result !== 'accepted') return;
      const assetId = e.result.outcome.movement.assetId;
      const movementId = e.result.outcome.movement.id;
      if (assetId !== null && open.some((a) => a.assetId === assetId)) {
        setAnswers((old) => ({ ...old, [assetId]: { assetId, answer: 'carried_out', movementId } }));
        setScanning(null);
      }
    },
    [open],
  );

  const left = open.filter((a) => !answers[a.assetId]).length;
  const send = async () => {
    setState('sending');
    try {
      await confirmExit(visit.entryEventId!, open.map((a) => answers[a.assetId]!));
      setState('sent');
    } catch {
      setState('failed');
    }
  };

  if (state === 'sent') {
    return (
      <Dismissable ms={DONE_MS} onDone={onDone} class="k-ok" role="status">
        <div class="k-result-icon" aria-hidden="true">
          ✓
        </div>
        <h1 class="k-result-title">{t(A.answersRecorded)}</h1>
      </Dismissable>
    );
  }
  return (
    <div class="k-screen k-reconcile">
      <TopBar area={area.name} kiosk={kioskName} />
      <h1 class="k-heading k-dir-out">
        {t(A.reconcileHeading)}
        {session.name && <span class="k-heading-name">{session.name}</span>}
      </h1>
      <p class="k-lead">{t(A.reconcileLead)}</p>
      {scanning && keying ? (
        <KeyedEntry session={session} initial={scanning.assetNumber} onResult={onResult} onBack={() => setKeying(false)} />
      ) : (
        <main class={scanning ? 'k-identify-main' : 'k-reconcile-main'}>
          {scanning && <ScanPanel session={session} onResult={onResult} guide={t(A.scanThis, { n: scanning.assetNumber })} onKeyIn={() => setKeying(true)} />}
          <section class="k-side">
            <ul class="k-reconcile-list" aria-label={t(A.reconcileHeading)}>
              {open.map((a) => (
                <AssetRow
                  key={a.assetId}
                  asset={a}
                  answer={answers[a.assetId]}
                  scanning={scanning?.assetId === a.assetId}
                  onLeave={() => {
                    setScanning(null);
                    setAnswers((old) => ({ ...old, [a.assetId]: { assetId: a.assetId, answer: 'left_on_purpose' } }));
                  }}
                  onTake={() => {
                    setLast(null);
                    setScanning(a);
                  }}
                  onChange={() =>
                    setAnswers((old) => {
                      const { [a.assetId]: _dropped, ...rest } = old;
                      return rest;
                    })
                  }
                />
              ))}
            </ul>
            {scanning && last && <ul class="k-scan-list">{<ScanCard result={last.result} direction="out" />}</ul>}
            {state === 'failed' && (
              <p class="banner error" role="alert">
                {t(A.answersFailed)}
              </p>
            )}
            {left > 0 ? (
              <p class="k-hint">{t(A.answerAll, { n: left })}</p>
            ) : (
              <button type="button" class="k-big primary" onClick={() => void send()} disabled={state === 'sending'}>
                {t(A.sendAnswers)}
              </button>
            )}
          </section>
        </main>
      )}
    </div>
  );
}

function AssetRow(props: { asset: VisitAsset; answer: Answer | undefined; scanning: boolean; onLeave: () => void; onTake: () => void; onChange: () => void }) {
  const { asset: a, answer } = props;
  return (
    <li class={`k-reconcile-item${props.scanning ? ' k-current' : ''}`} aria-label={a.assetNumber}>
      <div class="k-reconcile-what">
        <strong>{assetWithKind(a.assetNumber, a.kind)}</strong>{a.description && <span class="k-hint"> {a.description}</span>}
        <div class="k-hint">{t(A.carriedInAt, { at: formatDateTime(a.carriedInAt) })}</div>
        <RoundTripNote asset={a} />
      </div>
      {answer ? (
        <div class="k-reconcile-answer">
          <strong>✓ {t(answer.answer === 'left_on_purpose' ? A.answeredLeft : A.answeredOut)}</strong>
          {answer.answer === 'left_on_purpose' && (
            <button type="button" class="k-small" onClick={props.onChange}>
              {t(A.change)}
            </button>
          )}
        </div>
      ) : (
        <div class="k-reconcile-buttons">
          <button type="button" class="k-choice-button" onClick={props.onLeave}>
            {t(A.leaveIt)}
          </button>
          <button type="button" class={`k-choice-button k-take${a.roundTrip?.canLeaveNow ? ' k-take-ok' : ''}`} onClick={props.onTake} aria-pressed={props.scanning}>
            {t(a.roundTrip?.canLeaveNow ? A.takeItRoundTrip : A.takeIt)}
          </button>
        </div>
      )}
    </li>
  );
}

/** Whether this item may leave now without a new request: a round trip (持込（当日持出）) within its window. */
function RoundTripNote({ asset: a }: { asset: VisitAsset }) {
  if (!a.roundTrip) return <div class="k-hint">{t(A.needsCarryOut)}</div>;
  const at = formatDateTime(a.roundTrip.dueOutAt);
  return a.roundTrip.canLeaveNow ? (
    <div class="k-round-trip">{t(A.roundTripCanLeave, { n: a.roundTrip.requestId, at })}</div>
  ) : (
    <div class="k-hint">{t(A.roundTripClosed, { at })}</div>
  );
}
