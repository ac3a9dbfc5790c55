// WARNING: part of the main bundle. Who is logged in, and the chosen language. Kept in
// localStorage so the first screen renders before IndexedDB opens.
import { create } from 'zustand';
import type { User } from './api.js';
import { type Lang, loadLanguage, type MessageKey, translate } from './i18n.js';
import { db } from './shared/database.js';

interface SessionState {
  /** null while logged out, or when the token expired: `user` then stays, to log in again. */
  token: string | null;
  user: User | null;
  lang: Lang;
  setSession(token: string, user: User): void;
  expire(): void;
  clear(): void;
  setLang(lang: Lang): Promise<void>;
}

const KEY = 'sinau.session';
const saved = (() => {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Pick<SessionState, 'token' | 'user' | 'lang'>>;
  } catch {
    return {};
  }
})();

export const useSession = create<SessionState>((set, get) => {
  const persist = () => {
    const { token, user, lang } = get();
    localStorage.setItem(KEY, JSON.stringify({ token, user, lang }));
    // The service worker's Background Sync cannot read localStorage: mirror what it needs.
    void db.meta.put({ key: 'session', value: token && user ? { token, userId: user.id } : null }).catch(() => undefined);
  };
  const update = (patch: Partial<SessionState>) => {
    set(patch);
    persist();
  };
  return {
    token: saved.token ?? null,
    user: saved.user ?? null,
    lang: saved.lang ?? 'id',
    setSession: (token, user) => update({ token, user }),
    expire: () => update({ token: null }),
    clear: () => update({ token: null, user: null }),
    setLang: async (lang) => {
      await loadLanguage(lang);
      document.documentElement.lang = lang;
      update({ lang });
    },
  };
});

// Device keys outlive the session (logging out keeps them): they tell the server this
// device has logged in to the account before, so a stranger's guesses cannot lock it out.
const DEVICE_KEYS = 'sinau.deviceKeys';
const deviceKeys = (): Record<string, string> => {
  try {
    return JSON.parse(localStorage.getItem(DEVICE_KEYS) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
};

export const deviceKeyFor = (nip: string): string | undefined => deviceKeys()[nip];

export function rememberDeviceKey(nip: string, key: string): void {
  localStorage.setItem(DEVICE_KEYS, JSON.stringify({ ...deviceKeys(), [nip]: key }));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The translate function for the chosen language. */
export function useTranslate(): Translate {
  const lang = useSession((s) => s.lang);
  return (key, params) => translate(lang, key, params);
}
