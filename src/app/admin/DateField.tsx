// A day typed as Indonesians write it, dd/mm/yyyy. Not <input type="date">: its display follows
// the browser's language, so an office PC set to English shows mm/dd/yyyy.
import { useId, useState } from 'preact/hooks';
import type { Lang } from '../i18n.js';
import { displayToIso, isoToDisplay } from './format.js';
import { adminTranslate } from './i18n-admin.js';

interface Props {
  label: string;
  /** yyyy-mm-dd, or '' for no day. */
  value: string;
  onChange: (iso: string) => void;
  /** The hint and the message's language; the caller's, as this field reads no session. */
  lang?: Lang;
}

export function DateField({ label, value, onChange, lang = 'id' }: Props) {
  const id = useId();
  // What was typed when it was read as no day, for the message; undefined while it is fine.
  const [bad, setBad] = useState<string>();
  const t = adminTranslate.bind(null, lang);
  // Read when the field is left or Enter is pressed, not on each keystroke (the app's React
  // alias turns onChange into an input handler), so half a date is never called wrong.
  const commit = (input: HTMLInputElement) => {
    const typed = input.value.trim();
    const iso = typed ? displayToIso(typed) : '';
    setBad(iso === undefined ? typed : undefined);
    if (iso === undefined) return;
    // Shown back in full (1/2/2026 → 01/02/2026), so what is filtered on is what one reads.
    input.value = isoToDisplay(iso);
    if (iso !== value) onChange(iso);
  };
  return (
    <div class="date-field">
      <label for={id}>
        {label} <span class="hint">{t('dateHint')}</span>
      </label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('datePlaceholder')}
        defaultValue={isoToDisplay(value)}
        aria-invalid={bad !== undefined}
        aria-describedby={bad !== undefined ? `${id}-error` : undefined}
        onBlur={(e) => commit(e.currentTarget)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget)}
      />
      {bad !== undefined && (
        <p id={`${id}-error`} class="error" role="alert">
          {t('dateInvalid', { label, text: bad })}
        </p>
      )}
    </div>
  );
}
