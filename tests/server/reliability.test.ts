// Sync through a hostile network: a fault-injecting proxy between simulated devices and
// the real server drops requests and replies, duplicates and delays requests, and the
// server is killed with SIGKILL and restarted mid-run. Every event must end up stored
// exactly once, none lost, and every device must pull every event of its learner.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCourseDir } from '../../src/server/cli/course-import.js';
import { openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/databases.js';
import { COURSE, lessonCompleted, position } from '../helpers/events.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { addUser, enrol, SAMPLE_COURSE } from '../helpers/server.js';

const LEARNERS = 12;
const EVENTS_PER_LEARNER = 250; // 3,000 events
const DEVICES_PER_LEARNER = 2;

interface Faults {
  dropRequest: number;
  dropReply: number;
  duplicate: number;
  maxDelayMs: number;
}

/** An HTTP proxy that misbehaves at random, with counters of what it did. */
function faultyProxy(target: () => number, faults: Faults) {
  const done = { droppedRequests: 0, droppedReplies: 0, duplicated: 0, forwarded: 0, serverDown: 0 };
  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: target(), method: req.method, path: req.url, headers: req.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    await new Promise((r) => setTimeout(r, Math.random() * faults.maxDelayMs));
    if (Math.random() < faults.dropRequest) {
      done.droppedRequests++;
      return req.socket.destroy();
    }
    try {
      let reply = await forward(req, body);
      if (Math.random() < faults.duplicate) {
        done.duplicated++;
        reply = await forward(req, body);
      }
      done.forwarded++;
      if (Math.random() < faults.dropReply) {
        done.droppedReplies++;
        return req.socket.destroy(); // the server did the work; the client never hears
      }
      const { connection: _c, 'transfer-encoding': _t, 'keep-alive': _k, 'content-length': _l, ...headers } = reply.headers;
      res.writeHead(reply.status, headers);
      res.end(reply.body);
    } catch {
      done.serverDown++;
      req.socket.destroy(); // the server is down
    }
  });
  return { server, done };
}

interface Device {
  token: string;
  deviceId: string;
  outbox: Map<string, unknown>;
  cursor: string | null;
  pulled: Set<string>;
}

async function syncUntilDone(base: () => string, device: Device, deadline: number): Promise<void> {
  let idle = 0;
  while (Date.now() < deadline) {
    const batch = [...device.outbox.values()].slice(0, 50);
    try {
      const response = await fetch(`${base()}/api/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
        body: JSON.stringify({ protocol: 1, deviceId: device.deviceId, cursor: device.cursor, events: batch }),
        signal: AbortSignal.timeout(5000),
      });
      if (response.status !== 200) throw new Error(`status ${response.status} ${await response.text()}`);
      const reply = (await response.json()) as {
        accepted: string[];
        rejected: unknown[];
        events: { id: string }[];
        cursor: string;
        more: boolean;
      };
      if (reply.rejected.length) throw new Error(`unexpected rejection ${JSON.stringify(reply.rejected)}`);
      for (const id of reply.accepted) device.outbox.delete(id);
      for (const e of reply.events) device.pulled.add(e.id);
      device.cursor = reply.cursor;
      if (device.outbox.size === 0 && !reply.more) {
        if (++idle >= 2) return; // a final pull after everything is in
      }
    } catch (error) {
      if (String(error).includes('unexpected rejection')) throw error;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }
  throw new Error(`device ${device.deviceId} did not finish: ${device.outbox.size} events left`);
}

describe.each(await dialects())('sync through faults and a killed server on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let sinau: ServerProcess;
  let proxy: ReturnType<typeof faultyProxy>;
  let proxyPort: number;
  const devices: { learner: number; device: Device }[] = [];
  const all = new Map<number, string[]>();

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = openStore(database.url);
    await migrateToLatest(store.db);
    const published = await importCourseDir(store.db, SAMPLE_COURSE);
    if (!published.ok) throw new Error(published.problems.join('\n'));
    sinau = new ServerProcess(await freePort(), database.url);
    await sinau.start();
    for (let l = 0; l < LEARNERS; l++) {
      const user = await addUser(store.db);
      await enrol(store.db, COURSE, { nips: [user.nip] });
      const events = Array.from({ length: EVENTS_PER_LEARNER }, (_, i) =>
        i % 3 === 0 ? lessonCompleted(`m1-l${(i % 3) + 1}`) : position('m2-l1', (i % 100) / 100),
      );
      all.set(
        l,
        events.map((e) => e.id),
      );
      for (let d = 0; d < DEVICES_PER_LEARNER; d++) {
        const login = await fetch(`http://127.0.0.1:${sinau.port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(user),
        });
        const { token } = (await login.json()) as { token: string };
        // Each device holds its share of the events, and some of the other's too (sent twice).
        const mine = events.filter((_, i) => i % DEVICES_PER_LEARNER === d || i % 7 === 0);
        devices.push({
          learner: l,
          device: { token, deviceId: `l${l}-d${d}`, outbox: new Map(mine.map((e) => [e.id, e])), cursor: null, pulled: new Set() },
        });
      }
    }
    proxy = faultyProxy(() => sinau.port, { dropRequest: 0.1, dropReply: 0.1, duplicate: 0.1, maxDelayMs: 60 });
    await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
    proxyPort = (proxy.server.address() as AddressInfo).port;
  }, 120_000);

  afterAll(async () => {
    sinau?.kill();
    await new Promise((r) => proxy?.server.close(r));
    await store?.close();
    await database?.drop();
  });

  it('stores thousands of events exactly once, loses none, and every device pulls them all', async () => {
    const deadline = Date.now() + 90_000;
    const base = () => `http://127.0.0.1:${proxyPort}`;
    const running = Promise.all(devices.map(({ device }) => syncUntilDone(base, device, deadline)));
    // Kill the server hard while devices are mid-sync, then bring it back on the same port.
    await new Promise((r) => setTimeout(r, 400));
    sinau.kill();
    await new Promise((r) => setTimeout(r, 300));
    await sinau.start();
    await running;
    // Once everything is pushed, each device pulls until it has caught up (still through the faults).
    await Promise.all(devices.map(({ device }) => syncUntilDone(base, device, deadline)));

    const total = LEARNERS * EVENTS_PER_LEARNER;
    const rows = await store.db.selectFrom('events').select(['id', 'user_id', 'seq']).execute();
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set([...all.values()].flat()));
    // Each learner's sequence is gapless: nothing half-stored survived the kill.
    const byUser = new Map<string, number[]>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), Number(r.seq)]);
    for (const seqs of byUser.values())
      expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: EVENTS_PER_LEARNER }, (_, i) => i + 1));
    for (const { learner, device } of devices) expect(device.pulled).toEqual(new Set(all.get(learner)));
    // The faults really happened.
    expect(proxy.done.droppedRequests).toBeGreaterThan(0);
    expect(proxy.done.droppedReplies).toBeGreaterThan(0);
    expect(proxy.done.duplicated).toBeGreaterThan(0);
    expect(proxy.done.serverDown).toBeGreaterThan(0); // requests met the killed server
  }, 120_000);
});
