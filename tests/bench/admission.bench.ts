// A learner's sync while 40 connections hold POST /api/sync open with no token, promising
// half a megabyte and sending a byte every 5 s: side by side with the same syncs on a
// quiet server, in one run. Before the token was checked first, such connections took
// every sync slot and a real learner's sync timed out.
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { hashPassword } from '../../src/server/services/passwords.js';
import { createSession } from '../../src/server/services/sessions.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { SAMPLE_COURSE } from '../helpers/server.js';
import { addStaff } from '../helpers/staff.js';
import { report } from './report.js';

const COURSE = 'orientasi-pppk';
const SYNCS = 30;
const TRICKLERS = 40;

let database: TestDatabase;
let store: Store;
let server: ServerProcess;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  store = openStore(database.url);
  await migrateToLatest(store.db);
  const published = await importCourseDir(store.db, SAMPLE_COURSE);
  if (!published.ok) throw new Error(published.problems.join('\n'));
  const [learner] = await addStaff(store.db, 1, { passwordHash: await hashPassword('bench-password'), enrolIn: COURSE });
  token = (await createSession(store.db, learner!.id)).token;
  server = new ServerProcess(await freePort(), database.url);
  await server.start();
}, 120_000);

afterAll(async () => {
  server?.kill();
  await store?.close();
  await database?.drop();
});

/** Median milliseconds of SYNCS syncs of 50 events each, one after another. */
async function syncLatencies(): Promise<number[]> {
  const times: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < SYNCS; i++) {
    const events = Array.from({ length: 50 }, (_, j) => ({
      id: randomUUID(),
      type: 'lesson.position',
      courseId: COURSE,
      courseVersion: 1,
      at: new Date(Date.now() - 60_000 + j).toISOString(),
      data: { lessonId: 'm1-l1', position: j / 50 },
    }));
    const started = performance.now();
    const response = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ protocol: 1, deviceId: 'bench', cursor, clock: new Date().toISOString(), events }),
      signal: AbortSignal.timeout(60_000),
    });
    const reply = (await response.json()) as { cursor: string; accepted: string[] };
    times.push(performance.now() - started);
    if (response.status !== 200 || reply.accepted.length !== 50) throw new Error(`sync failed: ${response.status}`);
    cursor = reply.cursor;
  }
  return times.sort((a, b) => a - b);
}

function trickle(port: number): { socket: Socket; stop: () => void } {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write('POST /api/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n{');
  const timer = setInterval(() => socket.writable && socket.write(' '), 5_000);
  const stop = () => {
    clearInterval(timer);
    socket.destroy();
  };
  return { socket, stop };
}

it('a learner syncs as fast with 40 trickling unauthenticated connections open as without', async () => {
  await syncLatencies(); // warm up
  const quiet = await syncLatencies();
  const tricklers = Array.from({ length: TRICKLERS }, () => trickle(server.port));
  await new Promise((r) => setTimeout(r, 500));
  let loaded: number[];
  try {
    loaded = await syncLatencies();
  } finally {
    for (const t of tricklers) t.stop();
  }
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  const over = report(`Sync beside ${TRICKLERS} trickling unauthenticated connections (${SYNCS} syncs of 50 events)`, [
    { name: 'sync latency p50, quiet server', value: median(quiet), unit: 'ms', budget: 1000, kind: 'max' },
    { name: 'sync latency p50, 40 trickling connections open', value: median(loaded), unit: 'ms', budget: 1000, kind: 'max' },
    { name: 'sync latency max, 40 trickling connections open', value: loaded.at(-1)!, unit: 'ms', budget: 5000, kind: 'max' },
    { name: 'p50 ratio, trickling ÷ quiet', value: median(loaded) / median(quiet), unit: '×', budget: 2, kind: 'max' },
  ]);
  expect(over).toEqual([]);
}, 300_000);
