import { lang } from '../shared/i18n.ts';

const locale = () => (lang.get() === 'ja' ? 'ja-JP' : 'en-GB');

/** An instant as local date and time (the browser's time zone: the console runs where the site is). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export function time(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of a Date in local time (what <input type="date"> holds). */
export function localDay(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** YYYY-MM-DDTHH:MM of a Date in local time (what <input type="datetime-local"> holds). */
export function localDateTime(d: Date = new Date()): string {
  return `${localDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The start of a local day as an ISO instant ('' stays null). */
export function dayStart(day: string): string | null {
  if (!day) return null;
  return new Date(`${day}T00:00:00`).toISOString();
}

/** "Valid until this day" means until the end of it: the next local midnight. */
export function dayEnd(day: string): string | null {
  if (!day) return null;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** The form value for a validFrom instant. */
export function startDay(iso: string | null): string {
  return iso ? localDay(new Date(iso)) : '';
}

/** The form value for a validTo instant: the last day it covers. */
export function endDay(iso: string | null): string {
  return iso ? localDay(new Date(Date.parse(iso) - 1)) : '';
}

/** A local date-time from <input type="datetime-local"> as an ISO instant. */
export function localDateTimeToIso(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function validity(from: string | null, to: string | null): string {
  if (!from && !to) return '';
  return `${from ? date(from) : ''} – ${to ? date(new Date(Date.parse(to) - 1).toISOString()) : ''}`;
}

/**
 * A ledger's working day as its heading shows it: in Japanese with its 和暦 (`2026-12-03（令和8年12月3日）`),
 * in English as an English date (`Thursday 3 December 2026`), never 令和.
 */
export function ledgerDay(day: string, eraDay: string): string {
  if (lang.get() === 'ja') return `${day}（${eraDay}）`;
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'full' }).format(new Date(Date.UTC(y, m - 1, d)));
}
