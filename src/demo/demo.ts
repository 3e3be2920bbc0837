import type { Deps, Ctx } from '../deps.ts';
import { SYSTEM } from '../actor.ts';
import { people } from '../db/schema/roster.ts';
import type { Role } from '../db/schema/roster.ts';
import { createOrganisation, createPerson } from '../roster/service.ts';
import { createArea, createSite, grantAuthorization } from '../areas/service.ts';
import { AppError } from '../http/app-error.ts';
import { generateDay } from './day.ts';

const FAMILY: [string, string][] = [
  ['佐藤', 'さとう'], ['鈴木', 'すずき'], ['高橋', 'たかはし'], ['田中', 'たなか'], ['伊藤', 'いとう'], ['渡辺', 'わたなべ'],
  ['山本', 'やまもと'], ['中村', 'なかむら'], ['小林', 'こばやし'], ['加藤', 'かとう'], ['吉田', 'よしだ'], ['山田', 'やまだ'],
  ['佐々木', 'ささき'], ['山口', 'やまぐち'], ['松本', 'まつもと'], ['井上', 'いのうえ'], ['木村', 'きむら'], ['林', 'はやし'],
];
const GIVEN: [string, string][] = [
  ['太郎', 'たろう'], ['花子', 'はなこ'], ['健一', 'けんいち'], ['美咲', 'みさき'], ['翔太', 'しょうた'], ['陽菜', 'ひな'],
  ['大輔', 'だいすけ'], ['由美', 'ゆみ'], ['拓也', 'たくや'], ['さくら', 'さくら'], ['直樹', 'なおき'], ['真由美', 'まゆみ'],
  ['誠', 'まこと'], ['愛', 'あい'], ['剛', 'つよし'], ['恵', 'めぐみ'], ['亮', 'りょう'],
];

/** The roles of the demo roster, in order: a few staff, then workers. */
function roleFor(i: number): Role[] {
  if (i === 0) return ['admin'];
  if (i === 1) return ['supervisor'];
  if (i === 2) return ['supervisor', 'worker'];
  if (i === 3 || i === 4) return ['guard'];
  if (i === 5) return ['auditor'];
  return ['worker'];
}

/**
 * A realistic sample through the same service functions the API uses, so every row has its journal
 * entry: two organisations, 30 people, a site with a general and a secure area, authorizations.
 */
export async function runDemo(deps: Deps, opts: { day?: string } = {}): Promise<string> {
  if (deps.db.select({ id: people.id }).from(people).limit(1).get()) {
    throw new AppError('CONFLICT', 'demo data goes into an empty database only; this one already has people');
  }
  const ctx: Ctx = { deps, actor: SYSTEM, requestId: 'demo' };
  const now = deps.clock.now();
  const prime = createOrganisation(ctx, { name: '株式会社みなと情報システム', kana: 'かぶしきがいしゃみなとじょうほうしすてむ' });
  const sub = createOrganisation(ctx, { name: '有限会社さくら保守サービス', kana: 'ゆうげんがいしゃさくらほしゅさーびす' });
  const site = createSite(ctx, { name: '市役所本庁舎 4階', address: '本庁舎 4階 情報政策課フロア' });
  const general = createArea(ctx, { siteId: site.id, name: '執務室', securityLevel: 'general' });
  const secure = createArea(ctx, { siteId: site.id, name: 'サーバ室', securityLevel: 'secure', twoPersonRule: true });

  const created = [];
  for (let i = 0; i < 30; i++) {
    const [family, familyKana] = FAMILY[i % FAMILY.length]!;
    const [given, givenKana] = GIVEN[(i * 7) % GIVEN.length]!;
    const roles = roleFor(i);
    created.push(
      createPerson(ctx, {
        name: `${family} ${given}`,
        kana: `${familyKana} ${givenKana}`,
        organisationId: i % 4 === 3 ? sub.id : prime.id,
        position: roles.includes('supervisor') ? '業務責任者' : roles.includes('guard') ? '受付・警備' : '作業従事者',
        duties: roles.includes('worker') ? '基幹系システムの運用保守' : '',
        expertise: i % 3 === 0 ? '情報処理安全確保支援士' : '',
        contact: `090-${String(1000 + i * 37).padStart(4, '0')}-${String(2000 + i * 53).slice(-4)}`,
        nationality: '日本',
        roles,
        siteIds: null,
        validFrom: null,
        validTo: null,
      }),
    );
  }
  let grants = 0;
  for (const [i, p] of created.entries()) {
    if (p.roles.includes('auditor')) continue;
    grantAuthorization(ctx, { personId: p.id, areaId: general.id, validFrom: now - 365 * 86_400_000, validTo: null, note: '' });
    grants++;
    if (i < 12) {
      grantAuthorization(ctx, { personId: p.id, areaId: secure.id, validFrom: now - 365 * 86_400_000, validTo: now + 180 * 86_400_000, note: '運用保守契約' });
      grants++;
    }
  }
  const summary = `demo: 2 organisations, ${created.length} people, site "${site.name}" with areas "${general.name}" (general) and "${secure.name}" (secure), ${grants} authorizations`;
  if (!opts.day) return summary;
  return `${summary}\n${await generateDay(deps, opts.day, created, general, secure, site.id)}`;
}
