/**
 * CSV that Excel opens correctly in Japanese: UTF-8 with a BOM, CRLF line ends, every field quoted
 * when it must be. Cells that Excel would run as a formula are prefixed with an apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}

export const CSV_BOM = '\uFEFF';

export function toCsv(headers: string[], rows: (string | number | null | undefined)[][]): string {
  return CSV_BOM + csvLine(headers) + rows.map(csvLine).join('');
}
