import QRCode from 'qrcode';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { SYSTEM } from '../../src/actor.ts';
import type { Ctx } from '../../src/deps.ts';
import type { AssetInput } from '../../src/assets/schemas.ts';
import { importAssets } from '../../src/assets/service.ts';
import { labelSheet, qrPath } from '../../src/assets/labels.ts';
import { tagPayload } from '../../src/assets/tag.ts';
import type { Verdict } from './checkin.ts';
import { makeTempDir } from './lifecycle.ts';
import { fmt, median, ratio, table, verdict } from './stats.ts';

export interface LabelsOptions {
  labels: number;
  rounds: number;
}

const KINDS = ['laptop', 'usb_memory', 'external_disk', 'paper_document', 'tablet', 'security_key'] as const;

/**
 * The label sheet (issue 5): labelSheet(deps, ids) for `labels` assets against rendering the same QR
 * codes alone (QRCode.create of each tag payload at the sheet's error correction: the encoding the sheet
 * cannot avoid). Both in this process, alternating which goes first, medians over the rounds. qrPath
 * (encoding plus the SVG path string) is timed in the same rounds for context, without a target.
 */
export async function runLabelsBench(opts: LabelsOptions, print: (line: string) => void): Promise<Verdict[]> {
  const dir = makeTempDir('labels');
  const config = loadConfig({ DB_PATH: join(dir, 'labels.db'), SIGNING_KEY_PATH: join(dir, 'signing-key.pem'), LOG_LEVEL: 'warn' });
  const deps = openDeps({ config });
  try {
    const ctx: Ctx = { deps, actor: SYSTEM, requestId: 'bench-setup' };
    const rows: AssetInput[] = Array.from({ length: opts.labels }, (_, i) => ({
      kind: KINDS[i % KINDS.length]!,
      ownerType: i % 3 === 0 ? 'contractor' : 'city_loaned',
      serialNumber: `SN-${i + 1}`,
      description: '',
      classification: 'none',
      networkApproved: false,
      fixed: false,
      custodianId: null,
    }));
    const t0 = performance.now();
    const created = importAssets(ctx, rows);
    const ids = created.map((a) => a.id);
    const payloads = created.map((a) => tagPayload(a.assetNumber));
    print(`registered ${ids.length} assets through importAssets (numbers ${created[0]!.assetNumber} … ${created.at(-1)!.assetNumber}) in ${fmt((performance.now() - t0) / 1000, 2)} s`);

    const encodeAll = () => {
      let modules = 0;
      for (const p of payloads) modules += QRCode.create(p, { errorCorrectionLevel: 'M' }).modules.size;
      return modules;
    };
    const pathAll = () => {
      let n = 0;
      for (const p of payloads) n += qrPath(p).d.length;
      return n;
    };
    const sheet = () => labelSheet(deps, ids);

    // One untimed pass of each warms the JIT and the page cache alike; the sheet is checked once.
    encodeAll();
    pathAll();
    const html = sheet();
    const labelCount = html.split('class="label"').length - 1;
    const pageCount = html.split('class="label-page"').length - 1;
    const expectedPages = Math.ceil(opts.labels / 24);
    print(`sheet: ${labelCount} labels on ${pageCount} A4 pages, ${fmt(html.length / 1e6, 2)} MB of HTML; QR version of a tag: ${QRCode.create(payloads[0]!, { errorCorrectionLevel: 'M' }).version}`);

    const times: Record<'qr' | 'path' | 'sheet', number[]> = { qr: [], path: [], sheet: [] };
    const runners: [keyof typeof times, () => unknown][] = [
      ['qr', encodeAll],
      ['sheet', sheet],
      ['path', pathAll],
    ];
    for (let round = 0; round < opts.rounds; round++) {
      // Rotate the order, so that none always runs first (or right after the others' garbage).
      const order = round % 2 === 0 ? runners : [...runners].reverse();
      for (const [name, fn] of order) {
        const s = performance.now();
        fn();
        times[name].push(performance.now() - s);
      }
    }
    const qr = median(times.qr);
    const path = median(times.path);
    const sh = median(times.sheet);
    const r = ratio(sh, qr);
    // Context against drift in the machine's load: the median of each round's own sheet/QR ratio.
    const paired = median(times.sheet.map((t, i) => t / times.qr[i]!));
    print(
      table(
        ['what', 'runs', 'median ms', 'min ms', 'max ms'],
        [
          [`QRCode.create × ${opts.labels} (baseline)`, String(times.qr.length), fmt(qr, 1), fmt(Math.min(...times.qr), 1), fmt(Math.max(...times.qr), 1)],
          [`qrPath × ${opts.labels} (context)`, String(times.path.length), fmt(path, 1), fmt(Math.min(...times.path), 1), fmt(Math.max(...times.path), 1)],
          [`labelSheet(deps, ${opts.labels} ids)`, String(times.sheet.length), fmt(sh, 1), fmt(Math.min(...times.sheet), 1), fmt(Math.max(...times.sheet), 1)],
        ],
      ),
    );
    print(`ratio sheet/QR alone: ${fmt(r, 2)}× (target ≤ 2×) ${verdict(r <= 2)}; median of per-round ratios ${fmt(paired, 2)}×; qrPath/QR alone ${fmt(ratio(path, qr), 2)}×`);
    return [
      { name: `label sheet of ${opts.labels}, labelSheet/QRCode.create alone`, ok: r <= 2, detail: `${fmt(r, 2)}× (target ≤ 2×, issue 5)` },
      {
        name: `label sheet holds ${opts.labels} labels`,
        ok: labelCount === opts.labels && pageCount === expectedPages,
        detail: `${labelCount} labels on ${pageCount} pages (expected ${expectedPages})`,
      },
    ];
  } catch (err) {
    print(`labels: failed: ${(err as Error).stack ?? String(err)}`);
    return [{ name: 'label sheet benchmark ran', ok: false, detail: (err as Error).message }];
  } finally {
    deps.close();
  }
}
