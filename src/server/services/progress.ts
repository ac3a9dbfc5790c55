// Each learner's progress per course, kept in the `progress` table so that the report reads
// one row per learner instead of folding every event of a course on each request. Storing
// an event marks its learner and course in `progress_stale` (same transaction); here those
// are folded again from the learner's events, in the background soon after a sync, for
// one course before its report is read, and for one learner before their certificates are
// listed. The report is therefore never behind the events. A fold that finds a course
// complete issues its certificate in the same transaction (docs/certificates.md).
import type { Kysely } from 'kysely';
import { summarize } from '../../domain/report.js';
import { PROGRESS_KEY, REFOLDED_COLUMNS, rowOf } from '../db/progress-table.js';
import type { Database } from '../db/schema.js';
import { issueCertificates } from './certificates/issue.js';
import { certificateSettings } from './certificates/settings.js';
import { signingKey } from './certificates/signing.js';
import { currentFacts, currentVersion, type VersionFacts } from './course-versions.js';
import { eventsByLearner, STORED_EVENT_COLUMNS } from './events.js';

const CHUNK = 500;

/**
 * Folds again the stale learners of one course (all of them), of one learner (all their
 * courses), or of any course (up to `limit`). Returns how many were looked at. Safe to run
 * in several processes at once: a row is only ever replaced by a fold of at least as many
 * events.
 */
export async function refreshProgress(
  db: Kysely<Database>,
  options: { courseId?: string; userId?: string; limit?: number } = {},
): Promise<number> {
  const { courseId, userId, limit } = options;
  if (courseId || userId) await markOutdated(db, { courseId, userId });
  // Always in the same order (course, then learner), so two folds at once on PostgreSQL lock
  // rows in the same order and cannot deadlock.
  let query = db.selectFrom('progress_stale').select(['user_id', 'course_id']).orderBy('course_id').orderBy('user_id');
  if (courseId) query = query.where('course_id', '=', courseId);
  if (userId) query = query.where('user_id', '=', userId);
  if (limit) query = query.limit(limit);
  const stale = await query.execute();
  let folded = 0;
  const byCourse = new Map<string, string[]>();
  for (const s of stale) {
    const users = byCourse.get(s.course_id);
    if (users) users.push(s.user_id);
    else byCourse.set(s.course_id, [s.user_id]);
  }
  for (const [course, users] of byCourse) {
    const facts = await currentFacts(db, course);
    if (!facts) continue;
    for (let i = 0; i < users.length; i += CHUNK) folded += await refold(db, facts, users.slice(i, i + CHUNK));
  }
  return folded;
}

/** A course updated to a new version: its learners' rows were folded against the old outline. */
async function markOutdated(db: Kysely<Database>, { courseId, userId }: { courseId?: string; userId?: string }) {
  if (courseId) {
    const version = await currentVersion(db, courseId);
    if (version === undefined) return;
    await db
      .insertInto('progress_stale')
      .columns(['user_id', 'course_id', 'seq'])
      .expression((eb) =>
        eb
          .selectFrom('progress')
          .select(['user_id', 'course_id', 'folded_seq'])
          .where('course_id', '=', courseId)
          .where('course_version', '!=', version),
      )
      .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
      .execute();
  }
  if (userId)
    await db
      .insertInto('progress_stale')
      .columns(['user_id', 'course_id', 'seq'])
      .expression((eb) =>
        eb
          .selectFrom('progress')
          .innerJoin('courses', 'courses.id', 'progress.course_id')
          .select(['progress.user_id', 'progress.course_id', 'progress.folded_seq'])
          .where('progress.user_id', '=', userId)
          .whereRef('progress.course_version', '!=', 'courses.current_version'),
      )
      .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
      .execute();
}

async function refold(db: Kysely<Database>, facts: VersionFacts, users: string[]): Promise<number> {
  const byUser = eventsByLearner(
    await db
      .selectFrom('events')
      .select(['user_id', ...STORED_EVENT_COLUMNS])
      .where('user_id', 'in', users)
      .where('course_id', '=', facts.courseId)
      .execute(),
  );
  const key = await signingKey(db);
  const issuer = certificateSettings(db);
  const now = Date.now();
  const values = [...byUser]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([userId, { events, seq }]) =>
      rowOf(summarize(facts, events), { userId, courseId: facts.courseId, courseVersion: facts.version, foldedSeq: seq }, now),
    );
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < values.length; i += 200) {
      await trx
        .insertInto('progress')
        .values(values.slice(i, i + 200))
        .onConflict((oc) =>
          oc
            .columns(PROGRESS_KEY)
            .doUpdateSet((eb) => Object.fromEntries(REFOLDED_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])))
            // A slower process that read fewer events, or folded against an older version of
            // the course, must not overwrite a newer fold.
            .where((eb) =>
              eb.and([
                eb('progress.folded_seq', '<=', eb.ref('excluded.folded_seq')),
                eb('progress.course_version', '<=', eb.ref('excluded.course_version')),
              ]),
            ),
        )
        .execute();
    }
    await issueCertificates(
      trx,
      facts,
      values.map((v) => v.user_id),
      issuer,
      key,
    );
    // Only what this fold covered stops being stale; an event stored meanwhile keeps it so.
    await trx
      .deleteFrom('progress_stale')
      .where('course_id', '=', facts.courseId)
      .where('user_id', 'in', users)
      .where((eb) =>
        eb(
          'seq',
          '<=',
          eb
            .selectFrom('progress')
            .select('progress.folded_seq')
            .whereRef('progress.user_id', '=', 'progress_stale.user_id')
            .whereRef('progress.course_id', '=', 'progress_stale.course_id')
            .where('progress.course_version', '=', facts.version),
        ),
      )
      .execute();
    // Marked but without events here (none can be, short of a deleted account): nothing to fold.
    const empty = users.filter((u) => !byUser.has(u));
    if (empty.length > 0)
      await trx.deleteFrom('progress_stale').where('course_id', '=', facts.courseId).where('user_id', 'in', empty).execute();
  });
  return users.length;
}

/**
 * Keeps `progress` current in the background: poked after each sync that stored events, it
 * folds the stale learners once syncs have paused for `quietMs`, or at the latest `maxWaitMs`
 * after the first poke, so that it does not compete with a reconnect storm.
 */
export class ProgressKeeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private firstPoke = 0;
  private lastPoke = 0;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly quietMs = 1000,
    private readonly maxWaitMs = 10_000,
  ) {}

  poke(): void {
    this.lastPoke = Date.now();
    if (this.timer || this.stopped) return;
    this.firstPoke = this.lastPoke;
    this.wait(this.quietMs);
  }

  private wait(ms: number) {
    this.timer = setTimeout(() => {
      const now = Date.now();
      const quietFor = now - this.lastPoke;
      if (quietFor < this.quietMs && now - this.firstPoke < this.maxWaitMs) this.wait(this.quietMs - quietFor);
      else void this.run();
    }, ms);
    this.timer.unref();
  }

  /** Folds everything stale now; resolves when done. */
  async run(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      // Stale marks may come after the loop's last look: go round once more afterwards.
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        while (!this.stopped && (await refreshProgress(this.db, { limit: CHUNK })) > 0) await new Promise((r) => setImmediate(r));
      } catch (error) {
        process.emitWarning(`Progress could not be brought up to date: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.poke();
        }
      }
    })();
    return this.running;
  }

  /** No more folds: the one under way stops after its current chunk. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves once no fold is under way (the server waits for this before it closes the database). */
  async idle(): Promise<void> {
    await this.running;
  }
}
