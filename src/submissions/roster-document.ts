import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { organisations, people } from '../db/schema/roster.ts';
import { html, printPage, type Raw } from '../http/html.ts';
import { dayBounds, eraDate, workingDay } from '../time.ts';
import { canonicalJson, sha256Hex } from '../journal/canonical.ts';

/**
 * The 作業従事者名簿 submitted to 甲 (004 第18条, F3): the people whose roles reach the site and who are on
 * the roster on the given day, with the fields the contract asks for. Contact and nationality stay out
 * (A6: read only for leak tracing, and logged). The city's own staff are not the contractor's workers.
 */
export interface RosterEntry {
  personId: number;
  name: string;
  kana: string;
  organisation: string;
  position: string;
  duties: string;
  expertise: string;
  roles: string[];
  validFrom: number | null;
  validTo: number | null;
  status: string;
}

export interface RosterChanges {
  added: RosterEntry[];
  removed: RosterEntry[];
  changed: { before: RosterEntry; after: RosterEntry }[];
}

export interface RosterDocument {
  site: { id: number; name: string };
  day: string;
  entries: RosterEntry[];
  /** The digest of `entries` alone: what tells whether the roster changed since a submission. */
  entriesDigest: string;
  /** Against the last roster submitted for this site and not returned; null for the first one. */
  changes: (RosterChanges & { since: { submissionId: number; day: string } }) | null;
}

export function rosterEntries(db: Tx, siteId: number, day: string, timeZone: string): RosterEntry[] {
  const { start, end } = dayBounds(day, timeZone);
  const rows = db
    .select({ p: people, organisation: organisations.name })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.organisationId))
    .orderBy(asc(people.kana), asc(people.id))
    .all();
  return rows
    .filter(({ p }) => !p.roles.includes('city') && (p.siteIds === null || p.siteIds.includes(siteId)))
    .filter(({ p }) => p.status !== 'offboarded' && (p.validFrom === null || p.validFrom < end) && (p.validTo === null || p.validTo > start))
    .map(({ p, organisation }) => ({
      personId: p.id,
      name: p.name,
      kana: p.kana,
      organisation,
      position: p.position,
      duties: p.duties,
      expertise: p.expertise,
      roles: p.roles,
      validFrom: p.validFrom,
      validTo: p.validTo,
      status: p.status,
    }));
}

export const entriesDigest = (entries: RosterEntry[]) => sha256Hex(canonicalJson(entries));

export function rosterChanges(before: RosterEntry[], after: RosterEntry[]): RosterChanges {
  const old = new Map(before.map((e) => [e.personId, e]));
  const now = new Map(after.map((e) => [e.personId, e]));
  return {
    added: after.filter((e) => !old.has(e.personId)),
    removed: before.filter((e) => !now.has(e.personId)),
    changed: after.flatMap((e) => {
      const b = old.get(e.personId);
      return b && canonicalJson(b) !== canonicalJson(e) ? [{ before: b, after: e }] : [];
    }),
  };
}

export const ROLE_WORDS: Record<string, string> = { admin: '管理者', supervisor: '業務責任者', guard: '警備員・受付', worker: '作業従事者', auditor: '監査担当', city: '委託元担当者' };
export const STATUS_WORDS: Record<string, string> = { active: '有効', suspended: '停止中', offboarded: '離任' };

function rows(entries: RosterEntry[], timeZone: string): Raw {
  const day = (ms: number | null) => (ms === null ? '' : eraDate(workingDay(ms, timeZone), timeZone));
  return html`${entries.map(
    (e, i) =>
      html`<tr><td class="no">${i + 1}</td><td class="name">${e.name}</td><td class="kana">${e.kana}</td><td class="org">${e.organisation}</td><td>${e.position}</td><td>${e.duties}</td><td>${e.expertise}</td><td class="people">${e.roles.map((r) => ROLE_WORDS[r] ?? r).join('・')}</td><td class="nb">${e.validFrom === null && e.validTo === null ? '定めなし' : `${day(e.validFrom)}〜${day(e.validTo)}`}</td><td class="nb">${STATUS_WORDS[e.status] ?? e.status}</td></tr>`,
  )}`;
}

function table(entries: RosterEntry[], timeZone: string): Raw {
  if (entries.length === 0) return html`<p>なし</p>`;
  return html`<table><thead><tr><th>No.</th><th>氏名</th><th>ふりがな</th><th class="org">会社・所属</th><th>役職</th><th>担当業務</th><th>専門性・資格</th><th>役割</th><th>有効期間</th><th>状態</th></tr></thead><tbody>${rows(entries, timeZone)}</tbody></table>`;
}

function changesSection(d: RosterDocument, timeZone: string): Raw {
  if (!d.changes) return html`<h2 class="section-title">前回提出からの変更</h2><p>初回の提出です。</p>`;
  const c = d.changes;
  return html`<h2 class="section-title">前回提出（${eraDate(c.since.day, timeZone)}時点）からの変更</h2>
<h3>追加された人</h3>${table(c.added, timeZone)}
<h3>外れた人</h3>${table(c.removed, timeZone)}
<h3>内容が変わった人（変更後）</h3>${table(c.changed.map((x) => x.after), timeZone)}`;
}

/** The printable 作業従事者名簿 with its changes since the last submission: A4 landscape like the ledgers (decision 0014). */
export function rosterPage(d: RosterDocument, timeZone: string): string {
  const body = html`<main class="sheet ledger roster-document"><h1>作業従事者名簿</h1>
<p class="meta">拠点: ${d.site.name}　${eraDate(d.day, timeZone)}時点　${d.entries.length} 名</p>
${table(d.entries, timeZone)}
${changesSection(d, timeZone)}</main>`;
  return printPage({ title: `作業従事者名簿 ${d.site.name} ${d.day}`, body });
}
