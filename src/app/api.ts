// The server's HTTP API as the app uses it: paths and the types of src/domain/api, over the
// one client in shared/http.ts. Errors carry the server's code.
import type { LoginReply, Ok } from '../domain/api/auth.js';
import type { CourseList, CourseSummary } from '../domain/api/courses.js';
import type { ProgressReply } from '../domain/api/progress.js';
import type { User } from '../domain/api/users.js';
import { http as request, send } from './shared/http.js';

export { ApiError } from './shared/http.js';
export type { CourseSummary, LoginReply, User };

export const api = {
  login: (nip: string, password: string, deviceKey?: string) =>
    request<LoginReply>('/api/auth/login', { method: 'POST', body: { nip, password, ...(deviceKey ? { deviceKey } : {}) } }),
  changePassword: (token: string, current: string, next: string) =>
    request<Ok>('/api/auth/password', { method: 'POST', token, body: { current, next } }),
  logout: (token: string) => request<Ok>('/api/auth/logout', { method: 'POST', token }),
  courses: (token: string) => request<CourseList>('/api/courses', { token }),
  /** The course package as text, so its exact size is known. */
  coursePackage: async (token: string, id: string, signal?: AbortSignal) =>
    (await send(`/api/courses/${encodeURIComponent(id)}`, { token, signal })).text(),
  /** An asset's response, streamed by the caller; bypasses the HTTP cache (it is kept in IndexedDB). */
  asset: (sha256: string, signal?: AbortSignal) => send(`/api/assets/${sha256}`, { cache: 'no-store', signal }),
  /** The server's fold of the caller's events in a course, against its current version. */
  progress: (token: string, courseId: string) =>
    request<ProgressReply>(`/api/progress?courseId=${encodeURIComponent(courseId)}`, { token }),
};
