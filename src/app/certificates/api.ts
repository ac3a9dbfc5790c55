// Certificate routes as the app uses them: paths and the types of src/domain/api, over the
// app's one client. Apart from src/app/api.ts so they travel with the certificate chunks.
import type { CertificateKey, CertificateList, VerifyReply } from '../../domain/api/certificates.js';
import { http as request, send } from '../shared/http.js';

export type { CertificateKey, CertificateList, VerifyReply };

export const certificatesApi = {
  /** The caller's certificates; the server folds their progress first, so a course just completed is there. */
  list: (token: string) => request<CertificateList>('/api/certificates', { token }),
  /** Kept in IndexedDB, so not in the HTTP cache as well. */
  pdf: async (token: string, code: string) =>
    (await send(`/api/certificates/${encodeURIComponent(code)}.pdf`, { token, cache: 'no-store' })).blob(),
  /** The key certificates are signed with: public, kept on the device to check them offline. */
  key: () => request<CertificateKey>('/api/certificates/key', { cache: 'no-store' }),
  verify: (code: string) => request<VerifyReply>(`/api/verify/${encodeURIComponent(code)}`, { cache: 'no-store' }),
};
