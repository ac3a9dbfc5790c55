// Several instances, as a deployment behind a load balancer runs them: three `sinau serve`
// processes share nothing but one PostgreSQL, a round-robin proxy spreads a storm of syncs
// over them, and one is killed with SIGKILL in the middle. Every acknowledged event must be
// stored once, each learner's sequence must only rise, and a learner must pull the same
// events from an instance other than one that took them. SIGTERM, unlike SIGKILL, must let
// the syncs in flight finish and be acknowledged before the process exits.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/database.js';
import { CLI } from '../helpers/cli.js';
import { createTestDatabase, dialects, type TestDatabase } from '../helpers/databases.js';
import { lessonCompleted, position, syncBody } from '../helpers/events.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { type FailedAttempt, type PulledEvent, pullEverything, syncUntilAnswered } from '../helpers/retrying-sync.js';
import { RoundRobinProxy } from '../helpers/round-robin-proxy.js';
import { learnersWithSessions, type SessionLearner } from '../helpers/sessions-fixture.js';

const INSTANCES = ['a', 'b', 'c'];
const VICTIM = 'b';
const LEARNERS = 80;
const BATCHES = 5;
const BATCH_SIZE = 8; // 80 × 5 × 8 = 3,200 events in 400 pushes
const withPostgres = (await dialects()).includes('postgres');

type Event = ReturnType<typeof lessonCompleted>;

interface Device extends SessionLearner {
  deviceId: string;
  cursor: string | null;
  batches: Event[][];
  acked: Set<string>;
  /** Instances that acknowledged at least one of this learner's pushes. */
  ackedBy: Set<string>;
  /** Events the storm's replies carried, in the order they arrived. */
  pulled: PulledEvent[];
}

function requireBuiltServer() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server first`);
}

/** Throws unless `seqs` rise strictly. */
function expectRising(seqs: number[], who: string) {
  for (let i = 1; i < seqs.length; i++) if (!(seqs[i]! > seqs[i - 1]!)) throw new Error(`${who}: seq ${seqs[i]} after ${seqs[i - 1]}`);
}

describe.skipIf(!withPostgres)('three instances on one PostgreSQL behind a round-robin proxy', () => {
  let database: TestDatabase;
  let store: Store;
  let devices: Device[];
  const instances = new Map<string, ServerProcess>();
  let proxy: RoundRobinProxy;
  let proxyUrl: string;

  beforeAll(async () => {
    requireBuiltServer();
    database = await createTestDatabase('postgres');
    // One migration before any instance starts, as a release does it.
    const learners = await learnersWithSessions(database.url, LEARNERS);
    devices = learners.map((learner, l) => ({
      ...learner,
      deviceId: `phone-${l}`,
      cursor: null,
      batches: Array.from({ length: BATCHES }, () =>
        Array.from({ length: BATCH_SIZE }, (_, i) => (i === 0 ? lessonCompleted('m1-l1') : position('m2-l1', Math.random()))),
      ),
      acked: new Set(),
      ackedBy: new Set(),
      pulled: [],
    }));
    for (const name of INSTANCES) instances.set(name, new ServerProcess(await freePort(), database.url));
    await Promise.all([...instances.values()].map((instance) => instance.start()));
    proxy = new RoundRobinProxy(INSTANCES.map((name) => ({ name, port: instances.get(name)!.port })));
    proxyUrl = await proxy.listen();
    store = openStore(database.url);
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances.values()) instance.kill();
    await proxy?.close();
    await store?.close();
    await database?.drop();
  });

  it('stores every acknowledged event once when an instance is killed mid-storm, and any instance pulls them', async () => {
    const started = Date.now();
    const total = LEARNERS * BATCHES;
    let acknowledged = 0;
    let killedAfter = -1;
    let heldAtKill = 0;
    const victim = instances.get(VICTIM)!;
    const exited = once(victim.child!, 'exit');
    // Killed while it holds requests, once a third of the pushes are in, so that some
    // pushes die inside it and the rest of the storm meets it gone.
    const killWhenDue = () => {
      if (killedAfter >= 0 || acknowledged < total / 3 || proxy.pending(VICTIM) === 0) return;
      killedAfter = acknowledged;
      heldAtKill = proxy.pending(VICTIM);
      victim.kill('SIGKILL');
    };
    const failures: FailedAttempt[] = [];
    let retriedBatches = 0;
    let storedUnacknowledged = 0;

    await Promise.all(
      devices.map(async (device) => {
        for (const batch of device.batches) {
          const ids = batch.map((e) => e.id);
          let failed = false;
          let foundStored = false;
          const { reply, servedBy } = await syncUntilAnswered(
            proxyUrl,
            device.token,
            syncBody(batch, device.cursor, device.deviceId),
            async (attempt) => {
              failures.push(attempt);
              failed = true;
              // Whether a failed attempt stored the batch without anyone hearing of it: the
              // retry, with the same ids, must then store nothing new.
              if (foundStored) return;
              const { stored } = await store.db
                .selectFrom('events')
                .select((eb) => eb.fn.countAll<number>().as('stored'))
                .where('id', 'in', ids)
                .executeTakeFirstOrThrow();
              if (Number(stored) > 0) foundStored = true;
            },
          );
          if (failed) retriedBatches++;
          if (foundStored) storedUnacknowledged++;
          expect(new Set(reply.accepted)).toEqual(new Set(ids));
          for (const id of reply.accepted) device.acked.add(id);
          device.ackedBy.add(servedBy);
          device.pulled.push(...reply.events);
          device.cursor = reply.cursor;
          acknowledged++;
          killWhenDue();
        }
      }),
    );
    const stormMs = Date.now() - started;

    expect(killedAfter, 'the storm ended before the victim could be killed').toBeGreaterThan(0);
    await exited;
    expect(victim.child!.signalCode).toBe('SIGKILL');
    expect(proxy.inRotation()).toEqual(INSTANCES.filter((name) => name !== VICTIM));
    expect(failures.length).toBeGreaterThan(0);
    expect(devices.some((d) => d.ackedBy.has(VICTIM))).toBe(true);

    // The database holds each acknowledged event once, numbered 1…n per learner.
    const rows = await store.db.selectFrom('events').select(['id', 'user_id', 'seq']).execute();
    const seqOf = new Map(rows.map((r) => [r.id, Number(r.seq)]));
    for (const device of devices) {
      const mine = rows.filter((r) => r.user_id === device.id);
      expect(mine).toHaveLength(device.acked.size);
      expect(new Set(mine.map((r) => r.id))).toEqual(device.acked);
      expect(mine.map((r) => Number(r.seq)).sort((x, y) => x - y)).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1));
    }

    // What each learner's replies carried during the storm, from whichever instance,
    // continued from their cursor without repeating or skipping.
    for (const device of devices) {
      expectRising(
        device.pulled.map((e) => e.seq),
        device.deviceId,
      );
      expect(device.pulled.map((e) => e.id).sort()).toEqual([...device.acked].sort());
    }

    // A new phone pulls everything again, from an instance other than one that took a push.
    // One learner at a time, so that round-robin sends a learner's next pull elsewhere.
    for (const device of devices) {
      for (let attempt = 0; ; attempt++) {
        const pull = await pullEverything(proxyUrl, device.token, `${device.deviceId}-new`);
        const elsewhere = [...pull.servedBy].some((instance) => [...device.ackedBy].some((acker) => acker !== instance));
        if (!elsewhere) {
          if (attempt >= 3) throw new Error(`${device.deviceId}: every pull met the one instance that took every push`);
          continue;
        }
        expectRising(
          pull.events.map((e) => e.seq),
          device.deviceId,
        );
        expect(pull.events.map((e) => e.id).sort()).toEqual([...device.acked].sort());
        for (const e of pull.events) expect(e.seq).toBe(seqOf.get(e.id));
        break;
      }
    }

    const requestsTo = (name: string) => proxy.served.filter((s) => s.upstream === name).length;
    console.info(
      `instances: ${LEARNERS} learners pushed ${rows.length} events in ${total} batches in ${stormMs} ms; ` +
        `${VICTIM} was killed holding ${heldAtKill} requests after ${killedAfter} acknowledged pushes; ${failures.length} attempts failed ` +
        `(${[...new Set(failures.map((f) => f.why))].join(', ')}), ${retriedBatches} batches were retried, ` +
        `${storedUnacknowledged} of them stored before anyone heard; requests per instance: ` +
        INSTANCES.map((name) => `${name} ${requestsTo(name)}`).join(', '),
    );
  }, 90_000);
});

/** A sync whose headers the server has taken and handed to the app, its body still on the way. */
function syncInFlight(agent: Agent, port: number, token: string, events: Event[]) {
  const body = JSON.stringify(syncBody(events));
  const half = Math.floor(body.length / 2);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/sync',
    agent,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${token}`,
      // The server's 100 Continue says it has read the headers and started the request.
      expect: '100-continue',
    },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.once('error', reject);
  });
  answered.catch(() => undefined); // awaited by finish(); a test that fails first must not leave it unhandled
  const started = once(req, 'continue').then(() => void req.write(body.slice(0, half)));
  req.flushHeaders();
  const finish = () => {
    req.end(body.slice(half));
    return answered;
  };
  return { started, finish };
}

