import { useLayoutEffect, useRef } from 'preact/hooks';

// A keyboard-wedge scanner types a whole code in a burst (a few ms per key) and ends it with Enter.
// A gap longer than this starts a new burst, so stray key presses never add up to a scan.
const MAX_GAP_MS = 150;
const MIN_LENGTH = 8;

/**
 * Listens on the whole document (no focused input, so a touch tablet shows no on-screen keyboard) for
 * a burst of printable keys ending with Enter, and reports it as a scan. Keys typed into a real text
 * field are left alone.
 */
export function useWedgeScanner(onScan: (payload: string) => void, enabled = true): void {
  const latest = useRef(onScan);
  latest.current = onScan;
  // A layout effect, not a plain effect: it listens before the screen is painted. With useEffect the
  // listener arrived a moment after the identify screen appeared, and a badge scanned at once lost
  // its first characters (and was refused as forged).
  useLayoutEffect(() => {
    if (!enabled) return;
    let buffer = '';
    let last = 0;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
      // When the key was pressed, not when this handler runs: a long task (a camera frame being decoded)
      // in the middle of a burst delays the handler for the keys after it, and by the handler's clock
      // the burst would look split in two.
      const now = e.timeStamp;
      if (now - last > MAX_GAP_MS) buffer = '';
      last = now;
      if (e.key === 'Enter') {
        const scanned = buffer;
        buffer = '';
        if (scanned.length >= MIN_LENGTH) {
          e.preventDefault();
          latest.current(scanned);
        }
        return;
      }
      if (e.key.length === 1) {
        buffer += e.key;
        e.preventDefault(); // a space or letter must not press a focused button
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
