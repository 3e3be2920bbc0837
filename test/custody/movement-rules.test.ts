import { describe, expect, it } from 'vitest';
import { MOVEMENT_REFUSALS } from '../../src/db/schema/custody.ts';
import { decideMovement, type Candidate, type MovementFacts } from '../../src/custody/movement-rules.ts';
import type { Asset } from '../../src/assets/read.ts';

const NOW = Date.parse('2026-11-20T00:00:00Z');
const AREA = 1;
const PERSON = 7;

const asset = (over: Partial<Asset> = {}): Asset => ({
  id: 1,
  assetNumber: 'PC-1',
  kind: 'laptop',
  ownerType: 'contractor',
  serialNumber: '',
  description: '',
  classification: 'none',
  hasStorage: true,
  networkApproved: false,
  fixed: false,
  custodianId: null,
  locationAreaId: null,
  status: 'registered',
  expectedReturnAt: null,
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});

const candidate = (over: Partial<Candidate['request']> = {}, scanResult: 'clean' | null = 'clean'): Candidate => ({
  request: {
    id: 1,
    kind: 'carry_in',
    status: 'approved',
    requesterId: PERSON,
    carrierId: PERSON,
    areaId: AREA,
    purpose: '',
    windowFrom: NOW - 1000,
    windowTo: NOW + 1000,
    destination: '',
    expectedReturnAt: null,
    protection: null,
    repair: null,
    roundTrip: false,
    rejectReason: null,
    createdAt: NOW,
    submittedAt: NOW,
    decidedAt: NOW,
    updatedAt: NOW,
    ...over,
  },
  item: { id: 1, requestId: 1, assetId: 1, scanDate: NOW, scanTool: 't', scanDefinitionsDate: '2026-11-19', scanResult },
});

const facts = (over: Partial<MovementFacts> = {}): MovementFacts => ({
  tag: { ok: true, assetNumber: 'PC-1' },
  asset: asset(),
  direction: 'in',
  areaId: AREA,
  personId: PERSON,
  now: NOW,
  candidates: [candidate()],
  ...over,
});

const reason = (f: MovementFacts) => {
  const d = decideMovement(f);
  return d.accepted ? 'accepted' : d.reason;
};

describe('the movement rules (C9): one case per refusal reason', () => {
  it('reaches every reason in MOVEMENT_REFUSALS, and accepts a fitting request', () => {
    const cases: Record<(typeof MOVEMENT_REFUSALS)[number] | 'accepted', MovementFacts> = {
      accepted: facts(),
      unknown_asset: facts({ asset: undefined }),
      tag_damaged: facts({ tag: { ok: false, reason: 'tag_damaged' }, asset: undefined }),
      no_approval: facts({ candidates: [] }),
      expired: facts({ candidates: [candidate({ windowTo: NOW })] }),
      not_yet_valid: facts({ candidates: [candidate({ windowFrom: NOW + 1 })] }),
      wrong_area: facts({ candidates: [candidate({ areaId: AREA + 1 })] }),
      wrong_direction: facts({ candidates: [candidate({ kind: 'carry_out' })] }),
      personal_device: facts({ asset: asset({ ownerType: 'personal' }) }),
      scan_missing: facts({ candidates: [candidate({}, null)] }),
      already_inside: facts({ asset: asset({ locationAreaId: AREA, status: 'inside' }) }),
      already_outside: facts({ direction: 'out', candidates: [candidate({ kind: 'carry_out' })] }),
      fixed_equipment: facts({ asset: asset({ fixed: true }), candidates: [] }),
      not_carrier: facts({ candidates: [candidate({ carrierId: PERSON + 1 })] }),
      asset_unavailable: facts({ asset: asset({ status: 'lost' }) }),
      keyed_unconfirmed: facts({ keyed: { byId: PERSON + 5, confirmed: false } }),
    };
    expect(Object.keys(cases).sort()).toEqual([...MOVEMENT_REFUSALS, 'accepted'].sort());
    for (const [expected, f] of Object.entries(cases)) expect(reason(f), expected).toBe(expected);
  });

  it('names the reason of the request that came closest, and accepts if any fits', () => {
    const wrongArea = candidate({ id: 2, areaId: AREA + 1 });
    const expired = candidate({ id: 3, windowTo: NOW });
    const closest = decideMovement(facts({ candidates: [wrongArea, expired] }));
    expect(closest).toMatchObject({ accepted: false, reason: 'expired', candidate: { request: { id: 3 } } });
    expect(decideMovement(facts({ candidates: [wrongArea, candidate({ id: 4 })] }))).toMatchObject({ accepted: true, candidate: { request: { id: 4 } } });
    expect(reason(facts({ tag: { ok: false, reason: 'not_a_tag' }, asset: undefined }))).toBe('unknown_asset');
    expect(reason(facts({ direction: 'out', asset: asset({ locationAreaId: AREA + 1, status: 'inside' }) }))).toBe('wrong_area');
    expect(reason(facts({ asset: asset({ hasStorage: false }), candidates: [candidate({}, null)] }))).toBe('accepted');
  });

  it('a round trip: its carry-out leg passes the same checks as the carry-in it came in under; a keyed-in number needs a confirmer other than the carrier', () => {
    const out = (over: Partial<Candidate['request']> = {}) => ({ ...candidate({ roundTrip: true, ...over }), leg: 'out' as const });
    const inside = asset({ locationAreaId: AREA, status: 'inside' });
    expect(reason(facts({ direction: 'out', asset: inside, candidates: [out()] }))).toBe('accepted');
    expect(reason(facts({ direction: 'in', candidates: [out()] }))).toBe('wrong_direction');
    expect(reason(facts({ direction: 'out', asset: inside, candidates: [out({ carrierId: PERSON + 1 })] }))).toBe('not_carrier');
    expect(reason(facts({ direction: 'out', asset: inside, candidates: [out({ windowTo: NOW })] }))).toBe('expired');
    expect(reason(facts({ direction: 'out', asset: inside, candidates: [out({ areaId: AREA + 1 })] }))).toBe('wrong_area');
    expect(reason(facts({ keyed: { byId: PERSON + 5, confirmed: true } }))).toBe('accepted');
    expect(reason(facts({ keyed: { byId: PERSON, confirmed: true } }))).toBe('keyed_unconfirmed');
  });
});
