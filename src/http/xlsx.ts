import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { tableCsv, type Table } from './csv.ts';

/**
 * Excel workbooks of the tabular documents (issue 16, decision 0024), written with exceljs. Each
 * document describes its tables once (src/http/csv.ts `Table`) and gets both a CSV file per table and
 * one workbook with a sheet per table, so that stays and refusals never share a sheet.
 *
 * - Text is a string cell with the text format (@): 管理番号 00123, 11-20, 1E5, kana and ids stay the
 *   text written, also after the cell is edited. Numbers passed as numbers stay numbers.
 * - The columns a table names in `dates` hold real date-time cells at the Asia/Tokyo wall time (a
 *   spreadsheet has no zone: the serial is the time a Japanese office reads), shown as yyyy/mm/dd hh:mm.
 * - Header row frozen and filtered, column widths from the content, A4 print set-up: orientation,
 *   fit to one page wide, the header row repeated on every page, a page header with the title and the
 *   document's 和暦 date, a page footer with page &P / &N.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATE_FORMAT = 'yyyy/mm/dd hh:mm';

export interface WorkbookSpec {
  /** The document's title (入退室管理簿): the page header's centre, the workbook's title. */
  title: string;
  /** What the document is of (施設・区域), printed at the page header's left. */
  subject: string;
  /** The document's 和暦 date (令和8年11月20日), printed at the page header's right. */
  eraDate: string;
  tables: Table[];
  /** Landscape unless the tables are narrow (a muster list, a summary). */
  orientation?: 'landscape' | 'portrait';
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** `2026-11-20 09:05` (a wall time in the zone, as localDateTime writes it) as the Date whose UTC fields are that wall time. */
function wallTime(s: string): Date | null {
  const m = WALL_TIME.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi));
}

/** Points a wrapped line of 11 pt text takes in a row. */
const LINE_HEIGHT = 15;

/** Display width of a text in Excel's character units: full-width characters count two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
  return w;
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 40;
const DATE_WIDTH = 19;

/** A sheet's name: Excel allows 31 characters and none of []:*?/\ . */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, '・').slice(0, 31);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 28)}(${i})`;
  used.add(name);
  return name;
}

/** Text inside a header or footer: & starts a code there, so it is doubled. */
const hf = (s: string) => s.replace(/&/g, '&&');

function addSheet(wb: ExcelJS.Workbook, spec: WorkbookSpec, t: Table, used: Set<string>): void {
  const ws = wb.addWorksheet(sheetName(t.title, used), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: spec.orientation ?? 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.75, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${hf(spec.subject)}&C&"-,Bold"${hf(spec.title)}　${hf(t.title)}&R${hf(spec.eraDate)}`,
      oddFooter: `&L${hf(spec.title)}　${hf(spec.eraDate)}&R&P / &N`,
    },
  });
  ws.pageSetup.printTitlesRow = '1:1';
  const dates = new Set((t.dates ?? []).map((h) => t.headers.indexOf(h)).filter((i) => i >= 0));
  const widths = t.headers.map((h) => displayWidth(h));
  const header = ws.addRow([...t.headers]);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const values of t.rows) {
    const row = ws.addRow([]);
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      cell.alignment = { vertical: 'top', horizontal: 'left', wrapText: true };
      if (v === null || v === undefined || v === '') {
        cell.numFmt = '@';
        return;
      }
      if (typeof v === 'number') {
        cell.value = v;
        widths[i] = Math.max(widths[i] ?? 0, String(v).length);
        return;
      }
      const when = dates.has(i) ? wallTime(v) : null;
      if (when) {
        cell.value = when;
        cell.numFmt = DATE_FORMAT;
        widths[i] = Math.max(widths[i] ?? 0, DATE_WIDTH);
      } else {
        cell.value = v;
        cell.numFmt = '@';
        widths[i] = Math.max(widths[i] ?? 0, ...v.split('\n').map(displayWidth));
      }
    });
  }
  const columnWidths = t.headers.map((_, i) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, (widths[i] ?? 0) + 2)));
  columnWidths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  // A text wider than its column wraps; Calc and Excel keep a row's stored height on opening, so a
  // wrapped cell would show its first line only: the row is given the height of its longest cell.
  ws.eachRow((row, n) => {
    if (n === 1) return;
    let lines = 1;
    row.eachCell((cell, col) => {
      if (typeof cell.value !== 'string') return;
      const room = Math.max(1, (columnWidths[col - 1] ?? MIN_WIDTH) - 1);
      lines = Math.max(lines, cell.value.split('\n').reduce((sum, l) => sum + Math.max(1, Math.ceil(displayWidth(l) / room)), 0));
    });
    if (lines > 1) row.height = LINE_HEIGHT * lines;
  });
  if (t.headers.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.headers.length } };
}

/** The workbook of a document: one sheet per table, in the order given. */
export async function toXlsx(spec: WorkbookSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = spec.title;
  wb.subject = spec.subject;
  wb.creator = 'access-custody-ledger';
  const used = new Set<string>();
  for (const t of spec.tables) addSheet(wb, spec, t, used);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Content-Disposition for a download: an ASCII file name for old clients and the Japanese one as
 * RFC 5987 filename* (入退室管理簿_執務室_2026-11-20.xlsx), which browsers prefer.
 */
export function attachment(asciiName: string, name: string = asciiName): string {
  const ascii = asciiName.replace(/[^\x20-\x7E]|["\\]/g, '_');
  const encoded = encodeURIComponent(namePart(name)).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';

/** A tabular document as its routes serve it: the workbook, and the file names to download it under. */
export interface TabularDocument extends WorkbookSpec {
  /** The ASCII file name without extension (ledger-3-2026-11-20). */
  file: string;
  /** The Japanese file name without extension (入退室管理簿_執務室_2026-11-20). */
  name: string;
}

/**
 * The document as a download: `xlsx`, the workbook with every table on its own sheet; `csv`, one table
 * per file, the first (the stays, the movements) unless `section` names another by its key (refusals).
 */
export async function download(c: Context, doc: TabularDocument, format: 'csv' | 'xlsx', section?: string): Promise<Response> {
  if (format === 'xlsx') {
    const body = await toXlsx(doc);
    return c.body(new Uint8Array(body), 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment(`${doc.file}.xlsx`, `${doc.name}.xlsx`) });
  }
  const t = (section === undefined ? undefined : doc.tables.find((x) => x.key === section)) ?? doc.tables[0]!;
  const suffix = t === doc.tables[0] ? '' : `-${t.key}`;
  const nameSuffix = t === doc.tables[0] ? '' : `_${t.title}`;
  return c.body(tableCsv(t), 200, { 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment(`${doc.file}${suffix}.csv`, `${doc.name}${nameSuffix}.csv`) });
}

/** A file name from site and area names: no path separators, spaces or characters a file system refuses. */
function namePart(s: string): string {
  return s.replace(/[\\/:*?"<>|\s\u0000-\u001F]+/g, '_');
}
