import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { reachable, type KioskArea } from '../device.ts';
import { M, NOTICE_VERSION } from '../messages.ts';
import { Clock, DirectionButtons, TopBar } from '../parts.tsx';
import type { Direction } from '../submit.ts';
import { isBadge } from '../payloads.ts';
import { useWedgeScanner } from '../wedge.ts';
import { QueueStatus } from './queue-status.tsx';

interface Props {
  area: KioskArea;
  kioskName: string;
  onStart: (d: Direction) => void;
  /** A badge read by the barcode reader here, before a direction was chosen (issue 17). */
  onBadge: (payload: string) => void;
}

/** Between people: where this is, the time, and the two big actions; a badge may also be scanned straight away. */
export function IdleScreen({ area, kioskName, onStart, onBadge }: Props) {
  // An asset label scanned here belongs to no one's visit yet: passed over.
  useWedgeScanner((code) => isBadge(code) && onBadge(code), area.acceptedMethods.includes('badge'));
  const online = useSignal(reachable);
  return (
    <div class="k-screen k-idle">
      <TopBar area={area.name} kiosk={kioskName} />
      <main class="k-idle-main">
        <Clock />
        <DirectionButtons onChoose={onStart} />
        <div class="k-status" aria-live="polite">
          {!online && <p class="banner warn">{t(M.serverUnreachable)}</p>}
          <QueueStatus />
        </div>
      </main>
      <footer class="k-privacy">
        <p>{t(M.privacy)}</p>
        <p class="k-notice-version">{t(M.noticeVersion, { v: NOTICE_VERSION })}</p>
      </footer>
    </div>
  );
}
