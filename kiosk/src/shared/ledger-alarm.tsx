import { t } from './i18n.ts';
import { useSignal } from './signal.ts';
import { ledgerAlarm } from './witness.ts';

/**
 * The server found its ledger altered or rolled back (a witness's checkpoint it no longer holds, or its
 * own verify): shown above every screen until the page is reloaded on a server that verifies.
 */
export function LedgerAlarmBanner() {
  const alarm = useSignal(ledgerAlarm);
  if (!alarm) return null;
  return (
    <div class="ledger-alarm" role="alert" data-testid="ledger-alarm">
      <strong>{t({ ja: '台帳の照合に失敗しました', en: 'The ledger failed a check' })}</strong>
      <span>
        {t({
          ja: '記録が書き換えられたか、古い状態に戻された疑いがあります。記録は停止しています。管理者に連絡してください。',
          en: 'Records may have been altered or rolled back. Recording has stopped. Contact the administrator.',
        })}
      </span>
    </div>
  );
}
