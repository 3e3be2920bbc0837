import { useEffect, useRef, useState } from 'preact/hooks';
import jsQR from 'jsqr';
import { t } from '../shared/i18n.ts';
import { M } from './messages.ts';

type CameraState = 'starting' | 'scanning' | 'denied' | 'missing' | 'failed';

const SCAN_EVERY_MS = 150;
// Decoding a downscaled frame is several times faster and still reads a badge held at arm's length.
const MAX_DECODE_WIDTH = 800;

function stateOf(err: unknown): CameraState {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'failed';
}

/**
 * The camera with a framing guide (`guide`: what to hold up; a name badge unless said), decoding a QR code every ~150 ms
 * until it reads one that `accept` takes (any, unless said). The camera is released when the
 * component goes away (leaving the screen), so nothing keeps filming between people.
 */
export function CameraScanner({ onScan, guide, accept }: { onScan: (payload: string) => void; guide?: string; accept?: (payload: string) => boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const latest = useRef(onScan);
  latest.current = onScan;
  const accepts = useRef(accept);
  accepts.current = accept;
  const [state, setState] = useState<CameraState>('starting');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });

    const scan = () => {
      const v = video.current;
      if (stopped || !v || !ctx) return;
      if (v.readyState >= v.HAVE_CURRENT_DATA && v.videoWidth > 0) {
        const scale = Math.min(1, MAX_DECODE_WIDTH / v.videoWidth);
        const w = Math.round(v.videoWidth * scale);
        const h = Math.round(v.videoHeight * scale);
        if (canvas.width !== w || canvas.height !== h) {
          canvas.width = w;
          canvas.height = h;
        }
        ctx.drawImage(v, 0, 0, w, h);
        const code = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'attemptBoth' });
        if (code && code.data.trim().length > 0 && (accepts.current?.(code.data.trim()) ?? true)) {
          stopped = true;
          latest.current(code.data.trim());
          return;
        }
      }
      timer = window.setTimeout(scan, SCAN_EVERY_MS);
    };

    void (async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setState('missing');
      try {
        // The tablet faces the person at the door: its front camera sees the badge they hold up.
        stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: 'user' }, width: { ideal: 1280 }, height: { ideal: 720 } } });
      } catch (err) {
        if (!stopped) setState(stateOf(err));
        return;
      }
      if (stopped || !video.current) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      video.current.srcObject = stream;
      try {
        await video.current.play();
      } catch {
        // autoplay of a muted inline video is allowed; if not, frames still arrive for decoding
      }
      if (!stopped) setState('scanning');
      scan();
    })();

    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
      if (video.current) video.current.srcObject = null;
    };
  }, []);

  const problem = state === 'denied' ? M.cameraDenied : state === 'missing' ? M.cameraMissing : state === 'failed' ? M.cameraFailed : null;
  if (problem) {
    return (
      <div class="k-camera k-camera-off" role="status">
        <p class="k-camera-problem">{t(problem)}</p>
        <p>{t(M.cameraFallback)}</p>
      </div>
    );
  }
  return (
    <div class="k-camera">
      <video ref={video} class="k-video" muted playsInline autoPlay aria-hidden="true" />
      <div class="k-frame" aria-hidden="true">
        <span class="k-corner tl" />
        <span class="k-corner tr" />
        <span class="k-corner bl" />
        <span class="k-corner br" />
      </div>
      <p class="k-camera-guide" role="status">
        {state === 'starting' ? t(M.cameraStarting) : (guide ?? t(M.cameraGuide))}
      </p>
    </div>
  );
}
