import '../assets.css';
import { useCallback, useRef, useState } from 'preact/hooks';
import { assetWithKind } from '../../shared/custody-labels.ts';
import { t } from '../../shared/i18n.ts';
import { A, MOVEMENT_REFUSALS, UNKNOWN_MOVEMENT_REFUSAL } from '../asset-messages.ts';
import { postMovement, type AssetSession, type ScanResult } from '../assets-api.ts';
import { isAssetTag } from '../payloads.ts';
import { CameraScanner } from '../camera-scanner.tsx';
import { useWedgeScanner } from '../wedge.ts';

export interface ScanEntry {
  key: number;
  result: ScanResult;
}

/**
 * The camera (or the barcode reader) for asset labels. The camera stops after each label and starts
 * again on "scan next", so a label left in front of it is not recorded twice; it passes over any other
 * code it sees (the badge on the person's lanyard). The reader works throughout and sends what it reads.
 */
export function ScanPanel({ session, onResult, guide, onKeyIn }: { session: AssetSession; onResult: (e: ScanEntry) => void; guide?: string; onKeyIn?: () => void }) {
  const [armed, setArmed] = useState(0);
  const [camera, setCamera] = useState(true);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const onScan = useCallback(
    async (code: string) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setBusy(true);
      setCamera(false);
      let result: ScanResult;
      try {
        result = await postMovement(session, code);
      } catch {
        result = { kind: 'failed', status: 0, code: 'INTERNAL' };
      }
      busyRef.current = false;
      setBusy(false);
      onResult({ key: Date.now(), result });
    },
    [session, onResult],
  );
  useWedgeScanner(onScan, !busy);
  return (
    <section class="k-scan">
      {camera ? (
        <CameraScanner key={armed} onScan={onScan} guide={guide ?? t(A.cameraGuide)} accept={isAssetTag} />
      ) : (
        <div class="k-camera k-camera-off k-camera-paused">
          {busy ? (
            <p role="status">{t(A.recording)}</p>
          ) : (
            <button
              type="button"
              class="k-big k-scan-next"
              onClick={() => {
                setArmed((n) => n + 1);
                setCamera(true);
              }}
            >
              {t(A.scanNext)}
            </button>
          )}
        </div>
      )}
      <p class="k-hint">{t(A.wedgeHint)}</p>
      {onKeyIn && (
        <button type="button" class="k-guard k-cant-read" onClick={onKeyIn} disabled={busy}>
          {t(A.cantRead)}
        </button>
      )}
    </section>
  );
}

/** One scan's outcome: accepted with the asset, or refused with the reason and what to do. */
export function ScanCard({ result, direction }: { result: ScanResult; direction: 'in' | 'out' }) {
  if (result.kind === 'offline' || result.kind === 'failed') {
    return (
      <li class="k-scan-card k-bad" role="alert">
        <p class="k-scan-title">✕ {t(result.kind === 'offline' ? A.offline : A.failed)}</p>
      </li>
    );
  }
  const { movement, asset } = result.outcome;
  const what = asset ? assetWithKind(asset.assetNumber, asset.kind) : movement.scannedCode;
  if (movement.result === 'accepted') {
    return (
      <li class="k-scan-card k-ok" role="status">
        <p class="k-scan-title">✓ {t(direction === 'in' ? A.acceptedIn : A.acceptedOut)}</p>
        <p class="k-scan-asset">{what}</p>
      </li>
    );
  }
  const reason = (movement.refusalReason && MOVEMENT_REFUSALS[movement.refusalReason]) || UNKNOWN_MOVEMENT_REFUSAL;
  return (
    <li class="k-scan-card k-bad" role="alert">
      <p class="k-scan-title">✕ {t(direction === 'in' ? A.refusedIn : A.refusedOut)}</p>
      <p class="k-scan-asset">{what}</p>
      <p class="k-scan-why">{t(reason.why)}</p>
      <p class="k-scan-todo">
        <strong>{t(A.whatToDoColon)}</strong>
        {t(reason.todo)}
      </p>
      <p class="k-logged">{t(A.refusalLogged)}</p>
    </li>
  );
}
