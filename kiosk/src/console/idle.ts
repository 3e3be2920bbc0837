import { session, signOut } from './session.ts';

/** Fifteen minutes without input ends the session, as the server's own idle timeout does. */
export const IDLE_MS = 15 * 60_000;
const CHECK_EVERY_MS = 15_000;
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;

let last = Date.now();

/** Starts watching for input; returns a function that stops it. */
export function watchIdle(): () => void {
  last = Date.now();
  const mark = () => {
    last = Date.now();
  };
  for (const e of EVENTS) window.addEventListener(e, mark, { capture: true, passive: true });
  const timer = window.setInterval(() => {
    if (session.get() !== null && Date.now() - last >= IDLE_MS) void signOut('idle');
  }, CHECK_EVERY_MS);
  return () => {
    for (const e of EVENTS) window.removeEventListener(e, mark, { capture: true });
    window.clearInterval(timer);
  };
}
