// WARNING: part of the main bundle.
import { useState } from 'preact/hooks';
import { type ApiError, api, type User } from '../api.js';
import { deviceKeyFor, rememberDeviceKey, useSession, useTranslate } from '../session.js';
import { ChangePassword } from './ChangePassword.js';

/** Logs in; with `nip` given (an expired session) it asks only for the password again. */
export function Login({ nip }: { nip?: string }) {
  const t = useTranslate();
  const setSession = useSession((s) => s.setSession);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Logged in with a one-time password: the session starts once a new one is chosen, so a
  // learner still studying offline on an older session keeps it until then.
  const [pending, setPending] = useState<{ token: string; user: User; current: string }>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const login = String(form.get('nip')).trim();
      const password = String(form.get('password'));
      const reply = await api.login(login, password, deviceKeyFor(login));
      rememberDeviceKey(reply.user.nip, reply.deviceKey);
      if (reply.mustChangePassword) setPending({ token: reply.token, user: reply.user, current: password });
      else setSession(reply.token, reply.user);
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 401) setError(t('wrongCredentials'));
      else if (err.status === 429) setError(t('tooManyAttempts', { minutes: Math.ceil((err.retryAfterSeconds ?? 60) / 60) }));
      else setError(navigator.onLine ? t('networkError') : t('loginNeedsSignal'));
    } finally {
      setBusy(false);
    }
  };

  if (pending)
    return (
      <ChangePassword
        nip={pending.user.nip}
        token={pending.token}
        current={pending.current}
        onDone={() => setSession(pending.token, pending.user)}
        onEnded={() => {
          setPending(undefined);
          setError(t('passwordChangeEnded'));
        }}
      />
    );

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
