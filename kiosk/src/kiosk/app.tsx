import { useCallback, useEffect, useState } from 'preact/hooks';
import { lang, t } from '../shared/i18n.ts';
import { useSignal } from '../shared/signal.ts';
import { chosenAreaId, currentArea, device, type KioskArea } from './device.ts';
import { M } from './messages.ts';
import { submitEvent, type Direction, type Identification, type SubmitResult } from './submit.ts';
import { ChooseAreaScreen, EnrolScreen } from './screens/enrol.tsx';
import { GuardScreen } from './screens/guard.tsx';
import { IdentifyScreen } from './screens/identify.tsx';
import { IdleScreen } from './screens/idle.tsx';
import { PurposeScreen } from './screens/purpose.tsx';
import { ResultScreen, SubmittingScreen } from './screens/result.tsx';

/**
 * One person's pass through the kiosk. Everything personal (badge payload, assertion, name) lives only
 * in this state and is dropped when the flow returns to idle.
 */
type Flow =
  | { screen: 'idle' }
  | { screen: 'identify'; direction: Direction }
  | { screen: 'guard' }
  | { screen: 'purpose'; identification: Identification }
  | { screen: 'submitting' }
  | { screen: 'result'; result: SubmitResult };

const IDLE: Flow = { screen: 'idle' };

export function App() {
  const language = useSignal(lang);
  const enrolled = useSignal(device);
  const chosen = useSignal(chosenAreaId);
  const [flow, setFlow] = useState<Flow>(IDLE);
  const area = currentArea(enrolled, chosen);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t(M.title);
  }, [language]);
  // Revoked or re-enrolled mid-flow: nothing half-done survives.
  useEffect(() => setFlow(IDLE), [enrolled?.token, area?.id]);

  const toIdle = useCallback(() => setFlow(IDLE), []);

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
    setFlow((current) => (current.screen === 'submitting' ? { screen: 'result', result } : current));
  };

  switch (flow.screen) {
    case 'idle':
      return <IdleScreen area={area} kioskName={kioskName} onStart={(direction) => setFlow({ screen: 'identify', direction })} />;
    case 'identify': {
      const { direction } = flow;
      return (
        <IdentifyScreen
          area={area}
          kioskName={kioskName}
          direction={direction}
          onIdentified={(identification) => (direction === 'in' ? setFlow({ screen: 'purpose', identification }) : void submit(area, 'out', identification, ''))}
          onGuard={() => setFlow({ screen: 'guard' })}
          onCancel={toIdle}
        />
      );
    }
    case 'guard':
      return <GuardScreen areaName={area.name} kioskName={kioskName} onBack={toIdle} />;
    case 'purpose': {
      const { identification } = flow;
      return <PurposeScreen area={area} kioskName={kioskName} onChoose={(purpose) => void submit(area, 'in', identification, purpose)} onCancel={toIdle} />;
    }
    case 'submitting':
      return <SubmittingScreen />;
    case 'result':
      return <ResultScreen result={flow.result} onDone={toIdle} />;
  }
}
