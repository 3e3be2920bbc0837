import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { startCheckpointing } from '../../src/journal/checkpoint-schedule.ts';
import { journalHead } from '../../src/journal/read.ts';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { apiOf, openDesk, setupFirstAdmin, TIMEOUT } from './console-world.ts';

/**
 * Issue 14: the staff browser is a witness. It keeps the highest signed checkpoint it was answered
 * with (IndexedDB) and presents it; when the server's journal has been cut back behind it, the server
 * raises its alarm and the console shows it on every screen, and refuses the next write.
 */
it('the console keeps the checkpoint it saw; after the journal is cut back behind it, the alarm shows and writes are refused', async () => {
  const server = await startServer();
  server.deps.config.checkpointIntervalMs = 100;
  const stopCheckpointing = startCheckpointing(server.deps);
  const browser = await launchBrowser();
  try {
    const admin = await openDesk(browser, server);
    await setupFirstAdmin(admin, server);
    const api = await apiOf(admin, server);
    await api.post('/api/organisations', { name: '株式会社さくら保守', kana: 'さくらほしゅ' });
    const head = journalHead(server.deps.db).seq;
    // The browser has seen (and kept) a checkpoint of this head once a page has asked anything after it was signed.
    await expect
      .poll(async () => {
        await admin.page.goto(`${server.origin}/console`);
        await admin.page.getByTestId('me').waitFor();
        return admin.page.evaluate(
          () =>
            new Promise<number | null>((resolve) => {
              const open = indexedDB.open('ledger-witness');
              open.onsuccess = () => {
                const get = open.result.transaction('checkpoint').objectStore('checkpoint').get('latest');
                get.onsuccess = () => resolve((get.result as { seq: number } | undefined)?.seq ?? null);
                get.onerror = () => resolve(null);
              };
              open.onerror = () => resolve(null);
            }),
        );
      })
      .toBe(head);
    expect(await admin.page.getByTestId('ledger-alarm').count()).toBe(0);

    // The attacker cuts the last entries off (a power cut, then an edit of the file).
    stopCheckpointing();
    const db = new Database(server.dbPath);
    db.exec('DROP TRIGGER journal_no_delete');
    db.prepare('DELETE FROM journal WHERE seq >= ?').run(head);
    db.close();

    await admin.page.reload();
    const alarm = admin.page.getByTestId('ledger-alarm');
    await alarm.waitFor();
    expect(await alarm.textContent()).toContain('台帳の照合に失敗しました');
    expect(server.deps.integrity.alarm).toMatchObject({ reason: 'rollback', source: 'witness' });
    await screenshot(admin.page, 'console-ledger-alarm');
    const refused = await api.post('/api/organisations', { name: '書けない組織', kana: 'かけない' }).catch((err: Error) => err.message);
    expect(String(refused)).toMatch(/503|LEDGER_HALTED|記録を停止/);
  } finally {
    stopCheckpointing();
    await browser.close();
    await server.close();
  }
}, TIMEOUT);
