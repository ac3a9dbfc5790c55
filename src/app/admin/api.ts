// The admin API as the dashboard uses it: paths and the types of src/domain/api, over the
// app's one client. Part of the admin chunk only.
import type {
  AdminCourse,
  AdminCourseList,
  ImportOutcome,
  JpYear,
  ResetAnswer,
  StaffList,
  StaffUser,
  ToggleAnswer,
} from '../../domain/api/admin.js';
import type { AdminCertificate, AdminCertificateList, RevokeReply } from '../../domain/api/certificates.js';
import type { CourseUploadAnswer } from '../../domain/api/course-upload.js';
import type { QuizConversion, QuizConvertBody } from '../../domain/api/quiz-banks.js';
import type {
  AttendanceReport,
  CheckInSecret,
  CreateSessionBody,
  Session,
  SessionList,
  UpdateSessionBody,
} from '../../domain/api/sessions.js';
import type { JpRow, Report } from '../../domain/report.js';
import type { EnrolAnswer } from '../../domain/staff.js';
import { useSession } from '../session.js';
import { ApiError, type HttpRequest, http, send } from '../shared/http.js';

export type { Figures, LearnerRow, Report } from '../../domain/report.js';
export type {
  AdminCertificate,
  AdminCourse,
  AttendanceReport,
  CheckInSecret,
  CourseUploadAnswer,
  CreateSessionBody,
  ImportOutcome,
  JpYear,
  QuizConversion,
  QuizConvertBody,
  Session,
  StaffUser,
};

export type EnrolTarget = { all: true } | { unit: string } | { nips: string[] };

/** One learner's JP of a year from `bangkom` courses, as `GET /api/admin/jp` answers it. */
export type JpLearner = JpRow;

/** New one-time passwords, in this answer only; `csv` is the same list as a file to save. */
export type IssuedPasswords = ResetAnswer;

/**
 * The admin's session: its token, and a 401 ends it. A server that cannot be reached throws
 * fetch's own error, which describeError (errors.ts) words apart from a refusal.
 */
const asAdmin = (request: HttpRequest = {}): HttpRequest => ({
  ...request,
  token: useSession.getState().token,
  onUnauthorized: () => useSession.getState().expire(),
  fetchErrors: 'as-thrown',
});

const get = <T>(path: string, signal?: AbortSignal) => http<T>(path, asAdmin({ signal }));
const post = <T>(path: string, body?: unknown) => http<T>(path, asAdmin({ method: 'POST', body }));
const patch = <T>(path: string, body: unknown) => http<T>(path, asAdmin({ method: 'PATCH', body }));
const session = (id: string) => `/api/admin/sessions/${encodeURIComponent(id)}`;

/** Offers text the page already holds as a file download. */
export function saveFile(name: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Sends a course zip to be previewed or published. XMLHttpRequest, because fetch reports no
 * upload progress; errors are thrown as the app's client throws them (a TypeError when the
 * server cannot be reached).
 */
