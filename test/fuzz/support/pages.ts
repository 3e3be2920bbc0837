/** Reading printed pages and CSV files the way a browser and a spreadsheet would. */

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The text a browser shows for `html`'s character references (markup is left in place). */
export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return ENTITIES[ref.toLowerCase()] ?? m;
  });
}

/** RFC 4180, independent of the product's own parser: quoted fields, doubled quotes, CRLF or LF, a BOM. */
export function readCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

/** What a page does wrong with the hostile `values`: markup that is live, raw text, text that is missing. */
export function htmlProblems(page: string, values: Map<string, string>, expected: string[]): string[] {
  const out: string[] = [];
  for (const live of ['<script', '<img', 'onerror=alert(1)>']) if (page.includes(live)) out.push(`live markup ${JSON.stringify(live)} at …${page.slice(Math.max(0, page.indexOf(live) - 60), page.indexOf(live) + 40)}…`);
  for (const [tag, v] of values) if (page.includes(v)) out.push(`${tag} written unescaped`);
  const shown = decodeEntities(page);
  for (const tag of expected) if (!shown.includes(values.get(tag)!)) out.push(`${tag} not shown (escaped once) on the page`);
  return out;
}

const FORMULA = /^[=+\-@\t\r]/;
/** A formula made only of string literals (and line breaks) joined by &: it shows text and runs nothing. */
const TEXT_ONLY = /^=("(?:[^"]|"")*"|CHAR\(10\))(&("(?:[^"]|"")*"|CHAR\(10\)))*$/;

/** The text a spreadsheet shows for a text-only formula cell. */
function shownText(c: string): string {
  if (!TEXT_ONLY.test(c)) return c;
  return (c.slice(1).match(/"(?:[^"]|"")*"|CHAR\(10\)/g) ?? []).map((p) => (p === 'CHAR(10)' ? '\n' : p.slice(1, -1).replace(/""/g, '"'))).join('');
}

/** Cells Excel would run as a formula, and expected values missing from the file. */
export function csvProblems(text: string, values: Map<string, string>, expected: string[]): string[] {
  const out: string[] = [];
  const raw = readCsv(text).flat();
  for (const c of raw) if (FORMULA.test(c) && !TEXT_ONLY.test(c) && !/^-?\d+(\.\d+)?$/.test(c)) out.push(`formula cell ${JSON.stringify(c.slice(0, 60))}`);
  const cells = raw.map(shownText);
  for (const tag of expected) if (!cells.some((c) => c.includes(values.get(tag)!))) out.push(`${tag} missing from the CSV`);
  return out;
}