/** Resolves once a new connection to `port` is refused. */
async function refused(port: number): Promise<void> {
  for (;;) {
    const outcome = await new Promise<string | undefined>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('accepted');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
    });
    if (outcome === 'ECONNREFUSED') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A kept-alive connection that has served one request and now waits idle, as a load balancer holds them. */
async function idleConnection(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  let reply = '';
  const answered = new Promise<void>((resolve) =>
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('"ok":true')) resolve();
    }),
  );
  socket.write('GET /api/health HTTP/1.1\r\nHost: sinau\r\n\r\n');
  await answered;
  return socket;
}

describe.each(await dialects())('SIGTERM on %s', (dialect) => {
  it('lets syncs in flight finish and be acknowledged, refuses new connections and exits 0', async () => {
    requireBuiltServer();
    const database = await createTestDatabase(dialect);
    const agent = new Agent({ keepAlive: true });
    try {
      const learners = await learnersWithSessions(database.url, 4);
      const server = new ServerProcess(await freePort(), database.url);
      await server.start();
      const exited = once(server.child!, 'exit');
      const idle = await idleConnection(server.port);
      const idleClosed = once(idle, 'close');

      const batches = learners.map(() => [lessonCompleted('m1-l2'), position('m1-l3', 0.5)]);
      const syncs = learners.map((learner, i) => syncInFlight(agent, server.port, learner.token, batches[i]!));
      await Promise.all(syncs.map((s) => s.started));
      server.kill('SIGTERM');
      await refused(server.port);
      await idleClosed;

      const replies = await Promise.all(syncs.map((s) => s.finish()));
      for (const [i, reply] of replies.entries()) {
        expect(reply.status).toBe(200);
        expect(new Set(JSON.parse(reply.body).accepted)).toEqual(new Set(batches[i]!.map((e) => e.id)));
      }
      const [code] = await exited;
      expect(code).toBe(0);

      const store = openStore(database.url);
      const stored = await store.db.selectFrom('events').select('id').execute();
      await store.close();
      expect(new Set(stored.map((r) => r.id))).toEqual(new Set(batches.flat().map((e) => e.id)));
    } finally {
      agent.destroy();
      await database.drop();
    }
  }, 60_000);
});
