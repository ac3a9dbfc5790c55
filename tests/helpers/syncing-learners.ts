// Learners syncing with a server process over HTTP, keeping count of what they sent and
// what the server acknowledged: for tests that copy, kill or replace the database meanwhile.
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { COURSE, lessonCompleted, position, syncBody } from './events.js';
import { addUser, enrol, SAMPLE_COURSE } from './server.js';

export interface Learner {
  id: string;
  nip: string;
  password: string;
  deviceId: string;
  cursor: string | null;
  /** Every event id sent, acknowledged or not. */
  sent: Set<string>;
  /** Ids the server answered 200 with in `accepted`. */
  acked: Set<string>;
  /** Session per server base URL. */
  tokens: Map<string, string>;
}

/** The database at `databaseUrl` migrated, with the sample course and `count` learners enrolled in it. */
export async function backupFixture(databaseUrl: string, count: number): Promise<Learner[]> {
  const store = openStore(databaseUrl);
  try {
    await migrateToLatest(store.db);
    const published = await importCourseDir(store.db, SAMPLE_COURSE);
    if (!published.ok) throw new Error(published.problems.join('\n'));
    const learners: Learner[] = [];
    for (let i = 0; i < count; i++) {
      const user = await addUser(store.db);
      await enrol(store.db, COURSE, { nips: [user.nip] });
      const { id } = await store.db.selectFrom('users').select('id').where('nip', '=', user.nip).executeTakeFirstOrThrow();
      learners.push({ ...user, id, deviceId: `device-${i}`, cursor: null, sent: new Set(), acked: new Set(), tokens: new Map() });
    }
    return learners;
  } finally {
    await store.close();
  }
}

async function token(base: string, learner: Learner): Promise<string> {
  let token = learner.tokens.get(base);
  if (token) return token;
  const reply = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nip: learner.nip, password: learner.password }),
  });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${await reply.text()}`);
  token = ((await reply.json()) as { token: string }).token;
  learner.tokens.set(base, token);
  return token;
}

interface SyncReply {
  accepted: string[];
  rejected: unknown[];
  events: { id: string }[];
  cursor: string;
  more: boolean;
}

async function post(base: string, learner: Learner, events: unknown[], cursor: string | null): Promise<SyncReply> {
  const reply = await fetch(`${base}/api/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(base, learner)}` },
    body: JSON.stringify(syncBody(events, cursor, learner.deviceId)),
  });
  if (reply.status !== 200) throw new Error(`sync answered ${reply.status}: ${await reply.text()}`);
  const body = (await reply.json()) as SyncReply;
  if (body.rejected.length > 0) throw new Error(`unexpected rejection: ${JSON.stringify(body.rejected)}`);
  return body;
}

/** One request with a batch of new events; their ids count as acknowledged once the reply lists them. */
export async function syncOnce(base: string, learner: Learner, size = 25): Promise<void> {
  const events = Array.from({ length: size }, (_, i) => (i % 5 === 0 ? lessonCompleted('m1-l1') : position('m2-l1', Math.random())));
  for (const e of events) learner.sent.add(e.id);
  const reply = await post(base, learner, events, learner.cursor);
  for (const id of reply.accepted) learner.acked.add(id);
  learner.cursor = reply.cursor;
}

/** Syncs batch after batch while `going()` says so. */
export async function syncWhile(base: string, learner: Learner, going: () => boolean): Promise<void> {
  while (going()) await syncOnce(base, learner);
}

/** Every event id the server holds for `learner`, pulled page by page from the start, in order. */
export async function pullAll(base: string, learner: Learner): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await post(base, learner, [], cursor);
    ids.push(...page.events.map((e) => e.id));
    cursor = page.cursor;
    if (!page.more) return ids;
  }
}
