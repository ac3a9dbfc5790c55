// Who came to a session (docs/sessions.md): the counts per unit, the learners to follow up
// (came but have not completed the course, completed without coming), and the daftar hadir.
import type { Kysely } from 'kysely';
import type { AttendanceReport } from '../../../domain/api/sessions.js';
import { jakartaIso } from '../../../domain/jakarta.js';
import { groupNip } from '../../../domain/nip.js';
import type { Database } from '../../db/schema.js';
import { toCsv } from '../csv.js';
import { refreshProgress } from '../progress.js';
import { type SessionRow, sessionOf } from './store.js';

export interface Present {
  nip: string;
  name: string;
  unit: string;
  mode: 'luring' | 'daring';
  checked_at: number;
}

/** The session's check-ins in the order they happened; `unit`: that unit's only. */
export async function presentAt(db: Kysely<Database>, sessionId: string, unit?: string): Promise<Present[]> {
  let query = db
    .selectFrom('attendance')
    .innerJoin('users', 'users.id', 'attendance.user_id')
    .select(['users.nip', 'users.name', 'users.unit', 'attendance.mode', 'attendance.checked_at'])
    .where('attendance.session_id', '=', sessionId);
  if (unit !== undefined) query = query.where('users.unit', '=', unit);
  const rows = await query.orderBy('attendance.checked_at').orderBy('users.name').orderBy('users.nip').execute();
  return rows.map((r) => ({ ...r, checked_at: Number(r.checked_at) }));
}

/**
 * The report of one session. The learners it concerns are those enrolled in its course, of
 * its unit when it has one, and of `unit` when asked (a coordinator's is forced to theirs).
 */
export async function attendanceReport(db: Kysely<Database>, session: SessionRow, unit?: string): Promise<AttendanceReport> {
  const present = await presentAt(db, session.id, unit);
  const units = new Map<string, { luring: number; daring: number }>();
  for (const p of present) {
    const counts = units.get(p.unit) ?? { luring: 0, daring: 0 };
    counts[p.mode]++;
    units.set(p.unit, counts);
  }
  // Completion comes from the kept progress, brought up to date first, as the course report does.
  await refreshProgress(db, { courseId: session.course_id });
  let learners = db
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .leftJoin('progress', (join) =>
      join.onRef('progress.user_id', '=', 'users.id').onRef('progress.course_id', '=', 'enrolments.course_id'),
    )
    .leftJoin('attendance', (join) => join.onRef('attendance.user_id', '=', 'users.id').on('attendance.session_id', '=', session.id))
    .select(['users.nip', 'users.name', 'users.unit', 'progress.completed_at', 'attendance.user_id as attended'])
    .where('enrolments.course_id', '=', session.course_id);
  if (session.unit !== null) learners = learners.where('users.unit', '=', session.unit);
  if (unit !== undefined) learners = learners.where('users.unit', '=', unit);
  const rows = await learners.orderBy('users.unit').orderBy('users.name').orderBy('users.nip').execute();
  const person = (r: (typeof rows)[number]) => ({ nip: r.nip, name: r.name, unit: r.unit });
  const total = { luring: 0, daring: 0 };
  for (const p of present) total[p.mode]++;
  return {
    session: sessionOf(session),
    units: [...units.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([unit, counts]) => ({ unit, ...counts })),
    total,
    present: present.map((p) => ({
      nip: p.nip,
      name: p.name,
      unit: p.unit,
      mode: p.mode,
      checkedAt: new Date(p.checked_at).toISOString(),
    })),
    attendedNotCompleted: rows.filter((r) => r.attended !== null && r.completed_at === null).map(person),
    completedNotAttended: rows.filter((r) => r.attended === null && r.completed_at !== null).map(person),
  };
}

/**
 * The daftar hadir: one row per learner who checked in, in the order they did. The date is a
 * column of its own, not a line above the table, so the file stays one table a spreadsheet
 * sorts and filters; and a check-in allowed up to 30 minutes after a late session can fall
 * on the next day.
 */
export function attendanceCsv(present: Present[]): string {
  return toCsv(
    ['No', 'NIP', 'Nama', 'Unit', 'Mode', 'Jam hadir', 'Tanggal'],
    present.map((p, i) => [
      i + 1,
      groupNip(p.nip),
      p.name,
      p.unit,
      p.mode,
      jakartaIso(p.checked_at).slice(11, 16),
      jakartaIso(p.checked_at).slice(0, 10),
    ]),
  );
}

/** `daftar-hadir-<date in Jakarta>-<start of the id>.csv`: only characters safe in a header. */
export const attendanceCsvName = (session: SessionRow): string =>
  `daftar-hadir-${jakartaIso(Number(session.starts_at)).slice(0, 10)}-${session.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}.csv`;
