import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/http/csv.ts';
import { XLSX_TYPE } from '../../src/http/xlsx.ts';
import { CSV_EXPORT, convertWithLibreOffice, SKIP_WITHOUT_LIBREOFFICE } from '../http/libreoffice.ts';
import { documentsWorld, downloaded, HOSTILE_CODES, KANA_NAME, KATAKANA_NAME, NUMBERS, withQuery, type DocumentsWorld } from '../http/documents-world.ts';

type Value = string | number | Date | null;

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's cells as values (text, number, date), rows without trailing empty cells. */
function values(ws: ExcelJS.Worksheet): Value[][] {
  const out: Value[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const r: Value[] = [];
    for (let i = 1; i <= ws.columnCount; i++) {
      const v = row.getCell(i).value;
      // Calc saves text of mixed scripts (試験 11号) as rich text runs, one per script's font: still text.
      const text = v !== null && typeof v === 'object' && 'richText' in v ? v.richText.map((run) => run.text).join('') : v;
      r.push(text === undefined || text === null || text === '' ? null : text instanceof Date || typeof text === 'number' || typeof text === 'string' ? text : String(text));
    }
    while (r.length > 0 && r[r.length - 1] === null) r.pop();
    out.push(r);
  });
  return out;
}

const sheets = (wb: ExcelJS.Workbook) => wb.worksheets.map((ws) => ws.name);
const column = (rows: Value[][], header: string) => rows.slice(1).map((r) => r[rows[0]!.indexOf(header)] ?? null);
/** The Date of a Tokyo wall time as the workbook holds it (a serial at that wall time, no zone). */
const wall = (s: string) => new Date(`${s.replace(' ', 'T')}:00Z`);

