import { useSession } from '../session.js';
import { type AdminTranslate, adminTranslate } from './i18n-admin.js';

/** The translate function for the chosen language, for admin and learner keys alike. */
export function useAdminTranslate(): AdminTranslate {
  const lang = useSession((s) => s.lang);
  return (key, params) => adminTranslate(lang, key, params);
}
