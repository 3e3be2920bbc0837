import { t } from '../../shared/i18n.ts';
import { M } from '../messages.ts';
import { TopBar, useInactivity } from '../parts.tsx';

const BACK_AFTER_MS = 90_000;

/** When no method works: a calm instruction to fetch a guard, who records the entry or exit. */
export function GuardScreen({ areaName, kioskName, onBack }: { areaName: string; kioskName: string; onBack: () => void }) {
  useInactivity(BACK_AFTER_MS, onBack);
  return (
    <div class="k-screen k-guard-screen">
      <TopBar area={areaName} kiosk={kioskName} />
      <main class="k-guard-main" role="status">
        <div class="k-guard-icon" aria-hidden="true">
          ☎
        </div>
        <h1 class="k-heading">{t(M.guardHeading)}</h1>
        <p class="k-lead">{t(M.guardBody)}</p>
        <p class="k-guard-note">{t(M.guardNoEntry)}</p>
        <button type="button" class="k-back" onClick={onBack}>
          {t(M.back)}
        </button>
      </main>
    </div>
  );
}
