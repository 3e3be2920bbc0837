import { useLayoutEffect, useRef } from 'preact/hooks';
import { PAYLOAD_PREFIXES } from './payloads.ts';

// The server takes payloads up to 400 characters; a "read" longer than that is a stuck key, not a code.
const MAX_LENGTH = 400;

/**
 * What a keyboard-wedge scanner types, read without a clock: a read starts with one of our payload
 * prefixes and ends at Enter, however long the pauses between keys (a loaded tablet delivers a burst
 * in pieces). Keys before a prefix are passed over, so a stray key or a half-read code in front of a
 * real one does not spoil it; an Enter without a prefix reads nothing.
 */
export class WedgeReader {
  private buffer = '';

  constructor(private readonly prefixes: readonly string[] = PAYLOAD_PREFIXES) {}

  /** True while a prefix has been read and the rest of the code is awaited. */
  get reading(): boolean {
    return this.prefixes.some((p) => this.buffer.startsWith(p));
  }

  /** Feeds one key (`Enter` or a single character); returns the code it completes, if any. */
  key(key: string): string | null {
    if (key === 'Enter') {
      const read = this.reading ? this.buffer : null;
      this.buffer = '';
      return read;
    }
    if (this.reading) {
      this.buffer = this.buffer.length < MAX_LENGTH ? this.buffer + key : '';
      return null;
    }
    this.buffer = this.longestPrefixEnd(this.buffer + key);
    return null;
  }

  /** The longest end of `s` that some prefix begins with: what may still become a read. */
  private longestPrefixEnd(s: string): string {
    for (let i = 0; i < s.length; i++) {
      const tail = s.slice(i);
      if (this.prefixes.some((p) => p.startsWith(tail) || tail.startsWith(p))) return tail;
    }
    return '';
  }
}

/**
 * Listens on the whole document (no focused input, so a touch tablet shows no on-screen keyboard) and
 * reports each code read (see WedgeReader). Keys typed into a real text field are left alone.
 */
export function useWedgeScanner(onScan: (payload: string) => void, enabled = true): void {
  const latest = useRef(onScan);
  latest.current = onScan;
  // A layout effect, not a plain effect: it listens before the screen is painted, so a code scanned
  // the moment a screen appears is read from its first character.
  useLayoutEffect(() => {
    if (!enabled) return;
    const reader = new WedgeReader();
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
      if (e.key === 'Enter') {
        const code = reader.key('Enter');
        if (code === null) return; // an Enter of its own: it may press the focused button
        e.preventDefault();
        latest.current(code);
        return;
      }
      if (e.key.length !== 1) return;
      reader.key(e.key);
      e.preventDefault(); // a space or letter must not press a focused button
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
