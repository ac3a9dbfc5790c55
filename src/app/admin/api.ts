// The admin API as the dashboard uses it. Part of the admin chunk only.
import type { Report } from '../../domain/report.js';
import { useSession } from '../session.js';

export type { Figures, LearnerRow, Report } from '../../domain/report.js';

export interface AdminCourse {
  id: string;
  title: string;
  category: string;
  jp: number;
  enrolled: number;
}

async function get(path: string, init: RequestInit = {}): Promise<Response> {
  const token = useSession.getState().token;
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) useSession.getState().expire();
  if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { message?: string }).message ?? response.statusText);
  return response;
}

export interface ImportOutcome {
  applied: boolean;
  problems: { line: number; message: string }[];
  create: number;
  update: number;
  created?: number;
  updated?: number;
  passwords?: { nip: string; name: string; password: string }[];
}

export const adminApi = {
  importUsers: async (csv: string, apply: boolean) =>
    (await (
      await get('/api/admin/users/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ csv, apply }),
      })
    ).json()) as ImportOutcome,
  courses: async () => ((await (await get('/api/admin/courses')).json()) as { courses: AdminCourse[] }).courses,
  report: async (courseId: string, query: URLSearchParams) =>
    (await (await get(`/api/admin/courses/${encodeURIComponent(courseId)}/report?${query}`)).json()) as Report,
  /** Downloads the CSV through fetch (it needs the token), then saves it as a file. */
  async downloadCsv(courseId: string, query: URLSearchParams) {
    const blob = await (await get(`/api/admin/courses/${encodeURIComponent(courseId)}/report.csv?${query}`)).blob();
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement('a'), { href: url, download: `laporan-${courseId}.csv` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