async function xlsxOf(d: DocumentsWorld, path: string) {
  const res = await downloaded(d, withQuery(path, 'format=xlsx'));
  expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
  expect([...res.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip
  return res;
}

describe('Excel workbooks beside CSV (issue 16 item 2)', () => {
  it('every tabular document as .xlsx: text typed as text, JST dates as dates, refusals on a sheet of their own, print set-up', async () => {
    const d = await documentsWorld();
    const ledger = await xlsxOf(d, d.paths.ledger);
    expect(ledger.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${d.w.site.general.id}-2026-11-20.xlsx"; filename*=UTF-8''${encodeURIComponent('入退室管理簿_執務室_2026-11-20.xlsx')}`);
    const wbLedger = await workbook(ledger.bytes);
    expect(sheets(wbLedger)).toEqual(['入退室の記録', '入室拒否の記録']);
    const stays = values(wbLedger.worksheets[0]!);
    expect(stays[0]).toEqual(['氏名', 'ふりがな', '所属', '区分', '目的', '入室日時', '退室日時', '認証方法', '備考']);
    expect(stays.slice(1).map((r) => [r[0], r[1]])).toEqual(expect.arrayContaining([[KANA_NAME.name, KANA_NAME.kana], [KATAKANA_NAME.name, KATAKANA_NAME.kana]]));
    for (const at of column(stays, '入室日時')) expect(at).toBeInstanceOf(Date);
    expect(column(stays, '入室日時')[0]).toEqual(wall('2026-11-20 09:00'));
    expect(column(stays, '退室日時')).toEqual(stays.slice(1).map(() => '未退室'));
    expect(wbLedger.worksheets[0]!.getCell('F2').numFmt).toBe('yyyy/mm/dd hh:mm');
    expect(values(wbLedger.worksheets[1]!).slice(1).map((r) => r[1])).toEqual(['権限 なし子']);

    const custody = await workbook((await xlsxOf(d, d.paths.custody)).bytes);
    expect(sheets(custody)).toEqual(['持込・持出の記録', '持込・持出拒否の記録']);
    const moved = values(custody.worksheets[0]!);
    expect(column(moved, '管理番号')).toEqual(NUMBERS);
    expect(custody.worksheets[0]!.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(custody.worksheets[0]!.getCell('A2').numFmt).toBe('@');
    expect(column(values(custody.worksheets[1]!), '読取コード')).toEqual(HOSTILE_CODES);

    const site = await workbook((await xlsxOf(d, d.paths.siteLedger)).bytes);
    expect(sheets(site)).toEqual(['入退室の記録', '入室拒否の記録']);
    expect(values(site.worksheets[0]!)[0]![0]).toBe('区域');

    const muster = await workbook((await xlsxOf(d, d.paths.muster)).bytes);
    const inside = values(muster.worksheets[0]!);
    expect(column(inside, 'ふりがな')).toEqual(expect.arrayContaining([KANA_NAME.kana, KATAKANA_NAME.kana]));
    expect(muster.worksheets[0]!.pageSetup.orientation).toBe('portrait');

    const monthly = await workbook((await xlsxOf(d, d.paths.monthly)).bytes);
    expect(sheets(monthly)).toEqual(['報告', '集計', '区域別の入退室', '退室記録のない入室', '異常の検知', '持込・持出申請の承認・却下', '返却期限を過ぎた資産', 'インシデント', '記録の完全性']);
    expect(values(monthly.worksheets[0]!)[1]).toEqual(['報告対象月', '令和8年11月（2026年11月）']);

    const roster = await workbook((await xlsxOf(d, d.paths.roster)).bytes);
    const people = values(roster.worksheets[0]!);
    expect(people[0]).toEqual(['氏名', 'ふりがな', '会社・所属', '役職', '担当業務', '専門性・資格', '役割', '有効期間（開始）', '有効期間（終了）', '状態']);
    expect(people.slice(1).map((r) => [r[0], r[1]])).toEqual(expect.arrayContaining([[KANA_NAME.name, KANA_NAME.kana], [KATAKANA_NAME.name, KATAKANA_NAME.kana]]));
    expect(people.flat().join()).not.toMatch(/国籍|連絡先/);
    const registry = await workbook((await xlsxOf(d, d.paths.assets)).bytes);
    const listed = values(registry.worksheets[0]!);
    expect(column(listed, '管理番号')).toEqual(expect.arrayContaining(NUMBERS));
    for (const at of column(listed, '登録日時')) expect(at).toBeInstanceOf(Date);
    expect(column(listed, '所在区域')).toContainEqual(expect.stringMatching(/^庁舎\S+ 執務室$/));
    const recon = await workbook((await xlsxOf(d, d.paths.reconciliation)).bytes);
    expect(sheets(recon)).toEqual(['持ち込まれ、持ち出されていない資産', '返却されていない市貸与の資産', '返却されていないセキュリティキー', '返却されていない名札（バッジ）', '離任していない作業従事者', '未完了のインシデント']);
    expect(column(values(recon.worksheets[0]!), '管理番号')).toEqual(expect.arrayContaining(NUMBERS));

    for (const [wb, title, era] of [
      [wbLedger, '入退室管理簿', '令和8年11月20日'],
      [custody, '持込・持出管理簿', '令和8年11月20日'],
      [site, '入退室管理簿（拠点）', '令和8年11月20日'],
      [muster, '在室者一覧（避難確認用）', '令和8年11月20日'],
      [monthly, 'セキュリティ保全状況報告書（月次自己点検）', '令和8年11月'],
      [roster, '作業従事者名簿', '令和8年11月20日'],
      [registry, '資産管理台帳', '令和8年11月20日'],
      [recon, '契約終了時の返却・持出確認表', '令和8年11月20日'],
    ] as const) {
      for (const ws of wb.worksheets) {
        expect(ws.views[0], `${title} ${ws.name}`).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
        expect(ws.headerFooter.oddHeader).toContain(title);
        expect(ws.headerFooter.oddHeader).toContain(era);
        expect(ws.headerFooter.oddFooter).toContain('&P / &N');
        expect(ws.getColumn(1).width, `${title} ${ws.name} column A`).toBeGreaterThanOrEqual(6);
      }
    }
  }, 300_000);
});

describe.skipIf(SKIP_WITHOUT_LIBREOFFICE)('the workbooks opened in LibreOffice Calc (issue 16 item 6)', () => {
  it('saved again by Calc, every cell keeps its text or date; shown as CSV, 00123, 0042, 11-20, 1E5 and kana stay text', async () => {
    const d = await documentsWorld();
    const files: Record<string, Buffer> = {};
    for (const [name, path] of Object.entries(d.paths)) files[`${name}.xlsx`] = (await xlsxOf(d, path)).bytes;

    // Round trip through Calc: the same cells, the same types (a date stays a date, text stays text).
    const again = convertWithLibreOffice(files, 'xlsx:Calc MS Excel 2007 XML');
    for (const name of Object.keys(files)) {
      const ours = await workbook(files[name]!);
      const calc = await workbook(again.read(name));
      expect(sheets(calc), name).toEqual(sheets(ours));
      ours.worksheets.forEach((ws, i) => expect(values(calc.worksheets[i]!), `${name} ${ws.name}`).toEqual(values(ws)));
    }

    // What Calc shows, every sheet written as CSV: the numbers as written, the dates as yyyy/mm/dd hh:mm.
    const shown = convertWithLibreOffice({ 'custody.xlsx': files['custody.xlsx']!, 'ledger.xlsx': files['ledger.xlsx']! }, CSV_EXPORT);
    const csv = (file: string) => parseCsv(shown.read(file).toString('utf8'));
    expect(shown.names()).toEqual(['custody-持込・持出の記録.csv', 'custody-持込・持出拒否の記録.csv', 'ledger-入室拒否の記録.csv', 'ledger-入退室の記録.csv']);
    const moved = csv('custody-持込・持出の記録.csv');
    expect(moved.slice(1).map((r) => r[0])).toEqual(NUMBERS);
    expect(moved[1]![5]).toMatch(/^2026\/11\/20 \d\d:\d\d$/);
    expect(csv('custody-持込・持出拒否の記録.csv').slice(1).map((r) => r[6])).toEqual(HOSTILE_CODES);
    const stays = csv('ledger-入退室の記録.csv');
    expect(stays).toContainEqual(expect.arrayContaining([KANA_NAME.name, KANA_NAME.kana]));
    expect(stays).toContainEqual(expect.arrayContaining([KATAKANA_NAME.name, KATAKANA_NAME.kana]));
    expect(csv('ledger-入室拒否の記録.csv').slice(1).map((r) => r[1])).toEqual(['権限 なし子']);
  }, 600_000);

  it('printed by Calc: A4, the title and 和暦 date in the page header, page x / y in the footer', async () => {
    const d = await documentsWorld();
    const files: Record<string, Buffer> = {};
    for (const [name, path] of Object.entries(d.paths)) files[`${name}.xlsx`] = (await xlsxOf(d, path)).bytes;
    const pdf = convertWithLibreOffice(files, 'pdf');
    for (const [name, title, landscape] of [
      ['ledger', '入退室管理簿', true],
      ['siteLedger', '入退室管理簿（拠点）', true],
      ['custody', '持込・持出管理簿', true],
      ['muster', '在室者一覧（避難確認用）', false],
      ['monthly', 'セキュリティ保全状況報告書（月次自己点検）', true],
      ['roster', '作業従事者名簿', true],
      ['assets', '資産管理台帳', true],
      ['reconciliation', '契約終了時の返却・持出確認表', true],
    ] as const) {
      const file = join(pdf.out, `${name}.pdf`);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info, name).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
      const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number) as [number, number];
      expect(w > h, `${name} landscape`).toBe(landscape);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text, name).toContain(title);
      expect(text, name).toContain('令和8年11月');
      expect(text, name).toMatch(/\b1 ?\/ ?\d+/);
      if (process.env.XLSX_PNG_DIR) execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(process.env.XLSX_PNG_DIR, name)]);
    }
    const custodyText = execFileSync('pdftotext', ['-layout', join(pdf.out, 'custody.pdf'), '-'], { encoding: 'utf8' });
    for (const n of NUMBERS) expect(custodyText).toContain(n);
  }, 600_000);
});
