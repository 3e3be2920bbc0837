import { join } from 'node:path';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { SYSTEM } from '../../src/actor.ts';
import type { Ctx } from '../../src/deps.ts';
import { createOrganisation, createPerson } from '../../src/roster/service.ts';
import { createArea, createSite, grantAuthorization } from '../../src/areas/service.ts';
import { issueBadge } from '../../src/badges/service.ts';
import { createKiosk, enrolKiosk } from '../../src/kiosks/service.ts';

export interface RealWorld {
  dbPath: string;
  signingKeyPath: string;
  areaId: number;
  kioskToken: string;
  /** One signed QR badge payload per worker, in worker order. */
  badges: string[];
}

const KANA = ['さとう', 'すずき', 'たかはし', 'たなか', 'いとう', 'わたなべ', 'やまもと', 'なかむら'];

/**
 * The real server's database, prepared through the product's own services (so every row has its
 * journal entry): an organisation, a site, a general area that accepts badges, `workers` people
 * authorized for it, each with a badge signed by the key the server will load, and an enrolled kiosk.
 */
export function prepareRealWorld(dir: string, workers: number): RealWorld {
  const dbPath = join(dir, 'real.db');
  const signingKeyPath = join(dir, 'keys', 'signing-key.pem');
  const config = loadConfig({ DB_PATH: dbPath, SIGNING_KEY_PATH: signingKeyPath, LOG_LEVEL: 'warn' });
  const deps = openDeps({ config });
  try {
    const ctx: Ctx = { deps, actor: SYSTEM, requestId: 'bench-setup' };
    const now = deps.clock.now();
    const org = createOrganisation(ctx, { name: 'ベンチ株式会社', kana: 'べんちかぶしきがいしゃ' });
    const site = createSite(ctx, { name: 'ベンチ庁舎', address: '' });
    const area = createArea(ctx, { siteId: site.id, name: '執務室', securityLevel: 'general' });
    if (!area.acceptedMethods.includes('badge')) throw new Error('bench: the general area does not accept badges');
    const badges: string[] = [];
    for (let i = 0; i < workers; i++) {
      const person = createPerson(ctx, {
        name: `作業員 ${i + 1}`,
        kana: `${KANA[i % KANA.length]} ${i % 2 === 0 ? 'たろう' : 'はなこ'}`,
        organisationId: org.id,
        position: '作業従事者',
        duties: '運用保守',
        expertise: '',
        contact: '',
        nationality: '',
        roles: ['worker'],
        siteIds: null,
        validFrom: null,
        validTo: null,
      });
      grantAuthorization(ctx, { personId: person.id, areaId: area.id, validFrom: now - 86_400_000, validTo: null, note: '' });
      badges.push(issueBadge(ctx, person.id).payload);
    }
    const created = createKiosk(ctx, { name: 'ベンチ用タブレット', areaIds: [area.id] });
    const { token } = enrolKiosk(deps, 'bench-setup', created.code);
    return { dbPath, signingKeyPath, areaId: area.id, kioskToken: token, badges };
  } finally {
    deps.close();
  }
}
