import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../journal/canonical.ts';

/** 256 bits of randomness, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored for sessions, kiosk tokens and one-time links. */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
