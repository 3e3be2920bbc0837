import { describe, expect, it } from 'vitest';
import { ASSET_KINDS, ASSET_STATUSES, CLASSIFICATIONS, MOVEMENT_REFUSALS, OWNER_TYPES, REQUEST_STATUSES } from '../../src/db/schema/custody.ts';
import { MOVEMENT_REFUSALS as KIOSK_REFUSALS } from '../../kiosk/src/kiosk/asset-messages.ts';
import { ASSET_STATUS_LABEL, CLASSIFICATION_LABEL, KIND_LABEL, MOVEMENT_REFUSAL_LABEL, OWNER_LABEL, REQUEST_STATUS_LABEL } from '../../kiosk/src/shared/custody-labels.ts';

const bilingual = (m: { ja: string; en: string } | undefined) => Boolean(m && m.ja.trim() && m.en.trim() && m.ja !== m.en);

describe('the custody screens have words for every code the server sends (Japanese and English)', () => {
  it('the kiosk says why and what to do for every movement refusal; the console names each', () => {
    for (const reason of MOVEMENT_REFUSALS) {
      expect(bilingual(KIOSK_REFUSALS[reason]?.why), reason).toBe(true);
      expect(bilingual(KIOSK_REFUSALS[reason]?.todo), reason).toBe(true);
      expect(bilingual(MOVEMENT_REFUSAL_LABEL[reason]), reason).toBe(true);
    }
    expect(Object.keys(KIOSK_REFUSALS).sort()).toEqual([...MOVEMENT_REFUSALS].sort());
  });

  it('every asset kind, owner type, classification, asset status and request status has a label', () => {
    const tables: [readonly string[], Record<string, { ja: string; en: string }>][] = [
      [ASSET_KINDS, KIND_LABEL],
      [OWNER_TYPES, OWNER_LABEL],
      [CLASSIFICATIONS, CLASSIFICATION_LABEL],
      [ASSET_STATUSES, ASSET_STATUS_LABEL],
      [REQUEST_STATUSES, REQUEST_STATUS_LABEL],
    ];
    for (const [codes, labels] of tables) {
      expect(Object.keys(labels).sort()).toEqual([...codes].sort());
      for (const code of codes) expect(bilingual(labels[code]), code).toBe(true);
    }
  });
});
