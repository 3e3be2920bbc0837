import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import type { KioskArea } from '../device.ts';
import { M } from '../messages.ts';
import { BadgeHolder, TopBar, useInactivity } from '../parts.tsx';

const GIVE_UP_MS = 60_000;
const MAX_PURPOSE = 200;

interface Props {
  area: KioskArea;
  kioskName: string;
  /** Whose badge was read (null for a security key, or a badge that could not be checked offline). */
  name: string | null;
  unchecked: boolean;
  onChoose: (purpose: string) => void;
  onCancel: () => void;
}

/** Entries only: the area's common purposes as large buttons, or a purpose in the person's own words. */
export function PurposeScreen({ area, kioskName, name, unchecked, onChoose, onCancel }: Props) {
  const [other, setOther] = useState('');
  const [chosen, setChosen] = useState(false);
  const [missing, setMissing] = useState(false);
  useInactivity(GIVE_UP_MS, onCancel);

  const choose = (purpose: string) => {
    const p = purpose.trim();
    if (!p) return setMissing(true);
    if (chosen) return;
    setChosen(true);
    onChoose(p);
  };

  return (
    <div class="k-screen k-purpose">
      <TopBar area={area.name} kiosk={kioskName} />
      {/* Whose badge it is, then the question: the person checks it is theirs before answering. */}
      <BadgeHolder name={name} unchecked={unchecked} />
      <h1 class="k-heading">{t(M.purposeHeading)}</h1>
      <main class="k-purpose-main">
        <div class="k-purposes">
          {area.purposes.map((p) => (
            <button type="button" key={p} class="k-purpose-button" disabled={chosen} onClick={() => choose(p)}>
              {p}
            </button>
          ))}
        </div>
        <form
          class="k-other"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            choose(other);
          }}
        >
          <label for="k-other-input">{t(M.purposeOther)}</label>
          <div class="k-other-row">
            <input
              id="k-other-input"
              value={other}
              maxLength={MAX_PURPOSE}
              autoComplete="off"
              aria-invalid={missing ? 'true' : undefined}
              onInput={(e) => {
                setOther((e.target as HTMLInputElement).value);
                setMissing(false);
              }}
            />
            <button type="submit" class="primary" disabled={chosen}>
              {t(M.purposeSubmit)}
            </button>
          </div>
          {missing && (
            <p class="field-error" role="alert">
              {t(M.purposeRequired)}
            </p>
          )}
        </form>
        <button type="button" class="k-back" onClick={onCancel}>
          {t(M.cancel)}
        </button>
      </main>
    </div>
  );
}
