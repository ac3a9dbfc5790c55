// WARNING: part of the main bundle. Right after a login with a one-time password: the
// learner chooses their own before anything else. The token is kept only once that is done.
import { useState } from 'preact/hooks';
import { type ApiError, api } from '../api.js';
import type { MessageKey } from '../i18n.js';
import { useTranslate } from '../session.js';

const MIN_LENGTH = 8;

const SERVER_PROBLEMS: Record<string, MessageKey> = {
  'password-too-short': 'passwordTooShort',
  'password-is-nip': 'passwordIsNip',
  'password-unchanged': 'passwordUnchanged',
};

export interface ChangePasswordProps {
  nip: string;
  token: string;
  /** The one-time password just used to log in. */
  current: string;
  onDone(): void;
  /** The token stopped working (e.g. an admin reset the password again): log in anew. */
  onEnded(): void;
}

export function ChangePassword({ nip, token, current, onDone, onEnded }: ChangePasswordProps) {
  const t = useTranslate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next = String(form.get('next'));
    const problem: MessageKey | null =
      next.length < MIN_LENGTH
        ? 'passwordTooShort'
        : next.replace(/\s/g, '') === nip
          ? 'passwordIsNip'
          : next !== String(form.get('repeat'))
            ? 'passwordsDiffer'
            : next === current
              ? 'passwordUnchanged'
              : null;
    if (problem) return setError(t(problem));
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(token, current, next);
      onDone();
    } catch (e) {
      const err = e as ApiError;
      const known = SERVER_PROBLEMS[err.code];
      if (known) setError(t(known));
      else if (err.status === 401 || err.code === 'wrong-password') {
        setError(null);
        onEnded();
      } else setError(navigator.onLine ? t('networkError') : t('loginNeedsSignal'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card login" onSubmit={submit} aria-labelledby="password-title" aria-describedby="password-hint">
      <h1 id="password-title">{t('changePasswordTitle')}</h1>
      <p class="muted" id="password-hint">
        {t('changePasswordHint')}
      </p>
      {/* Lets a password manager store the new password under the right NIP. */}
      <input type="text" name="username" autoComplete="username" value={nip} hidden readOnly />
      <label>
        {t('newPassword')}
        <input name="next" type="password" autoComplete="new-password" required maxLength={200} />
      </label>
      <label>
        {t('repeatPassword')}
        <input name="repeat" type="password" autoComplete="new-password" required maxLength={200} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('savingPassword') : t('savePassword')}
      </button>
    </form>
  );
}
