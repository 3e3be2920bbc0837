import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCESS_FLAGS, EVENT_METHODS, REFUSAL_REASONS } from '../../src/db/schema/access.ts';
import { ANOMALY_KINDS, DISPOSAL_METHODS, INCIDENT_KINDS, INCIDENT_STAGES } from '../../src/db/schema/compliance.ts';
import { ASSET_KINDS, ASSET_STATUSES, CLASSIFICATIONS, MOVEMENT_REFUSALS, OWNER_TYPES, REQUEST_STATUSES } from '../../src/db/schema/custody.ts';
import { PERSON_STATUSES, ROLES } from '../../src/db/schema/roster.ts';
import { SECURITY_LEVELS } from '../../src/db/schema/areas.ts';
import { SUBMISSION_KINDS, SUBMISSION_STATUSES } from '../../src/db/schema/submissions.ts';
import { ERROR_STATUS } from '../../src/http/app-error.ts';
import { FIRST_DAY_STEPS } from '../../src/home/first-day.ts';
import { ATTENTION_ITEMS } from '../../src/home/attention.ts';
import type { Msg } from '../../kiosk/src/shared/i18n.ts';
import { lang } from '../../kiosk/src/shared/i18n.ts';
import { ERROR_LABEL, FLAG_LABEL, LEVEL_LABEL, METHOD_LABEL, REFUSAL_LABEL, ROLE_LABEL, STATUS_LABEL } from '../../kiosk/src/console/messages.ts';
import { ANOMALY_LABEL, DEADLINE_STATE_LABEL, DISPOSAL_METHOD_LABEL, DISPOSAL_STATUS_LABEL, INCIDENT_KIND_LABEL, INCIDENT_STATUS_LABEL, STAGE_LABEL } from '../../kiosk/src/console/compliance-messages.ts';
import { ASSET_STATUS_LABEL, CLASSIFICATION_LABEL, KIND_LABEL, MOVEMENT_REFUSAL_LABEL, OWNER_LABEL, REQUEST_STATUS_LABEL } from '../../kiosk/src/shared/custody-labels.ts';
import { KIND_LABEL as SUBMISSION_KIND_LABEL, SUBMISSION_STATUS_LABEL } from '../../kiosk/src/console/submission-types.ts';
import { ACTION_LABEL } from '../../kiosk/src/console/action-words.ts';
import { ATTENTION, STEP } from '../../kiosk/src/console/home-words.ts';
import { REFUSALS } from '../../kiosk/src/kiosk/messages.ts';
import { MOVEMENT_REFUSALS as KIOSK_MOVEMENT_REFUSALS } from '../../kiosk/src/kiosk/asset-messages.ts';
import { ledgerDay } from '../../kiosk/src/console/format.ts';

/**
 * Users' words only (issue 17, item 5): every code the server sends a person's screen has words in
 * Japanese and in English, and no word table or literal shows requirement IDs, journal action codes or
 * English in the Japanese UI.
 */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
