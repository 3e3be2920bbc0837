import type { ASSET_STATUSES } from '../db/schema/custody.ts';
import { REFUSAL_WORDS } from '../ledger/words.ts';
import { MOVEMENT_REFUSAL_WORDS } from '../custody/words.ts';
import { ANOMALY_WORDS } from '../anomalies/words.ts';
import { INCIDENT_KIND_WORDS } from '../incidents/words.ts';
import type { MonthlyReport } from './monthly.ts';
import { dayBounds } from '../time.ts';

export const ASSET_STATUS_WORDS: Record<(typeof ASSET_STATUSES)[number], string> = {
  registered: '登録済み',
  inside: '区域内',
  outside: '持出中',
  on_loan: '貸出中',
  lost: '紛失',
  disposed: '廃棄済み',
  returned: '返却済み',
};

export const ROSTER_ACTION_WORDS: Record<string, string> = {
  'person.created': '名簿への追加',
  'person.updated': '名簿の変更',
  'person.suspended': '利用停止',
  'person.reactivated': '利用再開',
};

export type SummaryRow = [section: string, item: string, value: number | string];

const nonZero = <K extends string>(counts: Record<K, number>, words: Record<K, string>): [string, number][] =>
  (Object.entries(counts) as [K, number][]).filter(([, n]) => n > 0).map(([k, n]) => [words[k] ?? k, n]);

/** When the state figures stand: the month's end, or the moment of printing while the month still runs. */
export function asOfWords(r: MonthlyReport): string {
  return r.asOf === r.period.to ? '月末時点' : '出力時点';
}

/** The figures of the report, in the order of the form's items: what both the page and the CSV print. */
export function summaryRows(r: MonthlyReport): SummaryRow[] {
  const a = r.access;
  const c = r.custody;
  const when = asOfWords(r);
  return [
    ['1 体制の整備', `名簿掲載者（有効、${when}）`, r.roster.activePeople],
    ...Object.entries(r.roster.changes).map(([k, n]): SummaryRow => ['1 体制の整備', ROSTER_ACTION_WORDS[k] ?? k, n]),
    ['1 体制の整備', '要配慮情報（連絡先・国籍）の閲覧', r.roster.sensitiveReads],
    ['1 体制の整備', '研修受講済み（有効）', r.training.current],
    ['1 体制の整備', '研修の有効期限切れ', r.training.expired],
    ['1 体制の整備', '研修未受講', r.training.untrained],
    ['2 秘密保持等', '持込', c.carriedIn],
    ['2 秘密保持等', '持出', c.carriedOut],
    ['2 秘密保持等', '持込・持出の拒否', c.refused],
    ...nonZero(c.refusalsByReason, MOVEMENT_REFUSAL_WORDS).map(([w, n]): SummaryRow => ['2 秘密保持等', `拒否理由: ${w}`, n]),
    ['2 秘密保持等', '持込申請の承認', c.decisions.carry_in.approved],
    ['2 秘密保持等', '持込申請の却下', c.decisions.carry_in.rejected],
    ['2 秘密保持等', '持出申請の承認', c.decisions.carry_out.approved],
    ['2 秘密保持等', '持出申請の却下', c.decisions.carry_out.rejected],
    ['2 秘密保持等', 'うちその場承認', c.onTheSpot],
    ['3 運用・保守・点検', '入室', a.entries],
    ['3 運用・保守・点検', 'うち来訪者の入室', a.visitorEntries],
    ['3 運用・保守・点検', '退室', a.exits],
    ['3 運用・保守・点検', '入室拒否', a.refusals],
    ...nonZero(a.refusalsByReason, REFUSAL_WORDS).map(([w, n]): SummaryRow => ['3 運用・保守・点検', `拒否理由: ${w}`, n]),
    ['3 運用・保守・点検', '退室記録のない入室', a.staysWithoutExit],
    ['3 運用・保守・点検', '異常の検知', r.anomalies.total],
    ...nonZero(r.anomalies.byKind, ANOMALY_WORDS).map(([w, n]): SummaryRow => ['3 運用・保守・点検', `異常: ${w}`, n]),
    ['4 情報資産の保全', `区域内にある資産（${when}）`, r.assets.inside],
    ['4 情報資産の保全', `持出中・貸出中の資産（${when}）`, r.assets.outside],
    ['4 情報資産の保全', `返却期限を過ぎた資産（${when}）`, r.assets.overdue],
    ['4 情報資産の保全', '廃棄の実施', r.disposals.total],
    ['5 インシデント', '発生（発見）', r.incidents.total],
    ...nonZero(r.incidents.byKind, INCIDENT_KIND_WORDS).map(([w, n]): SummaryRow => ['5 インシデント', w, n]),
    ['5 インシデント', `未完了（${when}）`, r.incidents.openNow],
  ];
}

export function verificationText(r: MonthlyReport): string {
  const v = r.journal.verification;
  return v.ok ? `改ざんなし（${v.count} 件を検証）` : `不整合あり: 第${v.seq}号 ${v.reason}（${v.message}）`;
}

/** 令和8年11月: a month `YYYY-MM` in the Japanese era, as the form's subtitle names it. */
export function eraMonth(month: string, timeZone: string): string {
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { timeZone, era: 'long', year: 'numeric', month: 'long' }).format(dayBounds(`${month}-01`, timeZone).start);
}
