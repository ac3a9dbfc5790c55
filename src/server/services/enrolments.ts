import type { Kysely } from 'kysely';
import type { EnrolAnswer } from '../../domain/staff.js';
import type { Database } from '../db/schema.js';

export type EnrolTarget = { all: true } | { unit: string } | { nips: string[] };

/**
 * Enrols the matching active accounts (`all`: those with the learner role; `unit`: that unit's
 * accounts but its coordinators, who follow the unit rather than study). Says how many
 * were newly enrolled and what part of the target matched no active account, so a typo in a
 * unit or a NIP is not mistaken for "already enrolled".
 */
export async function enrol(db: Kysely<Database>, courseId: string, target: EnrolTarget, now = Date.now()): Promise<EnrolAnswer> {
  // A caller from plain JavaScript could pass two targets; whichever was read first would win.
  if (['all', 'unit', 'nips'].filter((k) => k in target).length !== 1) throw new Error('enrol one of: all, a unit, or NIPs');
  const course = await db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst();
  if (!course) throw new Error(`no course "${courseId}" is published; import it first`);
  let users = db.selectFrom('users').select(['id', 'nip']).where('disabled_at', 'is', null);
  if ('all' in target) users = users.where('role', '=', 'learner');
  else if ('unit' in target) users = users.where('unit', '=', target.unit).where('role', '!=', 'coordinator');
  else users = users.where('nip', 'in', target.nips.length ? target.nips : ['']);
  const found = await users.execute();

  const unmatched: EnrolAnswer['unmatched'] = { nips: [] };
  if ('unit' in target && found.length === 0) unmatched.unit = target.unit;
  if ('nips' in target) {
    const known = new Set(found.map((u) => u.nip));
    unmatched.nips = [...new Set(target.nips)].filter((nip) => !known.has(nip));
  }
  if (found.length === 0) return { enrolled: 0, unmatched };
  const result = await db
    .insertInto('enrolments')
    .values(found.map((u) => ({ user_id: u.id, course_id: courseId, enrolled_at: now })))
    .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
    .executeTakeFirst();
  return { enrolled: Number(result.numInsertedOrUpdatedRows ?? 0), unmatched };
}

/** The courses each of these learners is enrolled in, by user id; a learner in none is left out. */
export async function coursesOf(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const rows = await db.selectFrom('enrolments').select(['user_id', 'course_id']).where('user_id', 'in', userIds).execute();
  const courses = new Map<string, Set<string>>();
  for (const { user_id, course_id } of rows) {
    const set = courses.get(user_id);
    if (set) set.add(course_id);
    else courses.set(user_id, new Set([course_id]));
  }
  return courses;
}