/** C5, E1, B13 … (A4 is a paper size, not a requirement). */
const REQUIREMENT_ID = /(?<![A-Za-z0-9])(?!A4(?!\d))[A-G]\d{1,2}(?![\d])/;
const ACTION_CODE = /(?<![\w.])[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*(?![\w.])/;
/** English words in a Japanese string, once placeholders ({name}) are taken out. Acronyms in capitals (QR, PC, CSV) are Japanese usage. */
const ENGLISH_WORD = /[a-z]{3,}/;

const CODE_LISTS: [string, readonly string[], Record<string, Msg | undefined>][] = [
  ['kiosk refusal reasons (console)', REFUSAL_REASONS, REFUSAL_LABEL],
  ['access flags', ACCESS_FLAGS, FLAG_LABEL],
  ['identification methods', EVENT_METHODS, METHOD_LABEL],
  ['anomaly kinds', ANOMALY_KINDS, ANOMALY_LABEL],
  ['movement refusals (console)', MOVEMENT_REFUSALS, MOVEMENT_REFUSAL_LABEL],
  ['error codes', Object.keys(ERROR_STATUS), ERROR_LABEL],
  ['incident kinds', INCIDENT_KINDS, INCIDENT_KIND_LABEL],
  ['incident stages', INCIDENT_STAGES, STAGE_LABEL],
  ['incident deadline states', ['met', 'late', 'overdue', 'pending'], DEADLINE_STATE_LABEL],
  ['incident statuses', ['open', 'closed'], INCIDENT_STATUS_LABEL],
  ['disposal methods', DISPOSAL_METHODS, DISPOSAL_METHOD_LABEL],
  ['disposal statuses', ['submitted', 'approved', 'rejected', 'executed'], DISPOSAL_STATUS_LABEL],
  ['request statuses', REQUEST_STATUSES, REQUEST_STATUS_LABEL],
  ['asset statuses', ASSET_STATUSES, ASSET_STATUS_LABEL],
  ['asset kinds', ASSET_KINDS, KIND_LABEL],
  ['owner types', OWNER_TYPES, OWNER_LABEL],
  ['classifications', CLASSIFICATIONS, CLASSIFICATION_LABEL],
  ['person statuses', PERSON_STATUSES, STATUS_LABEL],
  ['roles', ROLES, ROLE_LABEL],
  ['security levels', SECURITY_LEVELS, LEVEL_LABEL],
  ['submission kinds', SUBMISSION_KINDS, SUBMISSION_KIND_LABEL],
  ['submission statuses', SUBMISSION_STATUSES, SUBMISSION_STATUS_LABEL],
  ['first-day steps', FIRST_DAY_STEPS, Object.fromEntries(Object.entries(STEP).map(([k, v]) => [k, v.label]))],
  ['home attention items', ATTENTION_ITEMS, Object.fromEntries(Object.entries(ATTENTION).map(([k, v]) => [k, v.label]))],
  ['kiosk refusal reasons (kiosk)', REFUSAL_REASONS, Object.fromEntries(Object.entries(REFUSALS).map(([k, v]) => [k, v.why]))],
  ['movement refusals (kiosk)', MOVEMENT_REFUSALS, Object.fromEntries(Object.entries(KIOSK_MOVEMENT_REFUSALS).map(([k, v]) => [k, v.why]))],
];

function problemsOf(m: Msg): string[] {
  const out: string[] = [];
  const ja = m.ja.replace(/\{\w+\}/g, '');
  if (!JAPANESE.test(ja)) out.push(`ja has no Japanese: ${m.ja}`);
  if (ENGLISH_WORD.test(ja)) out.push(`ja has English: ${m.ja}`);
  if (JAPANESE.test(m.en)) out.push(`en has Japanese: ${m.en}`);
  if (!/[A-Za-z]/.test(m.en)) out.push(`en has no English: ${m.en}`);
  for (const s of [m.ja, m.en]) {
    if (REQUIREMENT_ID.test(s)) out.push(`requirement ID: ${s}`);
    if (ACTION_CODE.test(s)) out.push(`action code: ${s}`);
  }
  return out;
}

describe('users’ words for every code the server sends (issue 17, item 5)', () => {
  it.each(CODE_LISTS)('%s: every code has Japanese and English words, with no IDs, codes or English in the Japanese', (_name, codes, table) => {
    expect(codes.filter((c) => !table[c])).toEqual([]);
    expect(codes.flatMap((c) => problemsOf(table[c]!).map((p) => `${c}: ${p}`))).toEqual([]);
  });

  it('every journal action written in src/ has words (an asset’s history and the journal show words, not codes)', () => {
    const actions = new Set<string>();
    for (const file of sourceFiles('src', /\.ts$/)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!/action/.test(line)) continue;
        for (const m of line.matchAll(/'([a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*)'/g)) actions.add(m[1]!);
        // Actions built from a template: `city_permission.${review}`, `disposal_request.${d.decision}`.
        for (const m of line.matchAll(/`([a-z_]+)\.\$\{/g)) actions.add(`${m[1]}.*`);
      }
    }
    expect(actions.size).toBeGreaterThan(50);
    const missing = [...actions].filter((a) => (a.endsWith('.*') ? !Object.keys(ACTION_LABEL).some((k) => k.startsWith(a.slice(0, -1))) : !ACTION_LABEL[a]));
    expect(missing).toEqual([]);
    expect(Object.entries(ACTION_LABEL).flatMap(([k, m]) => problemsOf(m).map((p) => `${k}: ${p}`))).toEqual([]);
  });

  it('no requirement ID or action code in any console or kiosk literal, and no English in a Japanese one', () => {
    // Deliberate: the language toggle names the other language, the kiosk prints English under 入室/退室 for
    // visitors, the schedule import names the CSV file's own column names, and the contract-end page names
    // the file and the server command an admin looks for.
    const allowed = new Set(['English', 'Enter', 'Exit', '1行目に person_id,day,start,end。ファイルに含まれる人と月の予定は、ファイルの内容で置き換えます。エラーの rows.N は N+2 行目です。', '操作（例 custody.*）', '対象の種類（例 person）', '実行者（例 person:12）', '全記録のCSV、操作記録とその検証結果、各ファイルのSHA-256を記した目録を作成します。データの消去はサーバーのコマンド（purge）で行います。', '目録（manifest.json）']);
    const found: string[] = [];
    for (const file of sourceFiles('kiosk/src', /\.tsx?$/)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(ja|en): (['"`])((?:(?!\2)[^\\\n]|\\.)*)\2/g)) {
        const [, language, , s] = m as unknown as [string, 'ja' | 'en', string, string];
        if (allowed.has(s)) continue;
        // Excel is a product's name, written so in Japanese offices (Excel形式): not an English word.
        const bare = s.replace(/\$\{[^}]*\}|\{\w+\}/g, '').replace(/Excel形式/g, '');
        if (REQUIREMENT_ID.test(bare)) found.push(`${file}: requirement ID in ${language}: ${s}`);
        if (language === 'ja' && ACTION_CODE.test(bare)) found.push(`${file}: action code: ${s}`);
        if (language === 'ja' && ENGLISH_WORD.test(bare)) found.push(`${file}: English in Japanese: ${s}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('English mode shows a ledger’s day as an English date, never 令和', () => {
    lang.set('en');
    try {
      expect(ledgerDay('2026-12-03', '令和8年12月3日')).toMatch(/^Thursday,? 3 December 2026$/);
    } finally {
      lang.set('ja');
    }
    expect(ledgerDay('2026-12-03', '令和8年12月3日')).toBe('2026-12-03（令和8年12月3日）');
  });
});

function sourceFiles(dir: string, re: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path, re);
    return re.test(name) ? [path] : [];
  });
}
