import { html, printPage, type Raw } from '../http/html.ts';
import { AppError } from '../http/app-error.ts';
import { eraDate, localTime, workingDay } from '../time.ts';
import type { DisposalView } from './read.ts';
import { METHOD_WORDS } from './words.ts';
import { cityWords } from '../city/words.ts';
import { addresseeWords, CONTRACT_UNSET, representativeWords } from '../contract/words.ts';
import type { ContractHeader as Contract } from '../contract/service.ts';

/** To whom and by whom: the contract's addressee at the city and the contractor with its representative. */
function parties(c: Contract | null): Raw {
  if (!c) return html`<p class="warning">宛先・証明者: 未設定</p>`;
  return html`<p>${addresseeWords(c)}</p>
<div class="right"><p>（証明者）${c.contractor.address}</p><p>${c.contractor.company}</p><p>${representativeWords(c)}</p></div>`;
}

function eraDateTime(isoTime: string, timeZone: string): string {
  const ms = Date.parse(isoTime);
  return `${eraDate(workingDay(ms, timeZone), timeZone)} ${localTime(ms, timeZone)}`;
}

/**
 * The printable 廃棄証明書 (D3, 004 第8条3, 001 §9) of an executed request: no script, every stored text
 * escaped by html``. It is addressed to the city and issued by the contractor named in the disposal's
 * contract (a certificate stored before contracts existed says 未設定). It carries the hash of the journal entry that recorded the disposal, which an
 * inspector finds at that seq once `verify` has checked the chain.
 */
export function certificatePage(d: DisposalView, timeZone: string, printedAt: number): string {
  const rec = d.record;
  if (!rec) throw new AppError('CONFLICT', `disposal request ${d.id} has not been carried out; the certificate is printed from its record`);
  const body = html`<main class="sheet certificate"><h1>廃棄証明書</h1>
<p class="meta right">発行日: ${eraDate(workingDay(printedAt, timeZone), timeZone)}</p>
${parties(d.contract ?? null)}
<p>下記の情報資産について、情報を復元できない状態に廃棄したことを証明します。</p>
<table class="form-table"><tbody>
<tr><th>受託業務名</th><td>${d.contract ? d.contract.name : html`<span class="warning">${CONTRACT_UNSET}</span>`}</td></tr>
<tr><th>廃棄日時</th><td>${eraDateTime(rec.executedAt, timeZone)}</td></tr>
<tr><th>廃棄方法</th><td>${METHOD_WORDS[rec.method]}</td></tr>
<tr><th>作業事業者</th><td>${rec.vendor}</td></tr>
<tr><th>事業者の証明書番号</th><td>${rec.certificateNumber}</td></tr>
<tr><th>作業責任者</th><td>${rec.responsiblePersonName}</td></tr>
<tr><th>作業者</th><td>${rec.executorName}</td></tr>
<tr><th>立会人</th><td>${rec.witnessName}</td></tr>
<tr><th>シリアル番号</th><td class="pre">${rec.serialNumbers || '—'}</td></tr>
<tr><th>廃棄申請</th><td>No.${d.id}　申請者 ${d.requesterName}（${eraDateTime(d.createdAt, timeZone)}）<br>承認者 ${d.decidedByName}（${d.decidedAt === null ? '' : eraDateTime(d.decidedAt, timeZone)}）</td></tr>
<tr><th>申請の責任者</th><td>${d.responsible?.name ?? ''}</td></tr>
<tr><th>市（甲）の許可</th><td>${cityWords(d.city)}</td></tr>
</tbody></table>
<h2 class="section-title">廃棄した媒体</h2>
<table><thead><tr><th>No.</th><th>媒体名</th><th>管理番号</th><th>数量</th><th>シリアル番号</th></tr></thead><tbody>
${d.items.map((i, n) => html`<tr><td>${n + 1}</td><td>${i.mediaName}</td><td>${i.assetNumber ?? '—'}</td><td>${i.quantity}</td><td class="pre">${i.serialNumbers || '—'}</td></tr>`)}
</tbody></table>
<table class="seals"><tbody><tr><th>作業責任者</th><td></td><th>立会人</th><td></td></tr></tbody></table>
<section class="journal-proof"><h2 class="section-title">記録の照合</h2>
<p>この証明書の内容は改ざん検知付きの記録簿に記録されています。記録番号 ${rec.journal?.seq ?? '—'} のハッシュ（SHA-256）:</p>
<p class="digest">${rec.journal?.hash ?? '—'}</p>
<p class="small-note">監査ログの検証で記録の連鎖が正しいことを確かめ、同じ記録番号のハッシュと照合してください。</p></section>
</main>`;
  return printPage({ title: `廃棄証明書 No.${d.id}`, body });
}
