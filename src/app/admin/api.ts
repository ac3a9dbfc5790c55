// The admin API as the dashboard uses it. Part of the admin chunk only.
import type { JpRow, Report } from '../../domain/report.js';
import { ApiError, type User } from '../api.js';
import { useSession } from '../session.js';

export type { Figures, LearnerRow, Report } from '../../domain/report.js';

export interface AdminCourse {
  id: string;
  title: string;
  category: string;
  jp: number;
  enrolled: number;
}

/** An account as the staff list returns it. */
export interface StaffUser extends User {
  disabled: boolean;
}

export type EnrolTarget = { all: true } | { unit: string } | { nips: string[] };

/** One learner's JP of a year from `bangkom` courses, as `GET /api/admin/jp` answers it. */
export type JpLearner = JpRow;

export interface JpYear {
  year: number;
  /** The target asked for, or the server's default when none was. */
  target: number;
  /** Largest shortfall first. */
  learners: JpLearner[];
}

async function get(path: string, init: RequestInit = {}): Promise<Response> {
  const token = useSession.getState().token;
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) useSession.getState().expire();
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(response.status, body.error ?? 'error', body.message ?? response.statusText);
  }
  return response;
}

const post = async <T>(path: string, body?: unknown): Promise<T> =>
  (await (
    await get(path, {
      method: 'POST',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
  ).json()) as T;

export interface ImportOutcome {
  applied: boolean;
  problems: { line: number; message: string }[];
  create: number;
  update: number;
  created?: number;
  updated?: number;
  passwords?: { nip: string; name: string; password: string }[];
}

/** New one-time passwords, in this answer only; `csv` is the same list as a file to save. */
export interface IssuedPasswords {
  passwords: { nip: string; name: string; unit: string; password: string }[];
  csv: string;
}

/** Offers text the page already holds as a file download. */
export function saveFile(name: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const adminApi = {
  importUsers: (csv: string, apply: boolean) => post<ImportOutcome>('/api/admin/users/import', { csv, apply }),
  users: async () => ((await (await get('/api/admin/users')).json()) as { users: StaffUser[] }).users,
  /** How many learners were newly enrolled (those already enrolled, disabled or unknown are not counted). */
  enrol: (courseId: string, target: EnrolTarget) => post<{ enrolled: number }>('/api/admin/enrol', { courseId, ...target }),
  /** Disabling stops the account's tokens at once; its history stays in the reports. */
  setDisabled: (nip: string, disabled: boolean) =>
    post<{ nip: string; disabled: boolean }>(`/api/admin/users/${encodeURIComponent(nip)}/${disabled ? 'disable' : 'enable'}`),
  /** A new one-time password for one account; its sessions end. */
  resetPassword: (nip: string) => post<IssuedPasswords>(`/api/admin/users/${encodeURIComponent(nip)}/reset-password`),
  /** New one-time passwords for every active account that has never logged in. */
  resetNeverLoggedIn: () => post<IssuedPasswords>('/api/admin/users/reset-passwords', { neverLoggedIn: true }),
  courses: async () => ((await (await get('/api/admin/courses')).json()) as { courses: AdminCourse[] }).courses,
  report: async (courseId: string, query: URLSearchParams) =>
    (await (await get(`/api/admin/courses/${encodeURIComponent(courseId)}/report?${query}`)).json()) as Report,
  jp: async (query: URLSearchParams, signal?: AbortSignal) => (await (await get(`/api/admin/jp?${query}`, { signal })).json()) as JpYear,
  /** Downloads the CSV through fetch (it needs the token), then saves it as a file. */
  async downloadCsv(courseId: string, query: URLSearchParams) {
    const blob = await (await get(`/api/admin/courses/${encodeURIComponent(courseId)}/report.csv?${query}`)).blob();
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement('a'), { href: url, download: `laporan-${courseId}.csv` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
