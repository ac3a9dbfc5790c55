// A real `sinau serve` process (built with npm run build:server) for the sync benchmarks, on
// a fresh database of either dialect holding the sample course and many enrolled learners,
// each with a live session, written straight into the database beforehand.
import { randomUUID } from 'node:crypto';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { type Dialect, openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { hashPassword } from '../../src/server/services/passwords.js';
import { createSession } from '../../src/server/services/sessions.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { COURSE } from '../helpers/events.js';
import { cpuSeconds, memory } from '../helpers/proc-usage.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { SAMPLE_COURSE } from '../helpers/server.js';
import { addStaff } from '../helpers/staff.js';

export const STAFF_PASSWORD = 'sandi-kantor-1';

export interface SyncServer {
  dialect: Dialect;
  database: TestDatabase;
  /** The bench's own connection to the server's database. */
  store: Store;
  server: ServerProcess;
  /** Learner u<i>'s session token; empty when the server was started without sessions. */
  tokens: string[];
  cpu(): number;
  memory(): ReturnType<typeof memory>;
  /** The database's name on PostgreSQL. */
  databaseName: string;
}

/** `learners` staff u0… enrolled in the sample course, with sessions unless `sessions` is false. */
export async function startSyncServer(dialect: Dialect, learners: number, { sessions = true } = {}): Promise<SyncServer> {
  const database = await createTestDatabase(dialect);
  const store = openStore(database.url);
  await migrateToLatest(store.db);
  const published = await importCourseDir(store.db, SAMPLE_COURSE);
  if (!published.ok) throw new Error(published.problems.join('\n'));
  const staff = await addStaff(store.db, learners, { passwordHash: await hashPassword(STAFF_PASSWORD), enrolIn: COURSE });
  const tokens: string[] = [];
  if (sessions)
    for (let i = 0; i < staff.length; i += 50)
      tokens.push(...(await Promise.all(staff.slice(i, i + 50).map(async (u) => (await createSession(store.db, u.id)).token))));
  const server = new ServerProcess(await freePort(), database.url);
  await server.start();
  const pid = server.child!.pid!;
  return {
    dialect,
    database,
    store,
    server,
    tokens,
    cpu: () => cpuSeconds(pid),
    memory: () => memory(pid),
    databaseName: new URL(database.url).pathname.slice(1),
  };
}

/** With BENCH_PROFILE the server is stopped gently, so that it writes its CPU profile. */
export async function stopSyncServer(env: SyncServer | undefined): Promise<void> {
  if (!env) return;
  env.server.kill(process.env.BENCH_PROFILE ? 'SIGINT' : 'SIGKILL');
  if (process.env.BENCH_PROFILE) await new Promise((r) => setTimeout(r, 12_000));
  await env.store.close();
  await env.database.drop();
}

/** Waits until the server's keeper has folded every stored event into progress, so that the next phase does not share the CPU with it. */
export async function progressFolded(store: Store): Promise<void> {
  for (;;) {
    const { n } = await store.db
      .selectFrom('progress_stale')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const LESSONS = ['m1-l1', 'm1-l2', 'm1-l3', 'm2-l1', 'm2-l2'];
const BASE = Date.parse('2026-11-28T08:00:00Z');

/** `n` new events of the sample course, one lesson completed in five, the rest positions. */
export function events(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    type: i % 5 === 0 ? 'lesson.completed' : 'lesson.position',
    courseId: COURSE,
    courseVersion: 1,
    at: new Date(BASE + i * 1000).toISOString(),
    data: i % 5 === 0 ? { lessonId: LESSONS[i % 5] } : { lessonId: LESSONS[i % 5], position: (i % 100) / 100 },
  }));
}

/** A sync request's body as JSON text, written before the clock starts as a phone's would be. */
export const syncRequest = (cursor: string | null, n: number, deviceId = 'phone') =>
  `{"protocol":1,"deviceId":"${deviceId}","cursor":${JSON.stringify(cursor)},"events":${JSON.stringify(events(n))}}`;

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
export const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
