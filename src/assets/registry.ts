import { eq, inArray } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { Actor } from '../actor.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { people } from '../db/schema/roster.ts';
import type { Table } from '../http/csv.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { ASSET_STATUS_WORDS } from '../reports/words.ts';
import { CLASSIFICATION_WORDS } from '../custody/words.ts';
import { eraDate, localDateTime, workingDay } from '../time.ts';
import { KIND_LABELS, OWNER_LABELS } from './labels.ts';
import { listAssets } from './service.ts';
import { CITY_STATE_WORDS } from '../city/words.ts';
import type { CityState } from '../city/state.ts';

type Query = Omit<Parameters<typeof listAssets>[1], 'limit' | 'offset'>;

/** 乙の承認 and 甲の許可 of a device's network connection (第9条2), in one cell. */
function networkWords(approved: boolean, city: CityState): string {
  const own = approved ? '接続承認済み' : '未承認';
  return city === 'not_required' ? own : `${own}（市（甲）: ${CITY_STATE_WORDS[city]}）`;
}

export const REGISTRY_TITLE = '資産管理台帳';
const PAGE = 1000;

/**
 * The asset registry (C1) as a document to download: every asset the filters and the caller's sites
 * select, not one page of the screen's list, with names instead of ids (decision 0024).
 */
export function assetRegistryDocument(deps: Deps, q: Query, actor: Actor): TabularDocument {
  const all = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = listAssets(deps, { ...q, limit: PAGE, offset }, actor);
    all.push(...page);
    if (page.length < PAGE) break;
  }
  const areaIds = [...new Set(all.flatMap((a) => (a.locationAreaId === null ? [] : [a.locationAreaId])))];
  const personIds = [...new Set(all.flatMap((a) => (a.custodianId === null ? [] : [a.custodianId])))];
  const areaNames = new Map(areaIds.length === 0 ? [] : deps.db.select({ id: areas.id, name: areas.name, site: sites.name }).from(areas).innerJoin(sites, eq(sites.id, areas.siteId)).where(inArray(areas.id, areaIds)).all().map((a) => [a.id, `${a.site} ${a.name}`]));
  const names = new Map(personIds.length === 0 ? [] : deps.db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, personIds)).all().map((p) => [p.id, p.name]));
  const tz = deps.config.timeZone;
  const at = (i: string | null) => (i === null ? '' : localDateTime(Date.parse(i), tz));
  const table: Table = {
    title: '資産',
    headers: ['管理番号', '種別', '所有区分', '情報区分', '製造番号', '説明', '状態', '所在区域', '保管者', '庁内ネットワーク', '接続の責任者', '返却予定', '登録日時'],
    dates: ['返却予定', '登録日時'],
    rows: all.map((a) => [
      a.assetNumber,
      KIND_LABELS[a.kind],
      OWNER_LABELS[a.ownerType],
      CLASSIFICATION_WORDS[a.classification],
      a.serialNumber,
      a.description,
      ASSET_STATUS_WORDS[a.status],
      a.locationAreaId === null ? '' : (areaNames.get(a.locationAreaId) ?? ''),
      a.custodianId === null ? '' : (names.get(a.custodianId) ?? ''),
      networkWords(a.networkApproved, a.networkCity),
      a.networkResponsible ?? '',
      at(a.expectedReturnAt),
      at(a.createdAt),
    ]),
  };
  const now = deps.clock.now();
  const day = workingDay(now, tz);
  return { title: REGISTRY_TITLE, subject: `${localDateTime(now, tz)} 現在　${all.length} 件`, eraDate: eraDate(day, tz), tables: [table], file: `assets-${day}`, name: `${REGISTRY_TITLE}_${day}` };
}
