import { t } from '../../shared/i18n.ts';
import type { KioskArea } from '../device.ts';
import { M } from '../messages.ts';
import { BadgeHolder, DirectionButtons, TopBar, useInactivity } from '../parts.tsx';
import type { Direction } from '../submit.ts';

const GIVE_UP_MS = 60_000;

/** A badge scanned at the idle screen: whose it is, and which way they are going (issue 17). */
export function DirectionScreen(props: { area: KioskArea; kioskName: string; name: string | null; unchecked: boolean; onChoose: (d: Direction) => void; onCancel: () => void }) {
  const { area, kioskName, name, unchecked, onChoose, onCancel } = props;
  useInactivity(GIVE_UP_MS, onCancel);
  return (
    <div class="k-screen k-direction">
      <TopBar area={area.name} kiosk={kioskName} />
      <main class="k-direction-main">
        <BadgeHolder name={name} unchecked={unchecked} />
        <h1 class="k-heading">{t(M.whichWay)}</h1>
        <DirectionButtons onChoose={onChoose} />
        <button type="button" class="k-back" onClick={onCancel}>
          {t(M.cancel)}
        </button>
      </main>
    </div>
  );
}
