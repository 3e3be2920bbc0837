/**
 * Idempotency keys that sort by time (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then
 * random bits. The server keeps every key in a unique index; random keys (version 4) land on a random
 * leaf of it, which at millions of events is a page read back through the operating system on every
 * check-in, while keys made from the clock land on its right edge, which stays in the page cache
 * (issue 20). A key still identifies one request: 74 random bits per millisecond per tablet.
 *
 * Plain code, no dependency: crypto.getRandomValues exists in every context the kiosk runs in (and in
 * Node, where the bench makes the same keys), crypto.randomUUID only in secure ones.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A UUIDv7 for the instant `ms` (now by default), in the canonical lowercase 8-4-4-4-12 form. */
export function uuidv7(ms: number = Date.now(), random: Uint8Array = crypto.getRandomValues(new Uint8Array(10))): string {
  const b = new Uint8Array(16);
  // 48-bit big-endian milliseconds (two steps: bit operators stop at 32 bits).
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  b[0] = (high >>> 8) & 0xff;
  b[1] = high & 0xff;
  b[2] = (low >>> 24) & 0xff;
  b[3] = (low >>> 16) & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
  b.set(random.subarray(0, 10), 6);
  b[6] = 0x70 | (b[6]! & 0x0f); // version 7
  b[8] = 0x80 | (b[8]! & 0x3f); // variant 10
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += HEX[b[i]!];
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}
