import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA_TAG } from './gen-events.ts';
import { performance } from 'node:perf_hooks';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { SYSTEM, actorOfPerson, type Actor } from '../../src/actor.ts';
import type { Ctx, Deps } from '../../src/deps.ts';
import { createOrganisation, createPerson } from '../../src/roster/service.ts';
import { createArea, createSite, grantAuthorization } from '../../src/areas/service.ts';
import { issueBadge } from '../../src/badges/service.ts';
import { createKiosk, enrolKiosk } from '../../src/kiosks/service.ts';
import { createRequest, submitRequest } from '../../src/custody/requests.ts';
import { decideRequest } from '../../src/custody/approvals.ts';
import type { RequestContent } from '../../src/custody/schemas.ts';
import { tagPayload } from '../../src/assets/tag.ts';
import type { Role } from '../../src/db/schema/roster.ts';
import { seededRandom } from '../support/seeded-random.ts';

/**
 * The custody benchmark's database: 100,000 registered assets and the approved carry-in requests the
 * measured movements are made under. Built once and cached under os.tmpdir() (like gen-events.ts);
 * every run works on a copy, because a run moves the assets it measures.
 *
 *  - through the product's services (every row with its journal entry): an organisation, a site, four
 *    areas (the kiosk serves the first), a guard, a supervisor, `workers` workers authorized for every
 *    area, each with a badge signed by the key cached beside the database, and an enrolled kiosk;
 *  - raw prepared INSERTs in big transactions (after the product's migrations, with foreign keys ON,
 *    and PRAGMA foreign_key_check at the end): the 100,000 assets, a realistic mix of kinds, owners,
 *    classifications and places (about a third inside one of the areas in a worker's custody, some
 *    outside or on loan, a few lost, returned or disposed, 5 % personal devices registered to be refused);
 *  - through the services again, for each measured asset (registered, outside, not personal, not
 *    fixed): one carry-in request made by its carrier (a worker), submitted, and approved by the guard;
 *    a 重要情報 asset's request states its transport protection and is approved by the supervisor too
 *    (E1: two different approvers, never the requester). Storage assets carry a clean virus-scan record.
 *
 * While the file is built, synchronous=OFF (the file is not the measurement; the server that is measured
 * reopens it with the product's own pragmas, WAL and synchronous=FULL).
 */
export const CUSTODY_GENERATOR_VERSION = 'v1';
export const AREAS = 4;
const DAY_MS = 86_400_000;
/** Requests are made for the next 90 days (the product allows 92); a cache closer than 2 days to the end is rebuilt. */
const WINDOW_DAYS = 90;
const MIN_REMAINING_MS = 2 * DAY_MS;

export interface CustodyWorldFile {
  version: string;
  assets: number;
  approved: number;
  workers: number;
  /** The area the kiosk serves, where every measured carry-in goes. */
  areaId: number;
  kioskToken: string;
  /** One signed QR badge payload per worker, in worker order. */
  badges: string[];
  /** The measured assets in the order a run uses them: its tag and the index of its carrier in `badges`. */
  measured: { assetId: number; tag: string; carrier: number; important: boolean; storage: boolean }[];
  windowTo: number;
  builtAt: string;
  buildSeconds: number;
  /** Counts as built, for the report. */
  counts: Record<string, number>;
}

export interface CustodyWorld extends CustodyWorldFile {
  dbPath: string;
  signingKeyPath: string;
  reused: boolean;
}

const KINDS = [
  ['laptop', 30],
  ['desktop', 10],
  ['tablet', 5],
  ['smartphone', 8],
  ['usb_memory', 15],
  ['external_disk', 7],
  ['optical_media', 5],
  ['paper_document', 12],
  ['security_key', 5],
  ['other', 3],
] as const;
type Kind = (typeof KINDS)[number][0];
const WITH_STORAGE: ReadonlySet<Kind> = new Set(['laptop', 'desktop', 'tablet', 'smartphone', 'usb_memory', 'external_disk', 'optical_media']);
const KANA = ['さとう', 'すずき', 'たかはし', 'たなか', 'いとう', 'わたなべ', 'やまもと', 'なかむら'];

