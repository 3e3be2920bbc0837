import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { badgePayload } from '../../src/badges/service.ts';
import { tagPayload } from '../../src/assets/tag.ts';
import { signingKeyFromPem } from '../../src/crypto/signing-key.ts';
import { WedgeReader } from '../../kiosk/src/kiosk/wedge.ts';
import { isAssetTag, isBadge } from '../../kiosk/src/kiosk/payloads.ts';

const key = signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const badge = badgePayload(key, 12, 345);
const tag = tagPayload('PC-2026-001');

/** Every code the reader completes while `keys` are typed (Enter written as \n). */
function read(keys: string, reader = new WedgeReader()): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const code = reader.key(k === '\n' ? 'Enter' : k);
    if (code !== null) out.push(code);
  }
  return out;
}

describe('the kiosk knows the payloads the server issues by their prefix (issue 17)', () => {
  it('a badge is a badge and an asset label is a label', () => {
    expect([isBadge(badge), isAssetTag(badge)]).toEqual([true, false]);
    expect([isBadge(tag), isAssetTag(tag)]).toEqual([false, true]);
  });
});

describe('the wedge reader reads from a prefix to Enter, with no clock (issue 17)', () => {
  it('reads a badge and a label whole', () => {
    expect(read(`${badge}\n${tag}\n`)).toEqual([badge, tag]);
  });

  it('ignores a burst without a prefix, and an Enter of its own', () => {
    expect(read('hello world 12345\n\n23.9.abc\n')).toEqual([]);
  });

  it('passes over stray keys in front of a code, even ones that begin like a prefix', () => {
    expect(read(`xyLDLA${badge}\n`)).toEqual([badge]);
    expect(read(`LDG1LA1${tag}\n`)).toEqual([tag]);
  });

  it('the tail of a code whose head went to another screen reads nothing', () => {
    expect(read(`${badge.slice(20)}\n`)).toEqual([]);
    expect(read(`${tag.slice(2)}\n`)).toEqual([]);
  });

  it('drops a read that runs past 400 characters without an Enter', () => {
    expect(read(`LA1:${'9'.repeat(500)}\n${tag}\n`)).toEqual([tag]);
  });
});
