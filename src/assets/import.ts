import { AppError, type FieldIssue } from '../http/app-error.ts';
import { parseCsv } from '../http/csv.ts';
import { AssetBody, type AssetInput } from './schemas.ts';

const COLUMNS = ['asset_number', 'kind', 'owner_type', 'serial_number', 'description', 'classification', 'has_storage', 'network_approved', 'fixed', 'custodian_id'] as const;
const FIELD: Record<(typeof COLUMNS)[number], string> = {
  asset_number: 'assetNumber',
  kind: 'kind',
  owner_type: 'ownerType',
  serial_number: 'serialNumber',
  description: 'description',
  classification: 'classification',
  has_storage: 'hasStorage',
  network_approved: 'networkApproved',
  fixed: 'fixed',
  custodian_id: 'custodianId',
};
const BOOLEAN = new Set(['has_storage', 'network_approved', 'fixed']);

function cellValue(column: string, raw: string): unknown {
  const v = raw.trim();
  if (v === '') return undefined;
  if (BOOLEAN.has(column)) return /^(1|true|yes|はい|○)$/i.test(v) ? true : /^(0|false|no|いいえ|×)$/i.test(v) ? false : v;
  if (column === 'custodian_id') return /^\d+$/.test(v) ? Number(v) : v;
  return v;
}

export const IMPORT_MAX_ROWS = 5000;

/**
 * Parses an inventory CSV (header row with the column names above, any order, unknown columns refused)
 * into validated asset inputs. Every problem is reported at once as `body.rows.N.field`.
 */
export function parseAssetCsv(csv: string): AssetInput[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw AppError.field('body.csv', 'empty: the first line names the columns');
  const columns = header.map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw AppError.field('body.csv', `unknown columns: ${unknown.join(', ')} (known: ${COLUMNS.join(', ')})`);
  if (rows.length === 0) throw AppError.field('body.csv', 'no rows after the header');
  if (rows.length > IMPORT_MAX_ROWS) throw AppError.field('body.csv', `at most ${IMPORT_MAX_ROWS} rows per import`);
  const issues: FieldIssue[] = [];
  const parsed: AssetInput[] = [];
  rows.forEach((cells, i) => {
    const obj: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      const value = cellValue(c, cells[j] ?? '');
      if (value !== undefined) obj[FIELD[c as (typeof COLUMNS)[number]]] = value;
    });
    const result = AssetBody.safeParse(obj);
    if (result.success) parsed.push(result.data);
    else for (const issue of result.error.issues) issues.push({ path: ['body', 'rows', i, ...issue.path].join('.'), message: issue.message });
  });
  if (issues.length > 0) throw AppError.validation(issues.slice(0, 50));
  return parsed;
}
