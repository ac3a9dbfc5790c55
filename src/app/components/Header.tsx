// WARNING: part of the main bundle.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { pendingCount } from '../db/events.js';
import { useLiveQuery } from '../db/live.js';
import { useSession, useTranslate } from '../session.js';
import { focusOnMount } from './focus.js';

export function Header() {
  const t = useTranslate();
  const { lang, setLang, user, token, clear } = useSession();
  const pending = useLiveQuery(() => (user ? pendingCount(user.id) : 0), [user?.id]) ?? 0;
  const [confirming, setConfirming] = useState(false);

  const logout = async () => {
    if (pending > 0 && !confirming) return setConfirming(true);
    setConfirming(false);
    if (token) await api.logout(token).catch(() => undefined);
    clear();
  };

  return (
    <header class="bar">
      <a class="brand" href="/" aria-label="Sinau, beranda">
        <img src="/favicon.svg" alt="" width="28" height="28" />
        <span>Sinau</span>
      </a>
      <div class="bar-actions">
        {(user?.role === 'admin' || user?.role === 'coordinator') && (
          <a class="link" href="/admin">
            Admin
          </a>
        )}
        <button type="button" class="link" onClick={() => setLang(lang === 'id' ? 'en' : 'id')} lang={lang === 'id' ? 'en' : 'id'}>
          {t('language')}
        </button>
        {user && (
          <button type="button" class="link" onClick={logout}>
            {t('logout')}
          </button>
        )}
      </div>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="logout-warning">
          <p id="logout-warning">{t('logoutWarning', { n: pending })}</p>
          <div class="row">
            <button type="button" onClick={() => setConfirming(false)} ref={focusOnMount}>
              {t('stayLoggedIn')}
            </button>
            <button type="button" class="danger" onClick={logout}>
              {t('logoutAnyway')}
            </button>
          </div>
        </div>
      )}
    </header>
  );
}
