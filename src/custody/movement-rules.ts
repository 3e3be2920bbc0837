import type { TagReading } from '../assets/tag.ts';
import type { Asset } from '../assets/read.ts';
import { UNAVAILABLE_STATUSES, type CustodyRequest, type RequestItemRow } from './query.ts';
import type { MovementRefusal } from './words.ts';

/**
 * An approved request holding the asset whose item has a movement still to make under it: what a
 * movement may be made under. `leg` is the direction of that movement: the request's own, or `out` for
 * an item of a round trip (持込（当日持出）) already carried in under it. Absent: the request's own.
 */
export interface Candidate {
  request: CustodyRequest;
  item: RequestItemRow;
  leg?: 'in' | 'out';
}

export interface MovementFacts {
  tag: TagReading;
  asset: Asset | undefined;
  direction: 'in' | 'out';
  areaId: number;
  personId: number;
  now: number;
  candidates: readonly Candidate[];
  /** A 管理番号 keyed in at the kiosk: whose passkey confirmed it, and whether they may (a guard or supervisor). */
  keyed?: { byId: number; confirmed: boolean } | null;
}

export type MovementDecision = { accepted: true; candidate: Candidate } | { accepted: false; reason: MovementRefusal; candidate: Candidate | null };

const KIND_OF = { in: 'carry_in', out: 'carry_out' } as const;

/** The checks of one candidate request, in order; the first that fails is its reason. */
function failures(c: Candidate, f: MovementFacts, asset: Asset): MovementRefusal | null {
  const r = c.request;
  const leg = c.leg ?? (r.kind === KIND_OF.in ? 'in' : 'out');
  if (leg !== f.direction) return 'wrong_direction';
  if (r.areaId !== f.areaId) return 'wrong_area';
  if (r.carrierId !== f.personId) return 'not_carrier';
  if (f.now < r.windowFrom) return 'not_yet_valid';
  if (f.now >= r.windowTo) return 'expired';
  // Approval already required a clean scan; this catches storage found on the asset after approval.
  if (asset.hasStorage && c.item.scanResult !== 'clean') return 'scan_missing';
  return null;
}

const CHECK_ORDER: readonly (MovementRefusal | null)[] = ['wrong_direction', 'wrong_area', 'not_carrier', 'not_yet_valid', 'expired', 'scan_missing', null];

/** Where the asset is rules out a movement before any request is looked at. */
function stateRefusal(asset: Asset, f: MovementFacts): MovementRefusal | null {
  if (asset.ownerType === 'personal') return 'personal_device';
  if (UNAVAILABLE_STATUSES.has(asset.status)) return 'asset_unavailable';
  if (f.direction === 'in') return asset.locationAreaId !== null ? 'already_inside' : null;
  if (asset.locationAreaId === null) return 'already_outside';
  return asset.locationAreaId === f.areaId ? null : 'wrong_area';
}

/**
 * C9: a movement is accepted only under an approved, unexpired request that covers the asset, the
 * direction, the area, the carrier and the time. A round trip's carry-out passes the same checks
 * against the carry-in request it came in under: its area, its carrier, its window. Otherwise the reason is that of the request that came
 * closest (it passed the most checks), so the kiosk can say what is wrong with the one the person has.
 */
export function decideMovement(f: MovementFacts): MovementDecision {
  if (!f.tag.ok) return { accepted: false, reason: f.tag.reason === 'tag_damaged' ? 'tag_damaged' : 'unknown_asset', candidate: null };
  // A keyed-in number stands on the confirmer's word for what the label would have said: a guard's or a
  // supervisor's, and never the carrier's own.
  if (f.keyed && (!f.keyed.confirmed || f.keyed.byId === f.personId)) return { accepted: false, reason: 'keyed_unconfirmed', candidate: null };
  const asset = f.asset;
  if (!asset) return { accepted: false, reason: 'unknown_asset', candidate: null };
  const state = stateRefusal(asset, f);
  if (state) return { accepted: false, reason: state, candidate: null };
  if (f.candidates.length === 0) return { accepted: false, reason: asset.fixed ? 'fixed_equipment' : 'no_approval', candidate: null };
  let best: { candidate: Candidate; reason: MovementRefusal | null } | null = null;
  for (const candidate of f.candidates) {
    const reason = failures(candidate, f, asset);
    if (reason === null) return { accepted: true, candidate };
    if (!best || CHECK_ORDER.indexOf(reason) > CHECK_ORDER.indexOf(best.reason)) best = { candidate, reason };
  }
  return { accepted: false, reason: best!.reason!, candidate: best!.candidate };
}
