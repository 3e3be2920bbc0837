import type { Ctx } from '../deps.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { ROLE_WORDS, STATUS_WORDS } from '../submissions/roster-document.ts';
import { eraDate, localDateTime, workingDay } from '../time.ts';
import type { PersonView } from './service.ts';

export const ROSTER_TITLE = '作業従事者名簿';

/**
 * The roster (A1) as a document to download: the people the screen's filters select, with the columns
 * of the 作業従事者名簿 submitted to 甲; contact and nationality stay out (A6). Decision 0024.
 */
export function rosterDocument(ctx: Ctx, list: PersonView[]): TabularDocument {
  const tz = ctx.deps.config.timeZone;
  const day = (i: string | null) => (i === null ? '' : eraDate(workingDay(Date.parse(i), tz), tz));
  const now = ctx.deps.clock.now();
  const today = workingDay(now, tz);
  return {
    title: ROSTER_TITLE,
    subject: `${localDateTime(now, tz)} 現在　${list.length} 名`,
    eraDate: eraDate(today, tz),
    tables: [
      {
        title: '作業従事者',
        headers: ['氏名', 'ふりがな', '会社・所属', '役職', '担当業務', '専門性・資格', '役割', '有効期間（開始）', '有効期間（終了）', '状態'],
        rows: list.map((p) => [p.name, p.kana, p.organisationName, p.position, p.duties, p.expertise, p.roles.map((r) => ROLE_WORDS[r] ?? r).join('・'), day(p.validFrom), day(p.validTo), STATUS_WORDS[p.status] ?? p.status]),
      },
    ],
    file: `roster-${today}`,
    name: `${ROSTER_TITLE}_${today}`,
  };
}
