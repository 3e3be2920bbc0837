/**
 * CSV that Excel and LibreOffice Calc open correctly in Japanese: UTF-8 with a BOM, CRLF line ends,
 * every field quoted when it must be.
 *
 * A spreadsheet converts any cell that looks like a number, date, time, percentage or boolean
 * (00123 -> 123, 11-20 -> a date, 1E5 -> 100000, １２３ -> 123, 11月3日 -> a date), and quoting the
 * field does not stop it. So every text cell holding a digit, a boolean word, or a formula's first
 * character is written as a text formula, ="00123": both programs show exactly the text, with no
 * visible mark. The same form is the formula-injection defence: the content is only ever a string
 * literal (its quotes doubled), so =cmd|... shows as text and never runs. Numbers passed as numbers
 * stay plain numbers. See docs/decisions/0009-csv-cells-as-text.md.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
const CONVERTIBLE = /[0-9０-９]|^\s*(true|false)\s*$/i;
/** Excel refuses a string literal longer than 255 characters in a formula; pieces are joined with &. */
const PIECE = 200;

function literal(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  do {
    let end = Math.min(i + PIECE, s.length);
    if (end < s.length && /[\uD800-\uDBFF]/.test(s[end - 1]!)) end -= 1; // never split a surrogate pair
    out.push(`"${s.slice(i, end).replace(/"/g, '""')}"`);
    i = end;
  } while (i < s.length);
  return out;
}

/** ="..." for a text cell; line breaks inside it become CHAR(10), which both programs show as a break. */
export function textFormula(s: string): string {
  return `=${s.split(/\r\n|\r|\n/).map((line) => literal(line).join('&')).join('&CHAR(10)&')}`;
}

const FORMULA_TEXT = /^=("(?:[^"]|"")*"|CHAR\(10\))(&("(?:[^"]|"")*"|CHAR\(10\)))*$/;

/** The text of a cell written by textFormula; any other field is returned as it is. */
export function fromTextFormula(field: string): string {
  if (!FORMULA_TEXT.test(field)) return field;
  return field
    .slice(1)
    .match(/"(?:[^"]|"")*"|CHAR\(10\)/g)!
    .map((p) => (p === 'CHAR(10)' ? '\n' : p.slice(1, -1).replace(/""/g, '"')))
    .join('');
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  if (typeof v === 'string' && (FORMULA_START.test(s) || CONVERTIBLE.test(s))) {
    // Unquoted when it can be (="00123", the form every spreadsheet knows); quoted when a comma needs it.
    const f = textFormula(s);
    return f.includes(',') ? quote(f) : f;
  }
  return /[",\r\n]/.test(s) || s !== s.trim() ? quote(s) : s;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}

export const CSV_BOM = '\uFEFF';

export function toCsv(headers: readonly string[], rows: (string | number | null | undefined)[][]): string {
  return CSV_BOM + csvLine([...headers]) + rows.map(csvLine).join('');
}

export type Cell = string | number | null | undefined;

/**
 * One table of a document, described once for its CSV file and its workbook's sheet (src/http/xlsx.ts):
 * a title (the sheet's name), the header row and the rows. `dates` names the columns whose cells are
 * local date-times written by localDateTime (`2026-11-20 09:05`): a workbook types them as dates, a CSV
 * writes them as text like every other cell; any other text in such a column (未持出) stays text.
 */
export interface Table {
  /** Which table of the document, for a CSV download of one of them (`section=refusals`). */
  key?: string;
  title: string;
  headers: readonly string[];
  rows: Cell[][];
  dates?: readonly string[];
}

/** One table as one CSV file: a header row and its rows, nothing above or below (decision 0024). */
export function tableCsv(t: Table): string {
  return toCsv(t.headers, t.rows);
}

/**
 * RFC 4180 parsing (quoted fields, doubled quotes, CRLF or LF); a leading BOM is ignored, and a cell
 * written as a text formula (="00123", as this module and spreadsheet users write them) reads as its text.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const end = () => row.push(fromTextFormula(field));
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      end();
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      end();
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    end();
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}
