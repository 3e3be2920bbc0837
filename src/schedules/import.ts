import { AppError, type FieldIssue } from '../http/app-error.ts';
import { parseCsv } from '../http/csv.ts';
import { ImportRow, type ImportRowInput } from './schemas.ts';

const COLUMNS = { person_id: 'personId', day: 'day', start: 'start', end: 'end' } as const;
type Column = keyof typeof COLUMNS;

export const IMPORT_MAX_ROWS = 10_000;

/**
 * Parses a 勤務予定表 CSV: a header naming `person_id, day, start, end` (any order), then one shift a
 * line (`12,2026-11-20,09:00,17:30`). Every problem is reported at once as `body.rows.N.field`.
 */
export function parseScheduleCsv(csv: string): ImportRowInput[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw AppError.field('body.csv', 'empty: the first line names the columns');
  const columns = header.map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => !(c in COLUMNS));
  if (unknown.length > 0) throw AppError.field('body.csv', `unknown columns: ${unknown.join(', ')} (known: ${Object.keys(COLUMNS).join(', ')})`);
  const missing = Object.keys(COLUMNS).filter((c) => !columns.includes(c));
  if (missing.length > 0) throw AppError.field('body.csv', `missing columns: ${missing.join(', ')}`);
  if (rows.length === 0) throw AppError.field('body.csv', 'no rows after the header');
  if (rows.length > IMPORT_MAX_ROWS) throw AppError.field('body.csv', `at most ${IMPORT_MAX_ROWS} rows per import`);
  const issues: FieldIssue[] = [];
  const parsed: ImportRowInput[] = [];
  rows.forEach((cells, i) => {
    const obj: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      const v = (cells[j] ?? '').trim();
      obj[COLUMNS[c as Column]] = c === 'person_id' && /^\d+$/.test(v) ? Number(v) : v;
    });
    const result = ImportRow.safeParse(obj);
    if (result.success) parsed.push(result.data);
    else for (const issue of result.error.issues) issues.push({ path: ['body', 'rows', i, ...issue.path].join('.'), message: issue.message });
  });
  if (issues.length > 0) throw AppError.validation(issues.slice(0, 50));
  return parsed;
}
