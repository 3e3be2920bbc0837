import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { reachable, type KioskArea } from '../device.ts';
import { M, NOTICE_VERSION } from '../messages.ts';
import { pending, rejected } from '../outbox.ts';
import { Clock, TopBar } from '../parts.tsx';
import type { Direction } from '../submit.ts';

/** Between people: where this is, the time, and the two big actions. */
export function IdleScreen({ area, kioskName, onStart }: { area: KioskArea; kioskName: string; onStart: (d: Direction) => void }) {
  const online = useSignal(reachable);
  const waiting = useSignal(pending);
  const refused = useSignal(rejected);
  return (
    <div class="k-screen k-idle">
      <TopBar area={area.name} kiosk={kioskName} />
      <main class="k-idle-main">
        <Clock />
        <div class="k-actions">
          <button type="button" class="k-action k-action-in" onClick={() => onStart('in')}>
            {t(M.enter)}
          </button>
          <button type="button" class="k-action k-action-out" onClick={() => onStart('out')}>
            {t(M.exit)}
          </button>
        </div>
        <div class="k-status" aria-live="polite">
          {!online && <p class="banner warn">{t(M.serverUnreachable)}</p>}
          {waiting > 0 && (
            <p class="banner warn k-pending" data-count={waiting}>
              {t(M.pending, { n: waiting })}
            </p>
          )}
          {refused > 0 && <p class="banner error">{t(M.rejected, { n: refused })}</p>}
        </div>
      </main>
      <footer class="k-privacy">
        <p>{t(M.privacy)}</p>
        <p class="k-notice-version">{t(M.noticeVersion, { v: NOTICE_VERSION })}</p>
      </footer>
    </div>
  );
}