function uploadCourse(file: Blob, publish: boolean, onProgress: (fraction: number) => void): Promise<CourseUploadAnswer> {
  const { token, expire } = useSession.getState();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/admin/courses?publish=${publish ? 1 : 0}`);
    xhr.setRequestHeader('content-type', 'application/zip');
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onload = () => {
      let body: { error?: string; message?: string } | undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status === 200) return resolve(body as CourseUploadAnswer);
      if (xhr.status === 401) expire();
      reject(new ApiError(xhr.status, body?.error ?? 'http', body?.message ?? xhr.statusText));
    };
    xhr.send(file);
  });
}

export const adminApi = {
  uploadCourse,
  /** An image of a previewed upload, not yet published, as a blob to show. */
  previewImage: async (previewId: string, sha256: string) =>
    (await send(`/api/admin/courses/previews/${previewId}/${sha256}`, asAdmin())).blob(),
  importUsers: (csv: string, apply: boolean) => post<ImportOutcome>('/api/admin/users/import', { csv, apply }),
  users: async () => (await get<StaffList>('/api/admin/users')).users,
  /** How many learners were newly enrolled (those already enrolled are not counted), and what matched no active account. */
  enrol: (courseId: string, target: EnrolTarget) => post<EnrolAnswer>('/api/admin/enrol', { courseId, ...target }),
  /** Disabling stops the account's tokens at once; its history stays in the reports. */
  setDisabled: (nip: string, disabled: boolean) =>
    post<ToggleAnswer>(`/api/admin/users/${encodeURIComponent(nip)}/${disabled ? 'disable' : 'enable'}`),
  /** A new one-time password for one account; its sessions end. */
  resetPassword: (nip: string) => post<IssuedPasswords>(`/api/admin/users/${encodeURIComponent(nip)}/reset-password`),
  /** New one-time passwords for every active account that has never logged in. */
  resetNeverLoggedIn: () => post<IssuedPasswords>('/api/admin/users/reset-passwords', { neverLoggedIn: true }),
  courses: async () => (await get<AdminCourseList>('/api/admin/courses')).courses,
  report: (courseId: string, query: URLSearchParams) => get<Report>(`/api/admin/courses/${encodeURIComponent(courseId)}/report?${query}`),
  jp: (query: URLSearchParams, signal?: AbortSignal) => get<JpYear>(`/api/admin/jp?${query}`, signal),
  /** A question bank made for Moodle as a quiz, and every question left out with its line. */
  convertQuizBank: (body: QuizConvertBody) => post<QuizConversion>('/api/admin/quiz/convert', body),
  /** Downloads the CSV through fetch (it needs the token), then saves it as a file. */
  downloadCsv: (courseId: string, query: URLSearchParams) =>
    downloadFile(`/api/admin/courses/${encodeURIComponent(courseId)}/report.csv?${query}`, `laporan-${courseId}.csv`),
  /** Certificates by completion year, course and unit (a coordinator's: their unit's), newest first. */
  certificates: async (query: URLSearchParams, signal?: AbortSignal) =>
    (await get<AdminCertificateList>(`/api/admin/certificates?${query}`, signal)).certificates,
  /** The register as the server writes it, saved under the name it gives (course and year in it). */
  downloadCertificatesCsv: (query: URLSearchParams) => downloadFile(`/api/admin/certificates.csv?${query}`),
  /** A 409 when it was revoked already: its first reason stays. */
  revokeCertificate: (code: string, reason: string) =>
    post<RevokeReply>(`/api/admin/certificates/${encodeURIComponent(code)}/revoke`, { reason }),
  /** A course's sessions, oldest first (a coordinator's: their unit's and every unit's). */
  sessions: async (courseId: string, signal?: AbortSignal) =>
    (await get<SessionList>(`/api/admin/courses/${encodeURIComponent(courseId)}/sessions`, signal)).sessions,
  createSession: (courseId: string, body: CreateSessionBody) =>
    post<Session>(`/api/admin/courses/${encodeURIComponent(courseId)}/sessions`, body),
  updateSession: (id: string, body: UpdateSessionBody) => patch<Session>(session(id), body),
  /** Cancelling twice keeps the first time. */
  cancelSession: (id: string) => post<Session>(`${session(id)}/cancel`),
  /** The facilitator's secret: the screen keeps it to show the codes with no signal. */
  checkIn: (id: string, signal?: AbortSignal) => get<CheckInSecret>(`${session(id)}/check-in`, signal),
  attendance: (id: string, signal?: AbortSignal) => get<AttendanceReport>(`${session(id)}/attendance`, signal),
  /** The daftar hadir as the server writes it, under the name it gives. */
  downloadAttendanceCsv: (id: string) => downloadFile(`${session(id)}/attendance.csv`),
};

/** Fetches a file (it needs the token) and saves it under `name`, or else the name the server gave. */
async function downloadFile(path: string, name?: string) {
  const response = await send(path, asAdmin());
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  Object.assign(document.createElement('a'), { href: url, download: name ?? named ?? 'sinau.csv' }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
