import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { t, type Msg } from '../../shared/i18n.ts';
import { needsRole } from '../roles.ts';
import type { Role } from '../session.ts';

/**
 * An action this person may not take, shown rather than hidden: the button, disabled, and beside it why
 * and who could (see needsRole). Hiding it left people looking for a button they were never told about.
 */
export function DisabledAction({ label, reason, kind = 'primary' }: { label: Msg; reason: Msg; kind?: 'primary' | 'danger' | '' }) {
  const id = useId();
  return (
    <span class="disabled-action">
      <button type="button" class={kind} disabled aria-describedby={id}>
        {t(label)}
      </button>
      <span id={id} class="reason">
        {t(reason)}
      </span>
    </span>
  );
}

/** A request awaiting a decision this person may not give: approve and reject, each with who could. */
export function DecisionOutOfReach({ approvers, children }: { approvers: Role[]; children?: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{t({ ja: '承認・却下', en: 'Approve or reject' })}</h2>
      {children}
      <div class="buttons">
        <DisabledAction label={{ ja: '承認', en: 'Approve' }} reason={needsRole({ ja: '承認', en: 'Approving' }, approvers)} />
      </div>
      <div class="buttons">
        <DisabledAction label={{ ja: '却下', en: 'Reject' }} reason={needsRole({ ja: '却下', en: 'Rejecting' }, approvers)} kind="danger" />
      </div>
    </section>
  );
}
