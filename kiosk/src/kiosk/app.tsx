import { useCallback, useEffect, useState } from 'preact/hooks';
import { lang, t } from '../shared/i18n.ts';
import { useSignal } from '../shared/signal.ts';
import { chosenAreaId, currentArea, device, type KioskArea } from './device.ts';
import { M } from './messages.ts';
import { checkBadge, submitEvent, type Direction, type Identification, type SubmitResult } from './submit.ts';
import { ChooseAreaScreen, EnrolScreen } from './screens/enrol.tsx';
import { GuardScreen } from './screens/guard.tsx';
import { IdentifyScreen } from './screens/identify.tsx';
import { IdleScreen } from './screens/idle.tsx';
import { PurposeScreen } from './screens/purpose.tsx';
import { DirectionScreen } from './screens/direction.tsx';
import { ResultScreen, SubmittingScreen } from './screens/result.tsx';
import { AssetScanScreen } from './screens/assets.tsx';
import { ReconcileScreen } from './screens/asset-reconcile.tsx';
import { visitOfExit, type AssetSession, type Visit } from './assets-api.ts';
import { takeUpdateAtIdle, update } from './updates.ts';

/** Whose badge was read: the name the server gave, or `unchecked` when it could not be asked (offline). */
interface Holder {
  name: string | null;
  unchecked: boolean;
}
const NOBODY: Holder = { name: null, unchecked: false };

/**
 * One person's pass through the kiosk. Everything personal (badge payload, assertion, name) lives only
 * in this state and is dropped when the flow returns to idle.
 */
type Flow =
  | { screen: 'idle' }
  | { screen: 'identify'; direction: Direction }
  | { screen: 'guard' }
  | { screen: 'checking' }
  | { screen: 'direction'; identification: Identification; holder: Holder }
  | { screen: 'purpose'; identification: Identification; holder: Holder }
  | { screen: 'submitting' }
  | { screen: 'result'; result: SubmitResult }
  | { screen: 'assets'; session: AssetSession }
  | { screen: 'reconcile'; session: AssetSession; visit: Visit };

const IDLE: Flow = { screen: 'idle' };

