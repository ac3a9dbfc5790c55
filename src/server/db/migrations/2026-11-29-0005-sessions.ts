import type { Kysely } from 'kysely';

// Course sessions and attendance (docs/sessions.md):
// - course_sessions: a meeting of a course, in a room (luring), a call (daring) or both. Its
//   `secret` (base32) makes the check-in codes; `unit` null means every unit.
// - attendance: one row per learner and session, whatever the number of check-ins, devices
//   or server processes: the primary key decides. `checked_at` is the skew-corrected time
//   of the check-in event that counts (the earliest), `event_id` that event.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('course_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('meeting_url', 'text')
    .addColumn('unit', 'text')
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('course_sessions_course_starts').on('course_sessions').columns(['course_id', 'starts_at']).execute();

  await db.schema
    .createTable('attendance')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('course_sessions.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_pk', ['user_id', 'session_id'])
    .execute();
  // The daftar hadir reads a session's rows.
  await db.schema.createIndex('attendance_session').on('attendance').columns(['session_id', 'checked_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attendance').execute();
  await db.schema.dropTable('course_sessions').execute();
}
