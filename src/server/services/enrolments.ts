import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type EnrolTarget = { all: true } | { unit: string } | { nips: string[] };

/** Enrols the matching active learners; returns how many were newly enrolled. */
export async function enrol(db: Kysely<Database>, courseId: string, target: EnrolTarget, now = Date.now()): Promise<number> {
  const course = await db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst();
  if (!course) throw new Error(`no course "${courseId}" is published; import it first`);
  let users = db.selectFrom('users').select('id').where('disabled_at', 'is', null);
  if ('all' in target) users = users.where('role', '=', 'learner');
  else if ('unit' in target) users = users.where('unit', '=', target.unit);
  else users = users.where('nip', 'in', target.nips.length ? target.nips : ['']);
  const ids = (await users.execute()).map((u) => u.id);
  if (ids.length === 0) return 0;
  const result = await db
    .insertInto('enrolments')
    .values(ids.map((user_id) => ({ user_id, course_id: courseId, enrolled_at: now })))
    .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
