import { describe, expect, it } from 'vitest';
import { enrol, givenPerson, signedInAs } from '../support/client.ts';
import { givenSite } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { custodyWorld } from '../support/custody.ts';
import { contractBody, givenContract, givenExecutedDisposal } from './given-contract.ts';

describe('the contract as data (issue 16 item 1, F3, F4)', () => {
  it('an admin records a contract with its sites in one journal entry; staff who print read it', async () => {
    const w = await custodyWorld();
    const before = journalCount(w.env.deps.sqlite);
    const created = await w.admin.client.post('/api/contracts', contractBody([w.site.siteId]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: '庁内情報システム運用保守業務',
      periodFrom: '2026-04-01',
      periodTo: '2027-03-31',
      contractor: { company: '株式会社北浜システム', representativeTitle: '代表取締役', representativeName: '北浜 一郎' },
      addressee: { section: '総務部情報政策課', title: '〇〇市長', name: '' },
      approverSections: ['総務部情報政策課', '財政課'],
      sites: [{ id: w.site.siteId }],
    });
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    const entry = lastJournal(w.env.deps.sqlite);
    expect(entry).toMatchObject({ action: 'contract.created', entity_type: 'contract', entity_id: String(created.body.id), actor_id: String(w.admin.personId) });
    expect(JSON.parse(entry.data)).toMatchObject({ name: '庁内情報システム運用保守業務', sites: [{ id: w.site.siteId }] });

    for (const reader of [w.admin, w.supervisor]) {
      const list = await reader.client.get('/api/contracts');
      expect(list.status).toBe(200);
      expect(list.body.contracts.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
      expect((await reader.client.get(`/api/contracts/${created.body.id}`)).body.name).toBe('庁内情報システム運用保守業務');
    }
    for (const other of [w.guard, w.worker]) expect((await other.client.get('/api/contracts')).status).toBe(403);
    expect((await w.supervisor.client.post('/api/contracts', contractBody([]))).status).toBe(403);

    // PUT replaces the fields and the sites: one entry again, and the site is off the contract.
    const replaced = await w.admin.client.call('PUT', `/api/contracts/${created.body.id}`, contractBody([], { periodTo: '2028-03-31' }));
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ periodTo: '2028-03-31', sites: [] });
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 2);
    expect(lastJournal(w.env.deps.sqlite).action).toBe('contract.updated');
    expect((await w.admin.client.get('/api/sites')).body.sites.find((s: { id: number }) => s.id === w.site.siteId).contractId).toBeNull();
    expect((await w.admin.client.get('/api/journal/verify')).body.ok).toBe(true);
  });

  it('F4: 甲 reads the contract of its own sites and nothing of another contract; a scoped admin may not change a contract', async () => {
    const w = await custodyWorld();
    const siteB = await givenSite(w.admin.client);
    const siteC = await givenSite(w.admin.client);
    const mine = await givenContract(w, [w.site.siteId, siteC.siteId]);
    const theirs = await givenContract(w, [siteB.siteId], { name: '別契約の運用業務' });
    const city = await enrol(w.env, w.admin.client, (await givenPerson(w.admin.client, { roles: ['city'], siteIds: [w.site.siteId] })).id);
    const list = await city.client.get('/api/contracts');
    expect(list.status).toBe(200);
    expect(list.body.contracts.map((c: { id: number }) => c.id)).toEqual([mine.id]);
    // The contract also covers site C, which is not this 甲's: its name is left out.
    expect(list.body.contracts[0].sites).toEqual([{ id: w.site.siteId, name: expect.any(String) }]);
    const read = await city.client.get(`/api/contracts/${mine.id}`);
    expect(read.status).toBe(200);
    expect(read.body.sites.map((s: { id: number }) => s.id)).toEqual([w.site.siteId]);
    expect((await w.admin.client.get(`/api/contracts/${mine.id}`)).body.sites).toHaveLength(2);
    // The report's head carries the contract without its list of sites.
    const report = await city.client.get(`/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}`);
    expect(report.status).toBe(200);
    expect(report.body.contract.name).toBe('庁内情報システム運用保守業務');
    expect(report.body.contract).not.toHaveProperty('sites');
    const other = await city.client.get(`/api/contracts/${theirs.id}`);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('別契約');
    const scopedAdmin = await enrol(w.env, w.admin.client, (await givenPerson(w.admin.client, { roles: ['admin'], siteIds: [w.site.siteId] })).id);
    expect((await scopedAdmin.client.call('PUT', `/api/contracts/${mine.id}`, contractBody([w.site.siteId]))).status).toBe(403);
    expect((await scopedAdmin.client.post('/api/contracts', contractBody([w.site.siteId], { name: '新契約' }))).status).toBe(403);
  });

  it('bad input is a 4xx naming the field and writes nothing', async () => {
    const w = await custodyWorld();
    const siteB = await givenSite(w.admin.client);
    await givenContract(w, [siteB.siteId], { name: '既存の契約' });
    const base = contractBody([w.site.siteId]);
    const cases: [unknown, number, string][] = [
      [{ ...base, name: '' }, 400, 'body.name'],
      [{ ...base, periodFrom: '2026-02-30' }, 400, 'body.periodFrom'],
      [{ ...base, periodFrom: '2027-04-01' }, 400, 'body.periodTo'],
      [{ ...base, contractor: { ...base.contractor, company: undefined } }, 400, 'body.contractor.company'],
      [{ ...base, addressee: { section: '課' } }, 400, 'body.addressee.title'],
      [{ ...base, approverSections: ['情報政策課', '情報政策課'] }, 400, 'body.approverSections'],
      [{ ...base, siteIds: ['1'] }, 400, 'body.siteIds.0'],
      [{ ...base, siteIds: [4242] }, 404, 'body.siteIds'],
      [{ ...base, siteIds: [siteB.siteId] }, 409, 'body.siteIds'],
      [{ ...base, name: '既存の契約' }, 409, 'body.name'],
    ];
    for (const [body, status, field] of cases) {
      const counts = rowCounts(w.env.deps.sqlite);
      const res = await w.admin.client.post('/api/contracts', body);
      expect(res.status, field).toBe(status);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path), field).toContain(field);
      expect(rowCounts(w.env.deps.sqlite), field).toEqual(counts);
    }
    expect((await w.admin.client.call('PUT', '/api/contracts/999', base)).status).toBe(404);
  });
});

