import type { Kysely } from 'kysely';

// What sync needs to enforce its limits without reading a learner's whole history:
// - events.device_at: the device's own `at` when its clock was corrected (null otherwise);
// - quiz_attempts: one row per attempt, so an attempt over a quiz's limit is refused by a
//   primary-key lookup and a count, under the same lock that hands out sequence numbers;
// - learner_usage: events and bytes stored per learner and day (Asia/Jakarta), the quota.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('device_at', 'bigint').execute();
  await db.schema
    .createTable('quiz_attempts')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('quiz_id', 'text', (c) => c.notNull())
    .addColumn('attempt_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quiz_attempts_pk', ['user_id', 'course_id', 'quiz_id', 'attempt_id'])
    .execute();
  await db.schema
    .createTable('learner_usage')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('learner_usage_pk', ['user_id', 'day'])
    .execute();
  // Attempts stored before this migration count against the limits too. Read in pages by
  // the primary key, so a large events table is never held in memory at once.
  let after = '';
  for (;;) {
    const rows: { id: string; user_id: string; course_id: string; data_json: string }[] = await db
      .selectFrom('events')
      .select(['id', 'user_id', 'course_id', 'data_json'])
      .where('type', '=', 'quiz.submitted')
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const attempts = rows.map((r) => {
      const data = JSON.parse(r.data_json) as { quizId: string; attemptId: string };
      return { user_id: r.user_id, course_id: r.course_id, quiz_id: data.quizId, attempt_id: data.attemptId.toLowerCase() };
    });
    await db
      .insertInto('quiz_attempts')
      .values(attempts)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('learner_usage').execute();
  await db.schema.dropTable('quiz_attempts').execute();
  await db.schema.alterTable('events').dropColumn('device_at').execute();
}
