import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { ApiError } from '../shared/api.ts';
import { isUnreachable, kioskCall } from './device.ts';
import { newIdempotencyKey, type Direction } from './submit.ts';

/** Who is scanning equipment: the identification this visit made (the entry, or the exit just recorded). */
export interface AssetSession {
  areaId: number;
  direction: Direction;
  accessEventId: number;
  name: string | null;
}

export interface MovedAsset {
  id: number;
  assetNumber: string;
  kind: string;
}

export interface MovementOutcome {
  movement: { id: number; assetId: number | null; direction: Direction; result: 'accepted' | 'refused'; refusalReason: string | null; scannedCode: string };
  asset: MovedAsset | null;
}

export type ScanResult = { kind: 'recorded'; outcome: MovementOutcome } | { kind: 'offline' } | { kind: 'failed'; status: number; code: string };

/** Posts one scanned asset tag (C9). Not queued offline: the server decides against the approvals it holds. */
export async function postMovement(s: AssetSession, scannedCode: string): Promise<ScanResult> {
  try {
    const body = { idempotencyKey: newIdempotencyKey(), areaId: s.areaId, direction: s.direction, scannedCode, accessEventId: s.accessEventId };
    return { kind: 'recorded', outcome: await kioskCall<MovementOutcome>('/api/kiosk/movements', { body }) };
  } catch (err) {
    if (isUnreachable(err)) return { kind: 'offline' };
    if (err instanceof ApiError) return { kind: 'failed', status: err.status, code: err.body.code };
    throw err;
  }
}

/** What the guard reads before confirming a keyed-in 管理番号 with their own key. */
export interface KeyedContext {
  asset: { id: number; assetNumber: string; kind: string; description: string };
  direction: Direction;
}

export type KeyedOptions = { options: PublicKeyCredentialRequestOptionsJSON; context: KeyedContext };

/** A 管理番号 keyed in because its label no longer reads: the guard's challenge, bound to this movement. */
export function keyedOptions(s: AssetSession, assetNumber: string): Promise<KeyedOptions> {
  return kioskCall('/api/kiosk/keyed-movements/options', { body: { areaId: s.areaId, direction: s.direction, assetNumber, accessEventId: s.accessEventId } });
}

/** Records the keyed-in movement with the guard's assertion; the server answers like a scan (accepted or refused). */
export async function postKeyedMovement(s: AssetSession, assetNumber: string, response: unknown): Promise<ScanResult> {
  const body = { idempotencyKey: newIdempotencyKey(), areaId: s.areaId, direction: s.direction, assetNumber, accessEventId: s.accessEventId, response };
  return { kind: 'recorded', outcome: await kioskCall<MovementOutcome>('/api/kiosk/keyed-movements', { body }) };
}

export interface VisitAsset {
  assetId: number;
  assetNumber: string;
  kind: string;
  description: string;
  carriedInAt: string;
  /** Carried in on a round trip (持込（当日持出）): it may leave now under the same request while the window is open. */
  roundTrip: { requestId: number; dueOutAt: string; canLeaveNow: boolean } | null;
  confirmation: { answer: 'left_on_purpose' | 'carried_out' } | null;
}

export interface Visit {
  entryEventId: number | null;
  assets: VisitAsset[];
}

/** The stay an exit just closed, with what was carried in on it and is still inside (item 6). */
export function visitOfExit(exitEventId: number): Promise<Visit> {
  return kioskCall<Visit>(`/api/kiosk/exits/${exitEventId}/visit`);
}

export type Answer = { assetId: number; answer: 'left_on_purpose' } | { assetId: number; answer: 'carried_out'; movementId: number };

export function confirmExit(entryEventId: number, answers: Answer[]): Promise<unknown> {
  return kioskCall(`/api/kiosk/visits/${entryEventId}/confirmations`, { body: { answers } });
}

/** The part of a request the guard reads before approving it on the spot. */
export interface SpotRequest {
  id: number;
  requester: { name: string };
  carrier: { name: string };
  area: { name: string };
  purpose: string;
  windowFrom: string;
  windowTo: string;
  /** 持込（当日持出）: this approval also lets the items leave again within the window. */
  roundTrip: boolean;
  items: { assetId: number; assetNumber: string; kind: string }[];
  approvalsNeeded: number;
  approvalsGiven: number;
  status: string;
}

export function approvalOptions(requestId: number): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; context: { request: SpotRequest } }> {
  return kioskCall('/api/kiosk/approvals/options', { body: { requestId } });
}

export function approveOnTheSpot(requestId: number, response: unknown): Promise<SpotRequest> {
  return kioskCall('/api/kiosk/approvals', { body: { requestId, response } });
}
