import type { CityColumn, CityState } from './state.ts';

/** 甲's column in plain Japanese, for printed documents and the CSV (F1). */
export const CITY_STATE_WORDS: Record<CityState, string> = {
  not_required: '不要',
  awaiting: '許可待ち',
  permitted: '許可済み',
  paper: '書面で許可（市の確認待ち）',
  refused: '不許可',
};

/** The state, and who permitted it: 甲's official in the system, or the paper permit's reference and official. */
export function cityWords(c: Pick<CityColumn, 'state' | 'permissions'>): string {
  const words = CITY_STATE_WORDS[c.state];
  const p = c.permissions.find((x) => x.counts || x.decision === 'refused');
  if (!p || c.state === 'awaiting' || c.state === 'not_required') return words;
  if (p.channel === 'paper' && p.paper) return `${words}（許可書 ${p.paper.permitReference}、${p.paper.permitDate}、${p.paper.officialSection} ${p.paper.officialName}）`;
  return `${words}（${p.recordedBy.name}）`;
}
