// A failed admin request in words an officer can act on. The server's own message (English,
// from its stable `{ error, message }` shape) is kept where it says what was wrong.

import { ApiError } from '../api.js';
import type { AdminTranslate } from './i18n-admin.js';

export function describeError(t: AdminTranslate, error: unknown): string {
  // fetch itself throws (a TypeError) when the server cannot be reached at all.
  if (!(error instanceof ApiError)) return t('networkError');
  if (error.status === 401) return t('adminErrorSession');
  if (error.status === 403) return t('adminErrorForbidden');
  if (error.status === 404) return t('adminErrorNotFound', { message: error.message });
  if (error.status >= 500) return t('adminErrorServer');
  return t('adminErrorRefused', { message: error.message });
}
