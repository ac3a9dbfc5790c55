// The server's HTTP API as the app uses it. Errors carry the server's code.
import type { User } from '../domain/api/users.js';

export type { User };

export interface CourseSummary {
  id: string;
  version: number;
  title: string;
  summary: string;
  category: string;
  jp: number;
  modules: number;
  lessons: number;
  downloadBytes: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

async function send(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'network error');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    const retry = Number(response.headers.get('retry-after')) || undefined;
    throw new ApiError(response.status, body.error ?? 'error', body.message ?? response.statusText, retry);
  }
  return response;
}

async function request<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const response = await send(path, init);
  return (await response.json()) as T;
}

export interface LoginReply {
  token: string;
  expiresAt: number;
  user: User;
  /** Kept for this NIP and sent with later logins: it spares this device the lockouts. */
  deviceKey: string;
  /** The password was a one-time one: the token may only set a new one until then. */
  mustChangePassword: boolean;
}

export const api = {
  login: (nip: string, password: string, deviceKey?: string) =>
    request<LoginReply>('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ nip, password, ...(deviceKey ? { deviceKey } : {}) }),
    }),
  changePassword: (token: string, current: string, next: string) =>
    request<{ ok: true }>('/api/auth/password', { method: 'POST', token, body: JSON.stringify({ current, next }) }),
  logout: (token: string) => request<{ ok: true }>('/api/auth/logout', { method: 'POST', token }),
  courses: (token: string) => request<{ courses: CourseSummary[] }>('/api/courses', { token }),
  /** The course package as text, so its exact size is known. */
  coursePackage: async (token: string, id: string, signal?: AbortSignal) =>
    (await send(`/api/courses/${encodeURIComponent(id)}`, { token, ...(signal ? { signal } : {}) })).text(),
  /** An asset's response, streamed by the caller; bypasses the HTTP cache (it is kept in IndexedDB). */
  asset: (sha256: string, signal?: AbortSignal) => send(`/api/assets/${sha256}`, { cache: 'no-store', ...(signal ? { signal } : {}) }),
  /** The server's fold of the caller's events in a course, against its current version. */
  progress: (token: string, courseId: string) =>
    request<{ courseId: string; version: number; progress: import('../domain/progress.js').Progress }>(
      `/api/progress?courseId=${encodeURIComponent(courseId)}`,
      { token },
    ),
};