describe('documents carry the contract in their head, never a blank line (issue 16)', () => {
  it('E3: the monthly report (page and CSV) names the addressee, contractor, representative, 受託業務名, 受託期間 and the month in 和暦', async () => {
    const w = await custodyWorld();
    const unset = await w.supervisor.client.get(`/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}&format=html`);
    expect(unset.status).toBe(200);
    expect(unset.body).toContain('未設定');
    expect(unset.body).not.toContain('blank-name');
    expect(unset.body).not.toContain('令和　　年');

    await givenContract(w, [w.site.siteId]);
    const page = (await w.supervisor.client.get(`/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}&format=html`)).body as string;
    for (const words of ['総務部情報政策課　〇〇市長　様', '株式会社北浜システム', '代表取締役　北浜 一郎', '大阪市中央区北浜1-1-1', '庁内情報システム運用保守業務', '令和8年4月1日 ～ 令和9年3月31日', '月次自己点検報告 令和8年11月'])
      expect(page, words).toContain(words);
    expect(page).not.toContain('2026-11　');
    expect(page).not.toContain('未設定');
    expect(page).not.toContain('blank-name');

    // Cells a spreadsheet would convert are written ="…" (decision 0009): compare their text.
    const csv = ((await w.supervisor.client.get(`/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}&format=csv`)).body as string).replace(/="([^"]*)"/g, '$1');
    for (const line of ['宛先,総務部情報政策課　〇〇市長　様', '受託者,株式会社北浜システム', '代表者,代表取締役　北浜 一郎', '受託業務名,庁内情報システム運用保守業務', '受託期間,令和8年4月1日 ～ 令和9年3月31日', '2026-11,令和8年11月'])
      expect(csv, line).toContain(line);

    const json = (await w.supervisor.client.get(`/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}`)).body;
    expect(json.contract).toMatchObject({ name: '庁内情報システム運用保守業務', contractor: { company: '株式会社北浜システム' } });
  });

  it('D3: the 廃棄証明書 names its issuer (company and representative) and its addressee', async () => {
    const w = await custodyWorld();
    const id = await givenExecutedDisposal(w);
    const unset = (await w.supervisor.client.get(`/api/disposal/requests/${id}/certificate`)).body as string;
    expect(unset).toContain('未設定');

    await givenContract(w, [w.site.siteId]);
    const page = (await w.supervisor.client.get(`/api/disposal/requests/${id}/certificate`)).body as string;
    for (const words of ['総務部情報政策課　〇〇市長　様', '株式会社北浜システム', '代表取締役　北浜 一郎', '庁内情報システム運用保守業務']) expect(page, words).toContain(words);
    expect(page).not.toContain('未設定');
    const view = (await w.supervisor.client.get(`/api/disposal/requests/${id}`)).body;
    expect(view.contract).toMatchObject({ name: '庁内情報システム運用保守業務' });
  });

  it('B10, B13: the printed daily ledgers name the 受託業務名 in the head that repeats on every page', async () => {
    const w = await custodyWorld();
    const pages = [`/api/areas/${w.site.general.id}/ledger?date=2026-11-20&format=html`, `/api/sites/${w.site.siteId}/ledger?date=2026-11-20&format=html`, `/api/areas/${w.site.general.id}/custody-ledger?date=2026-11-20&format=html`];
    for (const path of pages) {
      const page = (await w.supervisor.client.get(path)).body as string;
      expect(page, path).toMatch(/<tr class="sheet-head">.*受託業務名: 未設定（「契約」画面で設定）/);
    }
    await givenContract(w, [w.site.siteId]);
    for (const path of pages) {
      const page = (await w.supervisor.client.get(path)).body as string;
      expect(page, path).toMatch(/<tr class="sheet-head">.*受託業務名: 庁内情報システム運用保守業務/);
    }
  });

  it('F3: a submitted monthly report keeps the contract it was made under when the contract changes later', async () => {
    const w = await custodyWorld();
    const c = await givenContract(w, [w.site.siteId]);
    const submitted = await w.supervisor.client.post('/api/submissions', { kind: 'monthly_report', siteId: w.site.siteId, month: '2026-10' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect((await w.admin.client.call('PUT', `/api/contracts/${c.id}`, contractBody([w.site.siteId], { name: '改称後の運用業務' }))).status).toBe(200);
    const document = (await w.supervisor.client.get(`/api/submissions/${submitted.body.id}/document`)).body as string;
    expect(document).toContain('庁内情報システム運用保守業務');
    expect(document).not.toContain('改称後の運用業務');
    const fresh = (await w.supervisor.client.get(`/api/reports/monthly?month=2026-10&siteId=${w.site.siteId}&format=html`)).body as string;
    expect(fresh).toContain('改称後の運用業務');
  });
});
