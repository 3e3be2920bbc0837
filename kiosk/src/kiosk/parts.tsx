import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { lang, setLang, t } from '../shared/i18n.ts';
import { useSignal } from '../shared/signal.ts';
import { M } from './messages.ts';
import type { Direction } from './submit.ts';

export function locale(): string {
  return lang.get() === 'ja' ? 'ja-JP' : 'en-GB';
}

/** A date and time as the tablet's clock shows it (the tablet is set to the site's time zone). */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

export function LangToggle() {
  const current = useSignal(lang);
  return (
    <button type="button" class="k-lang" lang={current === 'ja' ? 'en' : 'ja'} onClick={() => setLang(current === 'ja' ? 'en' : 'ja')}>
      {t(M.langToggle)}
    </button>
  );
}

/** The strip at the top of every screen: where this tablet is, and the language toggle. */
export function TopBar({ area, kiosk }: { area?: string; kiosk?: string }) {
  return (
    <header class="k-top">
      <div class="k-where">
        {area && <div class="k-area-name">{area}</div>}
        {kiosk && <div class="k-kiosk-name">{kiosk}</div>}
      </div>
      <LangToggle />
    </header>
  );
}

export function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let timer = 0;
    const tick = () => {
      setNow(new Date());
      timer = window.setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    };
    tick();
    return () => window.clearTimeout(timer);
  }, []);
  const loc = locale();
  const date = new Intl.DateTimeFormat(loc, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(now);
  const time = new Intl.DateTimeFormat(loc, { hour: '2-digit', minute: '2-digit', hour12: false }).format(now);
  const seconds = String(now.getSeconds()).padStart(2, '0');
  return (
    <div class="k-clock">
      <div class="k-date">{date}</div>
      <time class="k-time" dateTime={now.toISOString()}>
        {time}
        <span class="k-seconds">:{seconds}</span>
      </time>
    </div>
  );
}

/**
 * Calls `onTimeout` after `ms` without a touch or key press: someone who walks away from a half-done
 * screen must not leave it (or what it holds) for the next person.
 */
export function useInactivity(ms: number, onTimeout: () => void): void {
  const latest = useRef(onTimeout);
  latest.current = onTimeout;
  useEffect(() => {
    let timer = window.setTimeout(() => latest.current(), ms);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => latest.current(), ms);
    };
    const events = ['pointerdown', 'keydown', 'input'] as const;
    events.forEach((e) => document.addEventListener(e, reset, true));
    return () => {
      window.clearTimeout(timer);
      events.forEach((e) => document.removeEventListener(e, reset, true));
    };
  }, [ms]);
}

/** A result screen: returns to idle by itself after `ms`, or sooner on a touch anywhere. */
export function Dismissable({ ms, onDone, class: cls, role, children }: { ms: number; onDone: () => void; class: string; role: 'status' | 'alert'; children: ComponentChildren }) {
  const latest = useRef(onDone);
  latest.current = onDone;
  useEffect(() => {
    const timer = window.setTimeout(() => latest.current(), ms);
    return () => window.clearTimeout(timer);
  }, [ms]);
  return (
    <div class={`k-screen k-result ${cls}`} role={role} onClick={() => latest.current()}>
      {children}
      <button
        type="button"
        class="k-ok-button"
        onClick={(e) => {
          e.stopPropagation();
          latest.current();
        }}
      >
        {t(M.ok)}
      </button>
      <p class="k-tap">{t(M.tapToFinish)}</p>
    </div>
  );
}

/** Whose badge was read, shown before they are asked anything; or that it could not be checked (offline). */
export function BadgeHolder({ name, unchecked }: { name: string | null; unchecked: boolean }) {
  if (name !== null)
    return (
      <section class="k-holder" aria-label={t(M.badgeHolder)}>
        <p class="k-holder-label">{t(M.badgeHolder)}</p>
        <p class="k-name">{name}</p>
      </section>
    );
  if (unchecked)
    return (
      <p class="banner warn k-holder-unchecked" role="status">
        {t(M.badgeUnchecked)}
      </p>
    );
  return null;
}

/** The two big buttons, 入室 and 退室 (idle screen, and after a badge scanned there). */
export function DirectionButtons({ onChoose }: { onChoose: (d: Direction) => void }) {
  return (
    <div class="k-actions">
      <button type="button" class="k-action k-action-in" onClick={() => onChoose('in')}>
        {t(M.enter)}
      </button>
      <button type="button" class="k-action k-action-out" onClick={() => onChoose('out')}>
        {t(M.exit)}
      </button>
    </div>
  );
}
