import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { Client, setupAdmin } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker } from '../support/world.ts';
import { NOTICES } from '../../src/notices.ts';

describe('privacy notices (E8): the server owns the wording and records which version applied', () => {
  it('serves the notices, the time zone and the version without a session', async () => {
    const env = testEnv();
    const res = await new Client(env.app).get('/api/info');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timeZone: 'Asia/Tokyo', rpId: 'localhost', rpOrigin: 'http://localhost:3000', notices: { kiosk: { version: NOTICES.kiosk.version }, enrolment: { version: NOTICES.enrolment.version } } });
    expect(res.body.notices.visitor.ja).toContain('番号は記録しません');
  });

  it('notes the notice version on the enrolment and on every kiosk event', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const enrolment = env.deps.sqlite.prepare("select data from journal where action = 'credential.registered'").get() as { data: string };
    expect(JSON.parse(enrolment.data).noticeVersion).toBe(NOTICES.enrolment.version);
    const site = await givenSite(admin.client);
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    const w = await givenWorker(admin.client, [site.general.id]);
    await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    const entry = env.deps.sqlite.prepare("select data from journal where action = 'access.entered'").get() as { data: string };
    expect(JSON.parse(entry.data).noticeVersion).toBe(NOTICES.kiosk.version);
  });
});
