// Table types. Times are integer epoch milliseconds and ids are text, which both drivers
// return alike (PostgreSQL's int8 is parsed to a number in database.ts).
import type { Generated, Insertable, Selectable } from 'kysely';

/** A stored time (epoch milliseconds, as either driver returns it) as the API's ISO 8601 text. */
export function isoOf(ms: number | string): string;
export function isoOf(ms: number | string | null): string | null;
export function isoOf(ms: number | string | null): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString();
}

export type Role = 'learner' | 'admin' | 'coordinator';

export interface UsersTable {
  id: string;
  nip: string;
  name: string;
  unit: string;
  position: string;
  role: Role;
  password_hash: string;
  disabled_at: number | null;
  /** 1 while the password is one Sinau generated: good for logging in and changing it only. */
  must_change_password: Generated<number>;
  /** null for an account that has never logged in. */
  last_login_at: number | null;
  /** Last per-learner event sequence number handed out (docs/sync.md). */
  event_seq: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface LoginFailuresTable {
  nip: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

/** Keys of devices that logged in to an account; only their SHA-256 is stored. */
export interface DeviceKeysTable {
  key_hash: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
}

/** Failed logins from one address in one minute (`minute` is epoch milliseconds / 60,000). */
export interface LoginAddressFailuresTable {
  address: string;
  minute: number;
  failures: number;
}

export interface CoursesTable {
  id: string;
  current_version: number;
  created_at: number;
  updated_at: number;
}

export interface CourseVersionsTable {
  course_id: string;
  version: number;
  title: string;
  summary: string;
  category: string;
  jp: number;
  /** Everything, answer keys included: what the server grades against. */
  source_json: string;
  /** What a learner downloads: graded-test keys removed. */
  package_json: string;
  content_hash: string;
  /** Package JSON plus every asset, in bytes: the download size shown to learners. */
  download_bytes: number;
  published_at: number;
}

export interface AssetsTable {
  sha256: string;
  mime: string;
  size: number;
  data: Uint8Array;
  created_at: number;
}

/** A media lesson's file; written after all its chunks, so a row means the file is complete. */
export interface MediaTable {
  sha256: string;
  mime: string;
  size: number;
  chunk_bytes: number;
  created_at: number;
}

/** Bytes [index × chunk_bytes, (index + 1) × chunk_bytes) of a media file. */
export interface MediaChunksTable {
  sha256: string;
  index: number;
  data: Uint8Array;
}

export interface EnrolmentsTable {
  user_id: string;
  course_id: string;
  enrolled_at: number;
}

export interface EventsTable {
  id: string;
  user_id: string;
  seq: number;
  device_id: string;
  type: string;
  course_id: string;
  course_version: number;
  at: number;
  data_json: string;
  result_json: string | null;
  received_at: number;
  /** The device's own `at` when its clock was off and `at` was corrected. */
  device_at: number | null;
}

/** One row per quiz attempt a learner has made: what attempt limits count. */
export interface QuizAttemptsTable {
  user_id: string;
  course_id: string;
  quiz_id: string;
  attempt_id: string;
}

/** Events and bytes stored per learner and day (Asia/Jakarta): the quota. */
export interface LearnerUsageTable {
  user_id: string;
  day: number;
  events: number;
  bytes: number;
}

/**
 * Each learner's progress in a course as the report needs it: their events up to
 * `folded_seq`, folded (docs/sync.md). Kept by services/progress.ts (docs/evaluation.md).
 */
export interface ProgressTable {
  user_id: string;
  course_id: string;
  /** The version whose outline the fold used; a newer current version makes the row stale. */
  course_version: number;
  folded_seq: number;
  started_at: number;
  lessons_done: number;
  lessons_total: number;
  pre_score: number | null;
  post_score: number | null;
  post_attempts: number;
  post_passed: number;
  completed_at: number | null;
  study_seconds: number;
  /** The learner's newest reaction survey answers, if any. */
  survey_json: string | null;
  updated_at: number;
}

/** Learners and courses whose `progress` row is behind their events; `seq` is the newest. */
export interface ProgressStaleTable {
  user_id: string;
  course_id: string;
  seq: number;
}

/**
 * One certificate per learner and course (docs/certificates.md). What it certifies is a copy
 * taken at issue, and `payload` is those facts signed; a revoked one stays, marked.
 */
export interface CertificatesTable {
  code: string;
  user_id: string;
  course_id: string;
  course_version: number;
  name: string;
  /** The whole NIP; the signed payload holds only its masked form. */
  nip: string;
  unit: string;
  position: string;
  course_title: string;
  jp: number;
  category: string;
  /** The skew-corrected time of the event that completed the course. */
  completed_at: number;
  issued_at: number;
  issuer: string;
  signer_name: string;
  signer_title: string;
  payload: string;
  revoked_at: number | null;
  revoked_reason: string | null;
  /** The administrator's account id. */
  revoked_by: string | null;
}

/** A meeting of a course (docs/sessions.md). */
export interface CourseSessionsTable {
  id: string;
  course_id: string;
  title: string;
  mode: 'luring' | 'daring' | 'hybrid';
  starts_at: number;
  ends_at: number;
  place: string | null;
  meeting_url: string | null;
  /** The unit whose learners it is for; null: every unit. */
  unit: string | null;
  /** base32: the TOTP key of its check-in codes. */
  secret: string;
  created_by: string;
  cancelled_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One per learner and session: the check-in that counts (the earliest). */
export interface AttendanceTable {
  user_id: string;
  session_id: string;
  event_id: string;
  mode: 'luring' | 'daring';
  /** The skew-corrected `at` of that check-in. */
  checked_at: number;
}

export interface SecretsTable {
  name: string;
  value: string;
}

export interface Database {
  secrets: SecretsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  device_keys: DeviceKeysTable;
  login_address_failures: LoginAddressFailuresTable;
  courses: CoursesTable;
  course_versions: CourseVersionsTable;
  assets: AssetsTable;
  media: MediaTable;
  media_chunks: MediaChunksTable;
  enrolments: EnrolmentsTable;
  events: EventsTable;
  progress: ProgressTable;
  progress_stale: ProgressStaleTable;
  quiz_attempts: QuizAttemptsTable;
  learner_usage: LearnerUsageTable;
  certificates: CertificatesTable;
  course_sessions: CourseSessionsTable;
  attendance: AttendanceTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
