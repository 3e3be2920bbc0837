import { signal } from './signal.ts';

export type Lang = 'ja' | 'en';

const STORAGE_KEY = 'ledger.lang';

function initial(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

/** Japanese first; English by the toggle. The choice is remembered on this device. */
export const lang = signal<Lang>(initial());

export function setLang(next: Lang): void {
  lang.set(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the toggle still works for this page
  }
}

/** A message in both languages; every string shown to people is one of these. */
export type Msg = { ja: string; en: string };

export function t(m: Msg, vars: Record<string, string | number> = {}): string {
  return m[lang.get()].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
