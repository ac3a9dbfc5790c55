import { type Kysely, sql } from 'kysely';

// The report reads each learner's progress from `progress`, kept by folding their events
// (docs/sync.md) whenever `progress_stale` says new ones arrived, instead of folding every
// event of a course on each request. The first `progress` table was never written; it is
// replaced by one that holds what the report needs. Nothing reads events by course any
// more, so that index goes: it cost every stored event a third index write.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_course_user').execute();
  await db.schema.dropTable('progress').execute();
  await db.schema
    .createTable('progress')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    // Folded against this version's outline, from the learner's events up to folded_seq.
    .addColumn('course_version', 'integer', (c) => c.notNull())
    .addColumn('folded_seq', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('lessons_done', 'integer', (c) => c.notNull())
    .addColumn('lessons_total', 'integer', (c) => c.notNull())
    .addColumn('pre_score', 'real')
    .addColumn('post_score', 'real')
    .addColumn('post_attempts', 'integer', (c) => c.notNull())
    .addColumn('post_passed', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('study_seconds', 'bigint', (c) => c.notNull())
    .addColumn('survey_json', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('progress_pk', ['user_id', 'course_id'])
    .execute();
  await db.schema.createIndex('progress_course').on('progress').column('course_id').execute();
  // One row per learner and course with events not yet folded; `seq` is the newest one's.
  await db.schema
    .createTable('progress_stale')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('progress_stale_pk', ['user_id', 'course_id'])
    .execute();
  // Events stored before this migration have not been folded into `progress` yet.
  await sql`insert into progress_stale (user_id, course_id, seq)
            select user_id, course_id, max(seq) from events group by user_id, course_id`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('progress_stale').execute();
  await db.schema.createIndex('events_course_user').on('events').columns(['course_id', 'user_id']).execute();
}
