// The event writers' group commit: requests written at the same moment are stored in one
// transaction, and each still comes out as if it had been written alone.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/schema.js';
import { postgresWriter } from '../../src/server/services/sync/postgres-writer.js';
import { DAILY_EVENTS, type EventWriter, eventWriter, type Pending } from '../../src/server/services/sync/writer.js';
import { dialects } from '../helpers/databases.js';
import { COURSE } from '../helpers/events.js';
import { addUser, enrol, publishSample, startServer, type TestServer } from '../helpers/server.js';

const DAY = 20_000;
/** The attempts a test allows, as services/sync passes it with each attempt. */
const LIMIT = 3;

describe.each(await dialects())('event writer groups on %s', (dialect) => {
  let server: TestServer;
  let writer: EventWriter;
  const learner = async () => {
    const { nip } = await addUser(server.db);
    return (await server.db.selectFrom('users').select('id').where('nip', '=', nip).executeTakeFirstOrThrow()).id;
  };
  const event = (userId: string, id: string = randomUUID(), extra: Partial<Pending> = {}): Pending => ({
    row: {
      id,
      user_id: userId,
      device_id: 'device-a',
      type: 'lesson.completed',
      course_id: COURSE,
      course_version: 1,
      at: Date.parse('2026-11-28T08:00:00Z'),
      data_json: JSON.stringify({ lessonId: 'm1-l1' }),
      result_json: null,
      received_at: Date.now(),
      device_at: null,
    },
    ...extra,
  });
  const attempt = (userId: string): Pending =>
    event(userId, randomUUID(), { attempt: { quizId: 'post-test', attemptId: randomUUID(), limit: LIMIT } });
  const seqsOf = async (userId: string) =>
    (await server.db.selectFrom('events').select('seq').where('user_id', '=', userId).orderBy('seq').execute()).map((r) => Number(r.seq));

  beforeAll(async () => {
    server = await startServer(dialect);
    await publishSample(server);
    writer = eventWriter(server.store);
  });
  afterAll(() => server?.close());

  it('numbers, acknowledges and refuses each request of a group as if it were alone', async () => {
    const [a, b, c] = [await learner(), await learner(), await learner()];
    await server.db.insertInto('learner_usage').values({ user_id: c, day: DAY, events: DAILY_EVENTS, bytes: 0 }).execute();
    const shared = randomUUID();
    const [first, second] = [event(a), event(a, shared)];
    // A's two devices, the second resending one of the first's events; B reusing A's id; C over quota.
    const written = await Promise.all([
      writer.write(a, [first, second], DAY),
      writer.write(a, [event(a, shared), event(a)], DAY),
      writer.write(b, [event(b), event(b, shared)], DAY),
      writer.write(c, [event(c)], DAY),
    ]);
    const [one, two, other, full] = written;
    expect(one!.accepted).toEqual([first.row.id, shared]);
    expect(one!.inserted.map((r) => r.seq)).toEqual([1, 2]);
    expect(two!.accepted).toHaveLength(2);
    expect(two!.accepted[0]).toBe(shared);
    expect(two!.inserted.map((r) => [r.id, r.seq])).toEqual([[two!.accepted[1], 3]]);
    expect(other!.accepted).toHaveLength(1);
    expect(other!.rejected).toEqual([expect.objectContaining({ id: shared, reason: 'conflict' })]);
    expect(other!.inserted.map((r) => r.seq)).toEqual([1]);
    expect(full).toEqual({ accepted: [], rejected: [], inserted: [], overQuota: true });

    expect(await seqsOf(a)).toEqual([1, 2, 3]);
    expect(await seqsOf(b)).toEqual([1]);
    expect(await seqsOf(c)).toEqual([]);
    const users = await server.db.selectFrom('users').select(['id', 'event_seq']).where('id', 'in', [a, b, c]).execute();
    expect(Object.fromEntries(users.map((u) => [u.id, Number(u.event_seq)]))).toEqual({ [a]: 3, [b]: 1, [c]: 0 });
    const usage = await server.db.selectFrom('learner_usage').select(['user_id', 'events']).where('day', '=', DAY).execute();
    expect(Object.fromEntries(usage.map((u) => [u.user_id, Number(u.events)]))).toEqual({ [a]: 3, [b]: 1, [c]: DAILY_EVENTS });
    const stale = await server.db.selectFrom('progress_stale').select(['user_id', 'seq']).where('user_id', 'in', [a, b, c]).execute();
    expect(Object.fromEntries(stale.map((s) => [s.user_id, Number(s.seq)]))).toEqual({ [a]: 3, [b]: 1 });
  });

  it("holds a test's attempt limit across a learner's requests in one group", async () => {
    const a = await learner();
    const attempts = Array.from({ length: LIMIT + 1 }, () => attempt(a));
    const half = Math.ceil(attempts.length / 2);
    const [one, two] = await Promise.all([writer.write(a, attempts.slice(0, half), DAY), writer.write(a, attempts.slice(half), DAY)]);
    expect([...one!.accepted, ...two!.accepted]).toEqual(attempts.slice(0, LIMIT).map((e) => e.row.id));
    expect(two!.rejected).toEqual([expect.objectContaining({ id: attempts.at(-1)!.row.id, reason: 'attempts-exceeded' })]);
    expect(await seqsOf(a)).toEqual(Array.from({ length: LIMIT }, (_, i) => i + 1));
    expect(await server.db.selectFrom('quiz_attempts').select('attempt_id').where('user_id', '=', a).execute()).toHaveLength(LIMIT);
  });

  it('stores the rest of a group when one of its requests fails', async () => {
    const [a, b] = [await learner(), await learner()];
    const written = await Promise.allSettled([
      writer.write(a, [event(a)], DAY),
      writer.write('no-such-learner', [event('no-such-learner')], DAY),
      writer.write(b, [event(b), event(b)], DAY),
    ]);
    expect(written.map((w) => w.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await seqsOf(a)).toEqual([1]);
    expect(await seqsOf(b)).toEqual([1, 2]);
  });

  // A sync holds its learners' rows while it writes; an admin enrolling them meanwhile must
  // not wait for it, nor form a cycle with it (docs/sync.md, "The writers").
  if (dialect === 'postgres')
    it("lets an enrolment through while a group holds the learner's row", async () => {
      await sql`create function slow_insert() returns trigger language plpgsql as $$
        begin if new.device_id = 'slow-device' then perform pg_sleep(1); end if; return new; end $$`.execute(server.db);
      await sql`create trigger slow_insert before insert on events for each row execute function slow_insert()`.execute(server.db);
      try {
        const { nip } = await addUser(server.db);
        const { id } = await server.db.selectFrom('users').select('id').where('nip', '=', nip).executeTakeFirstOrThrow();
        const slow = event(id);
        slow.row.device_id = 'slow-device';
        const written = writer.write(id, [slow], DAY).then(() => Date.now());
        await new Promise((r) => setTimeout(r, 300)); // the group now sleeps in its insert, holding the row
        await enrol(server.db, COURSE, { nips: [nip] });
        const enrolledAt = Date.now();
        expect(enrolledAt).toBeLessThan(await written);
        expect(await seqsOf(id)).toEqual([1]);
      } finally {
        await sql`drop trigger slow_insert on events`.execute(server.db);
        await sql`drop function slow_insert()`.execute(server.db);
      }
    });

  // SQLite's group is one synchronous transaction on its one connection: nothing to count.
  if (dialect === 'postgres')
    it('writes a group in one transaction, in a fixed number of statements', async () => {
      const statements: string[] = [];
      const pool = new pg.Pool({ connectionString: server.database.url, max: 4 });
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (e) => void statements.push(e.query.sql) });
      try {
        const logged = postgresWriter(db);
        const learners = [await learner(), await learner(), await learner(), await learner()];
        const written = await Promise.all(learners.map((id) => logged.write(id, [event(id), event(id), attempt(id)], DAY)));
        expect(written.flatMap((w) => w.accepted)).toHaveLength(12);
        for (const id of learners) expect(await seqsOf(id)).toEqual([1, 2, 3]);
        expect(statements.filter((s) => /for no key update/i.test(s))).toHaveLength(1);
        // The lock, the reads, the events with their sequences, stale marks and usage, the attempts.
        expect(statements.filter((s) => !/^(begin|commit)/i.test(s))).toHaveLength(4);
      } finally {
        await db.destroy();
      }
    });
});
