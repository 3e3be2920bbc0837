import { signal } from '../shared/signal.ts';
import { reachable } from './device.ts';

/**
 * The kiosk's offline copy of itself (issue 19): a service worker (kiosk/sw/kiosk-sw.js) keeps this page
 * and its files, so a reload, a browser restart or a reboot during an outage still opens the kiosk.
 *
 * A new version installs beside the running one and waits. `waiting`: the page asks it to take over the
 * next time it is at the idle screen; `ready`: it has, and the page reloads, again only at the idle
 * screen. Nobody's scan is cut short by an update.
 */
export const update = signal<'none' | 'waiting' | 'ready'>('none');

let registration: ServiceWorkerRegistration | null = null;
const CHECK_MS = 15 * 60_000;

/** Follows a worker that arrived while another was in charge: it is an update, not the first install. */
function follow(worker: ServiceWorker | null): void {
  if (!worker) return;
  const seen = () => {
    if (worker.state === 'installed') update.set('waiting');
    else if (worker.state === 'activated') update.set('ready');
  };
  worker.addEventListener('statechange', seen);
  seen();
}

function check(): void {
  void registration?.update().catch(() => undefined); // unreachable: the next check will do
}

export function startOfflineCopy(): void {
  if (!('serviceWorker' in navigator)) return; // not a secure context: the kiosk works, but not after a reload offline
  const { serviceWorker } = navigator;
  serviceWorker
    .register('/kiosk-sw.js', { scope: '/kiosk' })
    // Offline, registering fails (the worker script cannot be fetched) but the kept worker still serves.
    .catch(() => serviceWorker.getRegistration('/kiosk'))
    .then((reg) => {
      if (!reg) return;
      registration = reg;
      if (reg.active && reg.waiting) follow(reg.waiting);
      reg.addEventListener('updatefound', () => {
        if (reg.active) follow(reg.installing);
      });
    })
    .catch(() => undefined);
  // The server is back: it may have a new version.
  let wasReachable = reachable.get();
  reachable.subscribe((now) => {
    if (now && !wasReachable) check();
    wasReachable = now;
  });
  window.setInterval(check, CHECK_MS);
}

/** Called whenever the kiosk is at its idle screen: the one moment a new version may be taken. */
export function takeUpdateAtIdle(): void {
  const state = update.get();
  if (state === 'waiting') registration?.waiting?.postMessage({ type: 'take-over' });
  else if (state === 'ready') window.location.reload();
}