export function App() {
  const language = useSignal(lang);
  const enrolled = useSignal(device);
  const chosen = useSignal(chosenAreaId);
  const [flow, setFlow] = useState<Flow>(IDLE);
  const pendingUpdate = useSignal(update);
  const area = currentArea(enrolled, chosen);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t(M.title);
  }, [language]);
  // Revoked or re-enrolled mid-flow: nothing half-done survives.
  useEffect(() => setFlow(IDLE), [enrolled?.token, area?.id]);

  const toIdle = useCallback(() => setFlow(IDLE), []);
  // A new version of the kiosk is taken only between people (issue 19).
  const between = flow.screen === 'idle' && enrolled !== null && area !== null;
  useEffect(() => {
    if (between && pendingUpdate !== 'none') takeUpdateAtIdle();
  }, [between, pendingUpdate]);

  if (!enrolled) return <EnrolScreen />;
  if (!area) return <ChooseAreaScreen kioskName={enrolled.profile.name} areas={enrolled.profile.areas} />;
  const kioskName = enrolled.profile.name;

  const submit = async (a: KioskArea, direction: Direction, identification: Identification, purpose: string) => {
    setFlow({ screen: 'submitting' });
    let result: SubmitResult;
    try {
      result = await submitEvent({ areaId: a.id, direction, purpose, identification });
    } catch {
      result = { kind: 'failed', status: 0, code: 'INTERNAL' };
    }
    const next = (await reconciliation(a, result)) ?? ({ screen: 'result', result } as const);
    setFlow((current) => (current.screen === 'submitting' ? next : current));
  };

  /**
   * A badge is checked with the server before anything is asked (issue 17): a forged or revoked one goes
   * straight to its recorded refusal; a genuine one is greeted by name. From the idle screen there is
   * no direction yet, so it is asked next; for an entry, the purpose. An exit needs neither.
   */
  const check = async (a: KioskArea, direction: 'in' | null, payload: string) => {
    setFlow({ screen: 'checking' });
    const identification: Identification = { method: 'badge', payload };
    const answer = await checkBadge(a.id, direction, payload).catch(() => ({ kind: 'failed', status: 0, code: 'INTERNAL' }) as const);
    let next: Flow;
    if (answer.kind === 'refused') next = { screen: 'result', result: { kind: 'recorded', outcome: answer.outcome } };
    else if (answer.kind === 'failed') next = { screen: 'result', result: answer };
    else {
      const holder = answer.kind === 'identified' ? { name: answer.name, unchecked: false } : { name: null, unchecked: true };
      next = { screen: direction === null ? 'direction' : 'purpose', identification, holder };
    }
    setFlow((current) => (current.screen === 'checking' ? next : current));
  };

  switch (flow.screen) {
    case 'idle':
      return <IdleScreen area={area} kioskName={kioskName} onStart={(direction) => setFlow({ screen: 'identify', direction })} onBadge={(payload) => void check(area, null, payload)} />;
    case 'identify': {
      const { direction } = flow;
      const onIdentified = (identification: Identification) => {
        if (direction === 'out') return void submit(area, 'out', identification, '');
        if (identification.method === 'badge') return void check(area, 'in', identification.payload);
        setFlow({ screen: 'purpose', identification, holder: NOBODY });
      };
      return <IdentifyScreen area={area} kioskName={kioskName} direction={direction} onIdentified={onIdentified} onGuard={() => setFlow({ screen: 'guard' })} onCancel={toIdle} />;
    }
    case 'guard':
      return <GuardScreen areaName={area.name} kioskName={kioskName} onBack={toIdle} />;
    case 'checking':
      return <SubmittingScreen msg={M.checkingBadge} />;
    case 'direction': {
      const { identification, holder } = flow;
      const onChoose = (d: Direction) => (d === 'in' ? setFlow({ screen: 'purpose', identification, holder }) : void submit(area, 'out', identification, ''));
      return <DirectionScreen area={area} kioskName={kioskName} name={holder.name} unchecked={holder.unchecked} onChoose={onChoose} onCancel={toIdle} />;
    }
    case 'purpose': {
      const { identification, holder } = flow;
      const onChoose = (purpose: string) => void submit(area, 'in', identification, purpose);
      return <PurposeScreen area={area} kioskName={kioskName} name={holder.name} unchecked={holder.unchecked} onChoose={onChoose} onCancel={toIdle} />;
    }
    case 'submitting':
      return <SubmittingScreen />;
    case 'result': {
      const session = assetSession(area, flow.result);
      return <ResultScreen result={flow.result} onDone={toIdle} onAssets={session ? () => setFlow({ screen: 'assets', session }) : undefined} />;
    }
    case 'assets':
      return <AssetScanScreen area={area} kioskName={kioskName} session={flow.session} onDone={toIdle} />;
    case 'reconcile':
      return <ReconcileScreen area={area} kioskName={kioskName} session={flow.session} visit={flow.visit} onDone={toIdle} />;
  }
}

/** Equipment can be scanned after an accepted entry or exit recorded by the server (not one kept offline). */
function assetSession(area: KioskArea, result: SubmitResult): AssetSession | null {
  if (result.kind !== 'recorded' || result.outcome.event.result !== 'accepted') return null;
  const e = result.outcome.event;
  return { areaId: area.id, direction: e.direction, accessEventId: e.id, name: e.nameSnapshot };
}

/** At an exit, the assets carried in during the stay and still inside are asked about before anything else (item 6). */
async function reconciliation(area: KioskArea, result: SubmitResult): Promise<Flow | null> {
  const session = assetSession(area, result);
  if (!session || session.direction !== 'out') return null;
  const visit = await visitOfExit(session.accessEventId).catch(() => null);
  if (!visit || visit.entryEventId === null || visit.assets.every((a) => a.confirmation !== null)) return null;
  return { screen: 'reconcile', session, visit };
}