function pickKind(r: number): Kind {
  let acc = 0;
  for (const [k, w] of KINDS) {
    acc += w / 100;
    if (r < acc) return k;
  }
  return 'other';
}

export function custodyCacheDir(assets: number, approved: number, workers: number): string {
  return join(tmpdir(), `ledger-bench-custody-${CUSTODY_GENERATOR_VERSION}-${SCHEMA_TAG}-${assets}a-${approved}r-${workers}w`);
}

function person(ctx: Ctx, orgId: number, name: string, kana: string, roles: Role[]) {
  return createPerson(ctx, {
    name,
    kana,
    organisationId: orgId,
    position: '',
    duties: '',
    expertise: '',
    contact: '',
    nationality: '',
    roles,
    siteIds: null,
    validFrom: null,
    validTo: null,
  });
}

function asActor(deps: Deps, p: { id: number; name: string; roles: Role[]; siteIds: number[] | null }): Ctx {
  const actor = actorOfPerson(p, null);
  return { deps, actor, requestId: 'bench-setup' };
}

interface BulkResult {
  candidates: { id: number; kind: Kind; important: boolean; storage: boolean }[];
  counts: Record<string, number>;
}

/** The bulk of the registry: raw prepared INSERTs, 10,000 per transaction, foreign keys enforced. */
function insertAssets(deps: Deps, total: number, areaIds: number[], workerIds: number[], now: number, log: (l: string) => void): BulkResult {
  const insert = deps.sqlite.prepare(
    `INSERT INTO assets (asset_number, kind, owner_type, serial_number, description, classification, has_storage, network_approved, fixed,
       custodian_id, location_area_id, status, expected_return_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rand = seededRandom(20260401);
  const candidates: BulkResult['candidates'] = [];
  const counts: Record<string, number> = {};
  const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  const batch = deps.sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const kind = pickKind(rand());
      const o = rand();
      const owner = o < 0.55 ? 'city_loaned' : o < 0.95 ? 'contractor' : 'personal';
      const c = rand();
      const classification = owner === 'personal' || kind === 'security_key' ? 'none' : c < 0.1 ? 'important' : c < 0.4 ? 'city_information' : 'none';
      const storage = WITH_STORAGE.has(kind);
      const fixed = kind === 'desktop' && rand() < 0.8;
      const created = now - Math.floor(rand() * 700) * DAY_MS;
      let status = 'registered';
      let location: number | null = null;
      let custodian: number | null = null;
      let expected: number | null = null;
      if (owner !== 'personal') {
        const s = rand();
        if (s < 0.35) {
          status = 'inside';
          location = areaIds[Math.floor(rand() * areaIds.length)]!;
          custodian = workerIds[Math.floor(rand() * workerIds.length)]!;
        } else if (s < 0.45) {
          status = 'outside';
          custodian = workerIds[Math.floor(rand() * workerIds.length)]!;
        } else if (s < 0.5) {
          status = 'on_loan';
          custodian = workerIds[Math.floor(rand() * workerIds.length)]!;
          expected = now + Math.floor(rand() * 30) * DAY_MS;
        } else if (s < 0.52) {
          status = (['lost', 'returned', 'disposed'] as const)[Math.floor(rand() * 3)]!;
        }
      }
      const number = `INV-${String(i + 1).padStart(6, '0')}`;
      const id = insert.run(
        number,
        kind,
        owner,
        `SN${(i * 7919 + 13).toString(36).toUpperCase().padStart(8, '0')}`,
        `${kind} ${owner === 'personal' ? '私物（持込不可）' : '業務用'} ${i + 1}`,
        classification,
        storage ? 1 : 0,
        owner !== 'personal' && storage && rand() < 0.6 ? 1 : 0,
        fixed ? 1 : 0,
        custodian,
        location,
        status,
        expected,
        created,
        created,
      ).lastInsertRowid;
      bump(`status:${status}`);
      bump(`owner:${owner}`);
      bump(`classification:${classification}`);
      if (status === 'registered' && owner !== 'personal' && !fixed) candidates.push({ id: Number(id), kind, important: classification === 'important', storage });
    }
  });
  for (let from = 0; from < total; from += 10_000) {
    batch(from, Math.min(total, from + 10_000));
    if ((from / 10_000) % 5 === 4) log(`  inserted ${Math.min(total, from + 10_000).toLocaleString('en')} / ${total.toLocaleString('en')} assets`);
  }
  return { candidates, counts };
}

function build(dir: string, assets: number, approved: number, workers: number, log: (l: string) => void): CustodyWorldFile {
  const t0 = performance.now();
  const dbPath = join(dir, 'custody.db');
  // The site reserves nothing to 甲 (F1): the benchmark measures the contractor's own approval and movement path.
  const config = loadConfig({ DB_PATH: dbPath, SIGNING_KEY_PATH: join(dir, 'signing-key.pem'), LOG_LEVEL: 'warn', CITY_PERMISSION_DEFAULT: 'none' });
  const deps = openDeps({ config });
  try {
    deps.sqlite.pragma('synchronous = OFF');
    if (deps.sqlite.pragma('foreign_keys', { simple: true }) !== 1) throw new Error('bench: foreign keys are off');
    const sys: Ctx = { deps, actor: SYSTEM, requestId: 'bench-setup' };
    const now = deps.clock.now();
    const org = createOrganisation(sys, { name: 'ベンチ情報システム株式会社', kana: 'べんちじょうほうしすてむ' });
    const site = createSite(sys, { name: 'ベンチ庁舎', address: '' });
    const areaIds = Array.from({ length: AREAS }, (_, i) => createArea(sys, { siteId: site.id, name: `執務室${i + 1}`, securityLevel: 'general' }).id);
    const areaId = areaIds[0]!;
    const guard = person(sys, org.id, '警備 一郎', 'けいび いちろう', ['guard']);
    const supervisor = person(sys, org.id, '監督 花子', 'かんとく はなこ', ['supervisor']);
    const workerRows = Array.from({ length: workers }, (_, i) => person(sys, org.id, `作業員 ${i + 1}`, `${KANA[i % KANA.length]} ${i % 2 === 0 ? 'たろう' : 'はなこ'}`, ['worker']));
    const badges: string[] = [];
    for (const w of workerRows) {
      for (const a of areaIds) grantAuthorization(sys, { personId: w.id, areaId: a, validFrom: now - DAY_MS, validTo: null, note: '' });
      badges.push(issueBadge(sys, w.id).payload);
    }
    const created = createKiosk(sys, { name: 'ベンチ用タブレット', areaIds: [areaId] });
    const { token } = enrolKiosk(deps, 'bench-setup', created.code);
    log(`  services: 1 organisation, 1 site, ${AREAS} areas, a guard, a supervisor, ${workers} workers with badges, 1 enrolled kiosk (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const bulk = insertAssets(
      deps,
      assets,
      areaIds,
      workerRows.map((w) => w.id),
      now,
      log,
    );
    if (bulk.candidates.length < approved) throw new Error(`bench: only ${bulk.candidates.length} movable registered assets for ${approved} requests`);
    log(`  raw INSERTs: ${assets.toLocaleString('en')} assets (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const tApprove = performance.now();
    const guardCtx = asActor(deps, guard);
    const supervisorCtx = asActor(deps, supervisor);
    const windowFrom = now - 3600_000;
    const windowTo = now + WINDOW_DAYS * DAY_MS;
    const scan = { date: now - 20 * 3600_000, tool: 'ウイルスバスター', definitionsDate: new Date(now - DAY_MS).toISOString().slice(0, 10), result: 'clean' as const };
    // Spread the measured assets over the whole registry rather than its first rows.
    const stride = Math.max(1, Math.floor(bulk.candidates.length / approved));
    const measured: CustodyWorldFile['measured'] = [];
    for (let j = 0; j < approved; j++) {
      const a = bulk.candidates[j * stride]!;
      const carrier = j % workers;
      const workerCtx = asActor(deps, workerRows[carrier]!);
      const content: RequestContent = {
        kind: 'carry_in',
        areaId,
        purpose: '保守作業用機材の持込',
        windowFrom,
        windowTo,
        carrierId: null,
        responsibleId: supervisor.id,
        destination: '',
        expectedReturnAt: null,
        protection: a.important ? { encryption: true, lockedCase: true, note: '施錠ケースで運搬' } : null,
        repair: null,
        roundTrip: false,
        items: [{ assetId: a.id, scan: a.storage ? scan : null, fixedEquipment: false }],
      };
      const r = createRequest(workerCtx, content);
      submitRequest(workerCtx, r.id);
      let decided = decideRequest(guardCtx, r.id, { decision: 'approved', note: '' });
      if (a.important) decided = decideRequest(supervisorCtx, r.id, { decision: 'approved', note: '' });
      if (decided.status !== 'approved') throw new Error(`bench: request ${r.id} is ${decided.status} after its approvals`);
      const number = deps.sqlite.prepare('SELECT asset_number FROM assets WHERE id = ?').pluck().get(a.id) as string;
      measured.push({ assetId: a.id, tag: tagPayload(number), carrier, important: a.important, storage: a.storage });
      if (j % 2000 === 1999) log(`  approved ${(j + 1).toLocaleString('en')} / ${approved.toLocaleString('en')} carry-in requests`);
    }
    log(`  services: ${approved.toLocaleString('en')} carry-in requests made, submitted and approved (${((performance.now() - tApprove) / 1000).toFixed(1)} s)`);

    const fk = deps.sqlite.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) throw new Error(`bench: foreign_key_check found ${fk.length} violations, first ${JSON.stringify(fk[0])}`);
    const quick = deps.sqlite.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw new Error(`bench: quick_check: ${String(quick)}`);
    const count = (table: string) => deps.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const counts: Record<string, number> = {
      assets: count('assets'),
      people: count('people'),
      custody_requests: count('custody_requests'),
      custody_approvals: count('custody_approvals'),
      journal: count('journal'),
      ...bulk.counts,
    };
    if (counts.assets !== assets) throw new Error(`bench: ${counts.assets} assets, expected ${assets}`);
    deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return {
      version: CUSTODY_GENERATOR_VERSION,
      assets,
      approved,
      workers,
      areaId,
      kioskToken: token,
      badges,
      measured,
      windowTo,
      builtAt: new Date(now).toISOString(),
      buildSeconds: (performance.now() - t0) / 1000,
      counts,
    };
  } finally {
    deps.close();
  }
}

/** The cached world for these sizes (rebuilt when missing or when its requests are about to expire). */
export function ensureCustodyWorld(assets: number, approved: number, workers: number, log: (l: string) => void): CustodyWorld {
  const dir = custodyCacheDir(assets, approved, workers);
  const meta = join(dir, 'world.json');
  if (existsSync(meta)) {
    const world = JSON.parse(readFileSync(meta, 'utf8')) as CustodyWorldFile;
    if (world.windowTo - Date.now() > MIN_REMAINING_MS) return { ...world, dbPath: join(dir, 'custody.db'), signingKeyPath: join(dir, 'signing-key.pem'), reused: true };
    log(`  the cached requests end at ${new Date(world.windowTo).toISOString()}: rebuilding`);
    rmSync(dir, { recursive: true, force: true });
  }
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const world = build(partial, assets, approved, workers, log);
    writeFileSync(join(partial, 'world.json'), JSON.stringify(world));
    for (const suffix of ['-wal', '-shm']) rmSync(join(partial, `custody.db${suffix}`), { force: true });
    renameSync(partial, dir);
    return { ...world, dbPath: join(dir, 'custody.db'), signingKeyPath: join(dir, 'signing-key.pem'), reused: false };
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** A private copy of the cached database (and key) for one run: the run moves the assets it measures. */
export function copyWorld(world: CustodyWorld, dir: string): { dbPath: string; signingKeyPath: string } {
  const dbPath = join(dir, 'real.db');
  const signingKeyPath = join(dir, 'keys', 'signing-key.pem');
  mkdirSync(join(dir, 'keys'), { recursive: true });
  copyFileSync(world.dbPath, dbPath);
  copyFileSync(world.signingKeyPath, signingKeyPath);
  if (existsSync(`${world.signingKeyPath}.pub`)) copyFileSync(`${world.signingKeyPath}.pub`, `${signingKeyPath}.pub`);
  return { dbPath, signingKeyPath };
}
