// Many staff accounts at once, for benchmarks: learners u0, u1, … with NIPs from staffNip(i).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.js';

export const staffNip = (i: number) => `199001012025${String(i).padStart(6, '0')}`;

export interface StaffOptions {
  passwordHash: string;
  /** Work units to spread the staff over. */
  units?: number;
  /** Enrol every one of them in this course. */
  enrolIn?: string;
  /** Their event sequence so far, for events written straight into the database. */
  eventSeq?: number;
}

export async function addStaff(db: Kysely<Database>, count: number, options: StaffOptions) {
  const { passwordHash, units = 20, enrolIn, eventSeq = 0 } = options;
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `u${i}`,
    nip: staffNip(i),
    name: `Pegawai ${i}`,
    unit: `Unit kerja ${i % units}`,
    position: 'Guru Ahli Pertama',
    role: 'learner' as const,
    password_hash: passwordHash,
    disabled_at: null,
    event_seq: eventSeq,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 250) {
    const batch = rows.slice(i, i + 250);
    await db.insertInto('users').values(batch).execute();
    if (enrolIn)
      await db
        .insertInto('enrolments')
        .values(batch.map((u) => ({ user_id: u.id, course_id: enrolIn, enrolled_at: now })))
        .execute();
  }
  return rows;
}
