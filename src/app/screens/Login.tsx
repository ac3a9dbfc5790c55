// WARNING: part of the main bundle.
import { useState } from 'preact/hooks';
import { type ApiError, api } from '../api.js';
import { useSession, useTranslate } from '../session.js';

/** Logs in; with `nip` given (an expired session) it asks only for the password again. */
export function Login({ nip }: { nip?: string }) {
  const t = useTranslate();
  const setSession = useSession((s) => s.setSession);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const { token, user } = await api.login(String(form.get('nip')).trim(), String(form.get('password')));
      setSession(token, user);
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 401) setError(t('wrongCredentials'));
      else if (err.status === 429) setError(t('tooManyAttempts', { minutes: Math.ceil((err.retryAfterSeconds ?? 60) / 60) }));
      else setError(navigator.onLine ? t('networkError') : t('loginNeedsSignal'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card login" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{nip ? t('loginAgainTitle') : t('loginTitle')}</h1>
      <p class="muted">{nip ? t('loginAgainHint') : t('appTagline')}</p>
      <label>
        {t('nip')}
        <input name="nip" inputMode="numeric" autoComplete="username" required maxLength={32} defaultValue={nip ?? ''} />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('loggingIn') : t('login')}
      </button>
    </form>
  );
}
