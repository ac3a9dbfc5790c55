// Lost initial passwords: new one-time passwords for one learner, or for everyone who has
// never logged in. The server answers with them once; they are shown here and offered as a
// CSV file, and are not kept anywhere else.
import { useState } from 'preact/hooks';
import { focusOnMount } from '../components/focus.js';
import { adminApi, type IssuedPasswords, saveFile } from './api.js';
import { describeError } from './errors.js';
import type { AdminKey } from './i18n-admin.js';
import { PasswordTable } from './PasswordTable.js';
import { useAdminTranslate } from './use-admin-translate.js';

interface ResetProps {
  id: string;
  label: AdminKey;
  warning: string;
  run(): Promise<IssuedPasswords>;
}

/** A button, a confirmation, then the passwords. */
function Reset({ id, label, warning, run }: ResetProps) {
  const t = useAdminTranslate();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedPasswords>();
  const [error, setError] = useState<string>();

  const reset = async () => {
    setConfirming(false);
    setError(undefined);
    setBusy(true);
    try {
      setIssued(await run());
    } catch (e) {
      setError(t('resetFailed', { reason: describeError(t, e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="account">
      {confirming ? (
        <div class="confirm-box" role="alertdialog" aria-labelledby={id}>
          <p id={id}>{warning}</p>
          <div class="row">
            <button type="button" onClick={() => setConfirming(false)} ref={focusOnMount}>
              {t('cancel')}
            </button>
            <button type="button" class="danger" onClick={() => void reset()}>
              {t('resetConfirm')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="secondary" aria-busy={busy} onClick={() => !busy && setConfirming(true)}>
          {t(label)}
        </button>
      )}
      {issued && <IssuedList issued={issued} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function IssuedList({ issued }: { issued: IssuedPasswords }) {
  const t = useAdminTranslate();
  if (issued.passwords.length === 0) return <p role="status">{t('resetNone')}</p>;
  const file = `kata-sandi-${new Date().toISOString().slice(0, 10)}.csv`;
  return (
    <div role="status">
      <p class="ready">{t('resetDone', { n: issued.passwords.length })}</p>
      <button type="button" onClick={() => saveFile(file, issued.csv)}>
        {t('resetDownload')}
      </button>
      <PasswordTable passwords={issued.passwords} />
    </div>
  );
}

export function ResetPassword({ learner }: { learner: { nip: string; name: string } }) {
  const t = useAdminTranslate();
  return (
    <Reset
      id={`reset-warning-${learner.nip}`}
      label="resetPassword"
      warning={t('resetPasswordWarning', { name: learner.name })}
      run={() => adminApi.resetPassword(learner.nip)}
    />
  );
}

export function ResetNeverLoggedIn() {
  const t = useAdminTranslate();
  return (
    <Reset id="reset-never-warning" label="resetNeverLoggedIn" warning={t('resetNeverLoggedInWarning')} run={adminApi.resetNeverLoggedIn} />
  );
}
