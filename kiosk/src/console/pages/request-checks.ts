import { MAX_WINDOW_MS, REQUEST_WORDS, scanProblem } from '../../../../src/custody/request-words.ts';

/** What the checks read of an asset on the form (request-items.tsx's ItemDraft). */
export interface CheckedItem {
  asset: { assetNumber: string; hasStorage: boolean; fixed: boolean; classification: string };
  scanResult: string;
  fixedEquipment: boolean;
}

/** What the request form holds; datetimes as <input type="datetime-local"> gives them. */
export interface RequestDraft {
  kind: string;
  windowFrom: string;
  windowTo: string;
  destination: string;
  expectedReturnAt: string;
  encryption: boolean;
  lockedCase: boolean;
  items: CheckedItem[];
}

/** Field errors as the form takes them (ui/form.tsx's Errors): the server's message, translated when shown. */
type Problems = Record<string, { server: string } | undefined>;

const ms = (local: string) => new Date(local).getTime();

/**
 * What the server would refuse at submitting or at approval, found before anything is sent and said in
 * the server's own words (the console translates them as it does the server's answers). `now` is the
 * browser's clock; the server judges by its own, so a window ending within a minute may still be refused there.
 */
export function requestProblems(v: RequestDraft, now: number): Problems {
  const out: Problems = {};
  if (v.windowFrom && v.windowTo) {
    const from = ms(v.windowFrom);
    const to = ms(v.windowTo);
    if (to <= from) out['windowTo'] = { server: REQUEST_WORDS.windowBackwards };
    else if (to - from > MAX_WINDOW_MS) out['windowTo'] = { server: REQUEST_WORDS.windowTooLong };
    else if (to <= now) out['windowTo'] = { server: REQUEST_WORDS.windowEnded };
    if (v.kind === 'carry_out' && v.expectedReturnAt && ms(v.expectedReturnAt) <= from) out['expectedReturnAt'] = { server: REQUEST_WORDS.returnTooEarly };
  }
  if (v.kind === 'carry_out' && !v.destination.trim()) out['destination'] = { server: REQUEST_WORDS.destinationRequired };
  const items = itemProblem(v);
  if (items) out['items'] = items;
  return out;
}

/** The first problem among the assets: the scan record (C5), fixed equipment (C11), protection (C6). */
function itemProblem(v: RequestDraft): Problems[string] {
  for (const i of v.items) {
    const scan = scanProblem(i.asset, i.scanResult || null);
    if (scan) return { server: scan };
  }
  const unconfirmed = v.items.find((i) => i.asset.fixed && !i.fixedEquipment);
  if (unconfirmed) return { server: REQUEST_WORDS.fixedUnconfirmed(unconfirmed.asset.assetNumber) };
  const important = v.items.filter((i) => i.asset.classification === 'important');
  const numbers = important.map((i) => i.asset.assetNumber).join(', ');
  if (important.length > 0 && !v.encryption && !v.lockedCase) return { server: REQUEST_WORDS.protectionMissing(numbers) };
  if (v.kind === 'carry_out' && important.some((i) => i.asset.hasStorage) && !v.encryption) return { server: REQUEST_WORDS.encryptionRequired(numbers) };
  return undefined;
}
