import { useCallback, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import type { KioskArea } from '../device.ts';
import { A } from '../asset-messages.ts';
import type { AssetSession } from '../assets-api.ts';
import { TopBar, useInactivity } from '../parts.tsx';
import { ScanCard, ScanPanel, type ScanEntry } from './asset-scan-parts.tsx';
import { SpotApproval } from './asset-approval.tsx';
import { KeyedEntry } from './asset-keyed.tsx';

const GIVE_UP_MS = 90_000;

/**
 * After identifying: the person scans each item they bring in or take out (C9); each scan is accepted
 * or refused at once, with the reason in plain words. For a carry-in, a guard can approve a request
 * here with their own passkey (on-the-spot approval) and the person scans again. A label that no
 * longer reads is keyed in by a guard, who confirms it with their own passkey.
 */
export function AssetScanScreen({ area, kioskName, session, onDone }: { area: KioskArea; kioskName: string; session: AssetSession; onDone: () => void }) {
  const [entries, setEntries] = useState<ScanEntry[]>([]);
  const [approving, setApproving] = useState(false);
  const [keying, setKeying] = useState(false);
  useInactivity(GIVE_UP_MS, onDone);
  const onResult = useCallback((e: ScanEntry) => setEntries((old) => [e, ...old]), []);
  return (
    <div class="k-screen k-assets">
      <TopBar area={area.name} kiosk={kioskName} />
      <h1 class={`k-heading k-dir-${session.direction}`}>
        {t(session.direction === 'in' ? A.scanInHeading : A.scanOutHeading)}
        {session.name && <span class="k-heading-name">{session.name}</span>}
      </h1>
      {approving ? (
        <SpotApproval onBack={() => setApproving(false)} />
      ) : keying ? (
        <KeyedEntry session={session} onResult={onResult} onBack={() => setKeying(false)} />
      ) : (
        <main class="k-identify-main">
          <ScanPanel session={session} onResult={onResult} onKeyIn={() => setKeying(true)} />
          <section class="k-side">
            <ul class="k-scan-list" aria-label={t(A.assets)}>
              {entries.length === 0 ? <li class="k-hint">{t(A.nothingYet)}</li> : entries.map((e) => <ScanCard key={e.key} result={e.result} direction={session.direction} />)}
            </ul>
            {session.direction === 'in' && area.securityLevel === 'general' && (
              <button type="button" class="k-guard" onClick={() => setApproving(true)}>
                {t(A.guardApprove)}
              </button>
            )}
            <button type="button" class="k-big k-done" onClick={onDone}>
              {t(A.done)}
            </button>
          </section>
        </main>
      )}
    </div>
  );
}
