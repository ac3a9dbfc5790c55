// Importing staff from a CSV on the admin screen: choose the file, see what would change
// (and every bad row with its line), then apply. Initial passwords of new accounts are
// shown once, to hand out or save; they are not kept anywhere else.
import { useState } from 'preact/hooks';
import { adminApi, type ImportOutcome } from './api.js';
import { PasswordTable } from './PasswordTable.js';
import { useAdminTranslate } from './use-admin-translate.js';

/** `onApplied` runs once accounts were created or updated, so other screens see them. */
export function StaffImport({ onApplied }: { onApplied?: () => void } = {}) {
  const t = useAdminTranslate();
  const [csv, setCsv] = useState<string>();
  const [outcome, setOutcome] = useState<ImportOutcome>();
  const [error, setError] = useState<string>();

  const choose = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    setOutcome(undefined);
    setError(undefined);
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    adminApi.importUsers(text, false).then(setOutcome, (e: Error) => setError(e.message));
  };
  const apply = () =>
    csv &&
    adminApi.importUsers(csv, true).then(
      (result) => {
        setOutcome(result);
        if (result.applied) onApplied?.();
      },
      (e: Error) => setError(e.message),
    );

  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">{t('importTitle')}</h2>
      <p class="muted">{t('importColumns')}</p>
      <label>
        {t('importFile')}
        <input type="file" accept=".csv,text/csv" onChange={choose} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {outcome && !outcome.applied && (
        <div role="status">
          <p>{t('importPlan', { create: outcome.create, update: outcome.update })}</p>
          {outcome.problems.length > 0 ? (
            <>
              <p class="error">{t('importProblems', { n: outcome.problems.length })}</p>
              <ul>
                {outcome.problems.map((p) => (
                  <li key={`${p.line}-${p.message}`}>{t('importLine', { line: p.line, message: p.message })}</li>
                ))}
              </ul>
            </>
          ) : (
            <button type="button" onClick={apply}>
              {t('importApply')}
            </button>
          )}
        </div>
      )}
      {outcome?.applied && (
        <div role="status">
          <p class="ready">{t('importDone', { created: outcome.created ?? 0, updated: outcome.updated ?? 0 })}</p>
          {outcome.passwords && outcome.passwords.length > 0 && (
            <>
              <p>{t('importPasswords')}</p>
              <PasswordTable passwords={outcome.passwords} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
