import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { M } from '../messages.ts';
import { oldestPending, pending, QUEUE_LIMIT, QUEUE_WARN_AT, rejected, STALE_AFTER_MS } from '../outbox.ts';
import { formatDateTime, locale } from '../parts.tsx';

const MINUTE = 60_000;

/** The time, again every minute: the age shown must grow while the tablet sits at its idle screen. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), MINUTE);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function age(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 1) return t(M.ageUnderMinute);
  if (minutes < 60) return t(M.ageMinutes, { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(M.ageHours, { n: hours });
  return t(M.ageDays, { n: Math.floor(hours / 24) });
}

/**
 * What the tablet holds that the server has not got yet (issue 19): how many, how old the oldest is, a
 * warning once it is a day old, and the size limit before and when it is reached.
 */
export function QueueStatus() {
  const waiting = useSignal(pending);
  const oldest = useSignal(oldestPending);
  const refused = useSignal(rejected);
  const now = useMinute();
  const limit = QUEUE_LIMIT.toLocaleString(locale());
  const since = oldest === null ? null : now - Date.parse(oldest);
  const stale = since !== null && since >= STALE_AFTER_MS;
  // One box for the queue, red once it is a day old: the idle screen must still fit a tablet without scrolling.
  return (
    <>
      {waiting > 0 && (
        <div class={`banner ${stale ? 'error' : 'warn'} k-pending`} data-count={waiting}>
          <p>{t(M.pending, { n: waiting.toLocaleString(locale()) })}</p>
          {oldest !== null && since !== null && <p class="k-pending-age">{t(M.pendingAge, { age: age(since), at: formatDateTime(oldest) })}</p>}
          {stale && (
            <p class="k-pending-stale" role="alert">
              {t(M.pendingStale)}
            </p>
          )}
        </div>
      )}
      {waiting >= QUEUE_LIMIT ? (
        <p class="banner error k-queue-limit" role="alert">
          {t(M.queueAtLimit, { limit })}
        </p>
      ) : (
        waiting >= QUEUE_WARN_AT && (
          <p class="banner error k-queue-limit" role="alert">
            {t(M.queueNearlyFull, { limit })}
          </p>
        )
      )}
      {refused > 0 && <p class="banner error">{t(M.rejected, { n: refused })}</p>}
    </>
  );
}
