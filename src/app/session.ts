import { create } from 'zustand';
import type { User } from './api.js';
import { type Lang, type MessageKey, translate } from './i18n.js';

interface SessionState {
  token: string | null;
  user: User | null;
  lang: Lang;
  setSession(token: string, user: User): void;
  clear(): void;
  setLang(lang: Lang): void;
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
  };
  return {
    token: saved.token ?? null,
    user: saved.user ?? null,
    lang: saved.lang ?? 'id',
    setSession: (token, user) => {
      set({ token, user });
      persist();
    },
    clear: () => {
      set({ token: null, user: null });
      persist();
    },
    setLang: (lang) => {
      set({ lang });
      document.documentElement.lang = lang;
      persist();
    },
  };
});

/** The translate function for the chosen language. */
export function useTranslate() {
  const lang = useSession((s) => s.lang);
  return (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
}
