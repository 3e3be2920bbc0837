import { useId } from 'preact/hooks';
import { t, type Msg } from '../../shared/i18n.ts';

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
