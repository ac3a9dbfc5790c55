import { useEffect, useState } from 'preact/hooks';
import { type ApiError, api, type CourseSummary } from './api.js';
import { formatBytes } from './i18n.js';
import { usePwa } from './pwa.js';
import { useSession, useTranslate } from './session.js';

export function App() {
  const user = useSession((s) => s.user);
  return (
    <>
      <Header />
      <UpdateBanner />
      <main id="main">{user ? <Home /> : <Login />}</main>
    </>
  );
}

function Header() {
  const t = useTranslate();
  const { lang, setLang, user, token, clear } = useSession();
  const logout = async () => {
    if (token) await api.logout(token).catch(() => undefined);
    clear();
  };
  return (
    <header class="bar">
      <div class="brand">
        <img src="/favicon.svg" alt="" width="28" height="28" />
        <span>Sinau</span>
      </div>
      <div class="bar-actions">
        <button type="button" class="link" onClick={() => setLang(lang === 'id' ? 'en' : 'id')} lang={lang === 'id' ? 'en' : 'id'}>
          {t('language')}
        </button>
        {user && (
          <button type="button" class="link" onClick={logout}>
            {t('logout')}
          </button>
        )}
      </div>
    </header>
  );
}

function UpdateBanner() {
  const t = useTranslate();
  const { updateWaiting, applyUpdate } = usePwa();
  if (!updateWaiting) return null;
  return (
    <div class="banner" role="status">
      <span>{t('updateReady')}</span>
      <button type="button" onClick={applyUpdate}>
        {t('reload')}
      </button>
    </div>
  );
}

function Login() {
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
      else setError(t('networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card login" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t('loginTitle')}</h1>
      <p class="muted">{t('appTagline')}</p>
      <label>
        {t('nip')}
        <input name="nip" inputMode="numeric" autoComplete="username" required maxLength={32} />
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

function Home() {
  const t = useTranslate();
  const { user, token, lang, clear } = useSession();
  const [courses, setCourses] = useState<CourseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    api
      .courses(token)
      .then((r) => setCourses(r.courses))
      .catch((e: ApiError) => (e.status === 401 ? clear() : setError(navigator.onLine ? t('networkError') : t('offline'))));
  }, [token]);

  return (
    <section aria-labelledby="courses-title">
      <p class="muted">{t('hello', { name: user?.name ?? '' })}</p>
      <h1 id="courses-title">{t('myCourses')}</h1>
      {error && <p class="error">{error}</p>}
      {courses?.length === 0 && <p>{t('noCourses')}</p>}
      <ul class="courses">
        {courses?.map((c) => (
          <li key={c.id} class="card">
            <h2>{c.title}</h2>
            <p>{c.summary}</p>
            <p class="muted">
              {t('modules', { n: c.modules })} · {t('lessons', { n: c.lessons })} · {t('jp', { n: c.jp })} ·{' '}
              {t('downloadSize', { size: formatBytes(c.downloadBytes, lang) })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
