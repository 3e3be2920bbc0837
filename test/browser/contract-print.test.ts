import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { custodyWorld } from '../support/custody.ts';
import { givenContract, givenExecutedDisposal } from '../contract/given-contract.ts';
import { launchBrowser } from './support/browser.ts';
import { englishWords, printedHashes, printToPdf } from './support/pdf.ts';

/** pdftotext lays a line out with spaces of its own: compare without them. */
const squeeze = (s: string) => s.replace(/[\s　]+/g, '');

describe('the documents print their contract in the head, in Japanese (issue 16 item 1)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('E3, D3: the monthly report and the 廃棄証明書, printed to A4 PDF, name the addressee, the contractor, its representative, 受託業務名, 受託期間 and the month in 和暦, with no English word', async () => {
    const w = await custodyWorld();
    const disposalId = await givenExecutedDisposal(w);
    // Before a contract is set the head says so in words, where a pen would otherwise fill a blank line.
    const unset = (await w.supervisor.client.get(`/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}&format=html`)).body as string;
    const unsetPdf = await printToPdf(browser, unset, 'monthly-report-no-contract');
    expect(squeeze(unsetPdf.pages[0]!)).toContain('未設定（管理者が「契約」画面で契約を登録し、この拠点を対象に加えてください）');
    await unsetPdf.page.close();
    const unsetCert = await printToPdf(browser, (await w.supervisor.client.get(`/api/disposal/requests/${disposalId}/certificate`)).body as string, 'disposal-certificate-no-contract');
    expect(squeeze(unsetCert.pages[0]!)).toContain('宛先・証明者:未設定');
    await unsetCert.page.close();
    await givenContract(w, [w.site.siteId]);
    const head = ['総務部情報政策課〇〇市長様', '株式会社北浜システム', '代表取締役北浜一郎', '庁内情報システム運用保守業務'];
    const site = (await w.admin.client.get('/api/sites')).body.sites[0].name as string;

    const report = (await w.supervisor.client.get(`/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}&format=html`)).body as string;
    const reportPdf = await printToPdf(browser, report, 'monthly-report-contract');
    expect(reportPdf.sizes).toEqual([expect.stringMatching(/\(A4\)$/)]);
    const first = squeeze(reportPdf.pages[0]!);
    for (const words of [...head, '大阪市中央区北浜1-1-1', '令和8年4月1日～令和9年3月31日', '月次自己点検報告令和8年11月']) expect(first, words).toContain(words);
    expect(first).not.toContain('2026-11');
    expect(first).not.toContain('未設定');
    expect(englishWords(reportPdf.pages.join('\n'), [site, ...printedHashes(report)])).toEqual([]);

    const certificate = (await w.supervisor.client.get(`/api/disposal/requests/${disposalId}/certificate`)).body as string;
    const certPdf = await printToPdf(browser, certificate, 'disposal-certificate-contract');
    expect(certPdf.sizes).toEqual([expect.stringMatching(/\(A4\)$/)]);
    const cert = squeeze(certPdf.pages[0]!);
    for (const words of [...head, '廃棄証明書']) expect(cert, words).toContain(words);
    expect(cert).not.toContain('未設定');
    expect(englishWords(certPdf.pages.join('\n'), [site, 'HC-2026-0042', ...printedHashes(certificate)])).toEqual([]);
    await reportPdf.page.close();
    await certPdf.page.close();
  }, 120_000);
});
