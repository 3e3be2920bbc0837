import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, screenshot, SCREENSHOTS } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolNew, givenArea, givenKioskToken, givenPerson, kioskBadgeAttempt, kioskBadgeEvent, localInput, openDesk, rows, setupFirstAdmin, TIMEOUT, type Api, type Desk } from './console-world.ts';

const PDFTOTEXT = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p)) ?? null;

describe('the staff console: the daily ledger, its sign-off and corrections; the auditor (B10, B3, E2, E5)', () => {
  let server: RunningServer;
  let browser: Browser;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.context.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  it(
    'a supervisor corrects a missing exit, signs the day off with a passkey, prints it and downloads the CSV; an auditor reads it and the journal',
    async () => {
      const admin = await openDesk(browser, server);
      desks.push(admin);
      await setupFirstAdmin(admin, server);
      const api = await apiOf(admin, server);
      const { siteId, areaId } = await givenArea(api);
      const watanabe = await givenPerson(api, { name: '渡辺 健', kana: 'わたなべ けん', roles: ['worker'] }, [areaId]);
      const sato = await givenPerson(api, { name: '佐藤 次郎', kana: 'さとう じろう', roles: ['worker'] }, [areaId]);
      const tanaka = await givenPerson(api, { name: '田中 三郎', kana: 'たなか さぶろう', roles: ['worker'] });
      const boss = await givenPerson(api, { name: '監督 花子', kana: 'かんとく はなこ', roles: ['supervisor'] });
      const auditorPerson = await givenPerson(api, { name: '監査 四郎', kana: 'かんさ しろう', roles: ['auditor'] });

      // The day at the door: 渡辺 in and out, 佐藤 in (forgets to badge out), 田中 refused (not authorized).
      const token = await givenKioskToken(api, server, [areaId]);
      const badgeOf = async (id: number) => (await api.post<{ payload: string }>(`/api/people/${id}/badges`)).payload;
      const watanabeBadge = await badgeOf(watanabe.id);
      await kioskBadgeEvent(server, token, areaId, watanabeBadge, 'in');
      await kioskBadgeEvent(server, token, areaId, await badgeOf(sato.id), 'in');
      await kioskBadgeEvent(server, token, areaId, watanabeBadge, 'out');
      const refused = await kioskBadgeAttempt(server, token, areaId, await badgeOf(tanaka.id), 'in');
      expect(refused.event.refusalReason).toBe('not_authorized');

      // The supervisor enrols and registers a visitor escorted by 渡辺 who comes in too.
      const supervisor = await enrolNew(browser, server, api, boss.id, desks);
      const supApi = await apiOf(supervisor, server);
      const visitor = await supApi.post<{ id: number }>('/api/visitors', { name: 'スミス ジョン', affiliation: '北浜システム株式会社', purpose: '立会い', idType: 'passport', escortPersonId: watanabe.id, siteId });
      await supApi.post(`/api/visitors/${visitor.id}/events`, { areaId, direction: 'in' });

      const { page } = supervisor;
      const nav = page.getByRole('navigation', { name: 'メニュー' });
      await nav.getByRole('link', { name: '入退室管理簿' }).click();
      await page.getByRole('table', { name: '入退室の記録' }).waitFor();
      const names = () => rows(page, '入退室の記録').then((r) => r.map((c) => c[1]!));
      await expect.poll(names).toHaveLength(3);
      expect((await names()).join('|')).toMatch(/渡辺 健/);
      expect((await names()).join('|')).toMatch(/佐藤 次郎/);
      expect((await names()).join('|')).toMatch(/スミス ジョン.*付添：渡辺 健/);
      expect((await rows(page, '入室拒否の記録'))[0]).toEqual(expect.arrayContaining(['田中 三郎', 'この区域への入室が許可されていません']));
      const satoRow = page.getByRole('row', { name: /佐藤 次郎/ });
      expect(await satoRow.getAttribute('class')).toBe('missing');
      expect(await satoRow.textContent()).toContain('未退室');
      await page.getByText('未承認').waitFor();
      await screenshot(page, 'console-ledger');

      // A correction: the forgotten exit. A time before the entry is refused by the server, next to the field.
      const entryAt = (server.deps.sqlite.prepare("select occurred_at as t from access_events where person_id = ? and direction = 'in'").get(sato.id) as { t: number }).t;
      await satoRow.getByRole('button', { name: '訂正' }).click();
      const correction = page.getByRole('form', { name: '訂正' });
      await correction.getByLabel('訂正の種類').selectOption('add_exit');
      await correction.getByLabel('実際の日時').fill(await localInput(page, entryAt - 3_600_000));
      await correction.getByLabel('理由').fill('退室時に端末へのタッチを忘れたと本人から申告');
      await correction.getByRole('button', { name: '訂正を記録' }).click();
      const fieldError = correction.locator('[id$="-occurredAt-error"]');
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toMatch(/^退室の日時は .+ より後、.+ より前にしてください/);
      expect(await correction.getByLabel('実際の日時').getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'console-ledger-correction-error');
      while (Date.now() < entryAt + 2_000) await page.waitForTimeout(200); // the exit must lie strictly between the entry and now
      await correction.getByLabel('実際の日時').fill(await localInput(page, entryAt + 1_000));
      await correction.getByRole('button', { name: '訂正を記録' }).click();
      await expect.poll(() => satoRow.getAttribute('class')).toBeNull();
      expect(await satoRow.textContent()).toContain('訂正');

      // The sign-off, with the supervisor's own passkey, over what is on screen.
      await page.getByRole('button', { name: 'パスキーで承認する' }).click();
      await page.getByText(/承認済み：監督 花子/).waitFor();
      expect(await page.getByRole('button', { name: 'パスキーで承認する' }).count()).toBe(0);
      const signoff = server.deps.sqlite.prepare('select person_id as personId, superseded_at as superseded from ledger_signoffs').all();
      expect(signoff).toEqual([{ personId: boss.id, superseded: null }]);
      await screenshot(page, 'console-ledger-signed');

      // The print page: every name and the sign-off; saved as an A4 PDF.
      const printHref = (await page.getByRole('link', { name: '印刷用ページ' }).getAttribute('href'))!;
      const print = await supervisor.context.newPage();
      await print.goto(`${server.origin}${printHref}`);
      const printed = await print.locator('body').innerText();
      for (const name of ['入退室管理簿', '渡辺 健', '佐藤 次郎', 'スミス ジョン', '田中 三郎', '承認者: 監督 花子']) expect(printed).toContain(name);
      await screenshot(print, 'console-ledger-print');
      mkdirSync(SCREENSHOTS, { recursive: true });
      const pdfPath = join(SCREENSHOTS, 'console-ledger.pdf');
      const pdf = await print.pdf({ path: pdfPath, format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      if (PDFTOTEXT) {
        const text = execFileSync(PDFTOTEXT, ['-layout', pdfPath, '-'], { encoding: 'utf8' });
        for (const name of ['入退室管理簿', '渡辺', '佐藤', 'スミス', '田中', '監督']) expect(text).toContain(name);
      }
      await print.close();

      // The CSV: BOM, CRLF, Japanese headers, every name.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSVをダウンロード' }).click()]);
      const csv = readFileSync((await download.path())!);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = csv.subarray(3).toString('utf8');
      expect(text.split('\r\n')[0]).toBe('氏名,ふりがな,所属,区分,目的,入室日時,退室日時,認証方法,備考');
      for (const name of ['渡辺 健', '佐藤 次郎', 'スミス ジョン']) expect(text).toContain(name);
      // The refused entry is in the refusals' own CSV, not under the stays (issue 16).
      expect(text).not.toContain('田中 三郎');
      const [refusals] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '拒否の記録（CSV）' }).click()]);
      const refusalsText = readFileSync((await refusals.path())!).subarray(3).toString('utf8');
      expect(refusalsText.split('\r\n')[0]).toBe('日時,氏名,所属,入退室,認証方法,拒否理由,備考');
      expect(refusalsText).toContain('田中 三郎');
      // The workbook beside it (decision 0024): a zip named after the ledger, area and day.
      const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel形式でダウンロード' }).click()]);
      expect(workbook.suggestedFilename()).toMatch(/^入退室管理簿_.+_\d{4}-\d{2}-\d{2}\.xlsx$/);
      expect([...readFileSync((await workbook.path())!).subarray(0, 2)]).toEqual([0x50, 0x4b]);

      // The auditor: read-only everywhere, the signed ledger, and the journal verified.
      const auditor = await enrolNew(browser, server, api, auditorPerson.id, desks);
      const anav = auditor.page.getByRole('navigation', { name: 'メニュー' });
      for (const item of ['警備員記録']) expect(await anav.getByRole('link', { name: item }).count()).toBe(0);
      await anav.getByRole('link', { name: '作業従事者名簿' }).click();
      await auditor.page.getByRole('table', { name: '名簿' }).waitFor();
      expect(await auditor.page.getByRole('link', { name: '新しい人を登録' }).count()).toBe(0);
      await auditor.page.getByRole('link', { name: '佐藤 次郎' }).click();
      await auditor.page.getByText('所属').first().waitFor();
      expect(await auditor.page.getByRole('button', { name: '変更を保存' }).count()).toBe(0);
      await screenshot(auditor.page, 'console-person-auditor');
      await anav.getByRole('link', { name: '入退室管理簿' }).click();
      await auditor.page.getByText(/承認済み：監督 花子/).waitFor();
      expect(await auditor.page.getByRole('button', { name: '訂正' }).count()).toBe(0);
      expect(await auditor.page.getByRole('button', { name: 'パスキーで承認する' }).count()).toBe(0);
      await anav.getByRole('link', { name: '受付端末' }).click();
      await auditor.page.getByRole('table', { name: '受付端末' }).waitFor();
      expect(await auditor.page.getByRole('form', { name: '端末を登録' }).count()).toBe(0);
      await anav.getByRole('link', { name: '監査ログ' }).click();
      await expect.poll(() => auditor.page.getByTestId('verify-status').textContent()).toBe('検証済み：改ざんはありません');
      // The verification and the list of entries load separately: read the list once it is there.
      await auditor.page.getByRole('row', { name: /ledger\.signed_off/ }).waitFor();
      const journal = await rows(auditor.page, '監査ログ');
      expect(journal.map((r) => r[3])).toContain('ledger.signed_off');
      expect(journal.map((r) => r[3])).toContain('access.corrected');
      await auditor.page.getByRole('row', { name: /ledger\.signed_off/ }).getByRole('button', { name: '表示' }).click();
      expect(await auditor.page.locator('tr.journal-data pre').textContent()).toContain(`"personId": ${boss.id}`);
      await screenshot(auditor.page, 'console-journal');
      // Paging by sequence number: a page that starts after #5, then back to the first.
      await auditor.page.goto(`${server.origin}/console/journal?after=5`);
      await expect.poll(async () => (await rows(auditor.page, '監査ログ'))[0]?.[0]).toBe('6');
      await auditor.page.getByRole('button', { name: '前へ' }).click();
      await expect.poll(async () => (await rows(auditor.page, '監査ログ'))[0]?.[0]).toBe('1');
      expect(await auditor.page.getByRole('button', { name: '最初' }).isDisabled()).toBe(true);
      // Filtered by action (issue 18): only the sign-offs, from the first match.
      await auditor.page.getByLabel('操作（例 custody.*）').fill('ledger.*');
      await auditor.page.getByRole('button', { name: '絞り込む' }).click();
      await expect.poll(async () => [...new Set((await rows(auditor.page, '監査ログ')).map((r) => r[3]))]).toEqual(['ledger.signed_off']);
      await screenshot(auditor.page, 'console-journal-filtered');

      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
