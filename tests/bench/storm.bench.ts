// The reconnect storm measured against the server's own capacity, side by side in one run,
// on each database: 1,000 learners with 50 queued events each syncing at once, beside the
// same server fed one request after another. On this machine the simulated phones share
// the server's cores, so the server's own CPU time per event is the figure that must hold;
// the throughput ratio is printed beside the clients' CPU that weighs on it. Then the same
// learners spread over 10 s, as a hall's Wi-Fi coming back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../helpers/databases.js';
import { syncAsPhone } from '../helpers/http-client.js';
import { describeStates } from '../helpers/postgres-activity.js';
import { type Figure, report } from './report.js';
import { floorBefore } from './sync-floor.js';
import { allAtOnce, cpuPerThousand, measure, oneAfterAnother, type Phase, spreadOver } from './sync-phases.js';
import { median, percentile, progressFolded, type SyncServer, startSyncServer, stopSyncServer, syncRequest } from './sync-server.js';

const LEARNERS = 1000;
const PER_PHONE = 50;
/** Storms, and runs of the same requests one after another, in turn. */
const ROUNDS = 3;
/** The protocol's largest requests, one after another, from 100 learners. */
const BIG = 500;
const BIG_LEARNERS = (LEARNERS * PER_PHONE) / BIG;
const SPREAD_SECONDS = 10;

const info = (name: string, value: number, unit: string): Figure => ({ name, value, unit, budget: 0, kind: 'min' });
const rate = (p: Phase) => p.accepted / p.wall;
const round = (n: number) => Math.round(n);

describe.each(await dialects())('reconnect storm on %s', (dialect) => {
  let env: SyncServer;
  let idle: { rss: number; anon: number; file: number };
  // Each phone's cursor from its last sync: a phone that synced before sends it.
  const cursors: (string | null)[] = Array.from({ length: LEARNERS }, () => null);
  const sync = async (i: number, body: string) => {
    const synced = await syncAsPhone(env.server.url, env.tokens[i]!, body);
    cursors[i] = synced.cursor;
    return synced;
  };

  beforeAll(async () => {
    env = await startSyncServer(dialect, LEARNERS + 1); // the last one warms the server up
    await new Promise((r) => setTimeout(r, 2000));
    idle = env.memory();
    // Warm-up: connections, JIT, caches.
    let cursor: string | null = null;
    for (let i = 0; i < 40; i++)
      cursor = (await syncAsPhone(env.server.url, env.tokens[LEARNERS]!, syncRequest(cursor, PER_PHONE, 'warm-up'))).cursor;
    await progressFolded(env.store);
  }, 300_000);
  afterAll(() => stopSyncServer(env));

  it('1,000 learners × 50 events at once, beside the same server fed one request after another', async () => {
    // Each phone's request, written before the clock starts, with the cursor it holds.
    let bodies: string[] = [];
    const next = (count = LEARNERS, n = PER_PHONE) => cursors.slice(0, count).map((cursor) => syncRequest(cursor, n));
    const phones = (i: number) => sync(i, bodies[i]!);
    // 1. The first storm while the server holds no more memory than a warm-up left it, so
    // that its peak is the storm's own; the floor is taken on its rows.
    bodies = next();
    const floor = await floorBefore(env);
    const before = env.memory();
    const since = Date.now();
    const storms = [await measure(env, () => allAtOnce(LEARNERS, phones))];
    const peak = env.memory().peak;
    await progressFolded(env.store);
    // Measured once the keeper has folded the storm, so that the two do not share the CPU.
    const floorSeconds = await floor.seconds(since, 64 * PER_PHONE);

    // 2. The same requests one after another, and storms again, in turn: CPU time on a
    // shared machine wanders by a fifth from one phase to the next, so medians are compared.
    const sequential: Phase[] = [];
    for (let turn = 0; turn < ROUNDS; turn++) {
      if (turn > 0) {
        bodies = next();
        storms.push(await measure(env, () => allAtOnce(LEARNERS, phones)));
        await progressFolded(env.store);
      }
      bodies = next();
      sequential.push(await measure(env, () => oneAfterAnother(LEARNERS, phones)));
      await progressFolded(env.store);
    }
    // 3. The protocol's largest requests, one after another: the server at its best.
    bodies = next(BIG_LEARNERS, BIG);
    const big = await measure(env, () => oneAfterAnother(BIG_LEARNERS, phones));
    await progressFolded(env.store);

    // The storm's own requests one after another are the like-for-like reference for the
    // server's CPU per event: that budget is what arriving together may cost. The largest
    // requests are the server at its best, and the storm's throughput must reach 0.6 × of
    // both. Its CPU per event beside them is printed: the difference is that of ten times as
    // many requests (HTTP, authentication, the reply) and ten times as many learners' progress
    // to fold, not of their arriving together.
    const storm = storms[0]!;
    const stormRate = median(storms.map(rate));
    const sameRate = median(sequential.map(rate));
    const cost = {
      big: cpuPerThousand(big),
      same: median(sequential.map((p) => cpuPerThousand(p))),
      storm: median(storms.map((p) => cpuPerThousand(p))),
    };
    const p99 = (p: Phase) => percentile(p.latencies, 0.99);
    const figures: Figure[] = [
      {
        name: 'events accepted in each storm (fewest)',
        value: Math.min(...storms.map((p) => p.accepted)),
        unit: 'events',
        budget: LEARNERS * PER_PHONE,
        kind: 'min',
      },
      info(`sequential ingest, ${BIG} a request`, round(rate(big)), 'ev/s'),
      info(`sequential ingest, ${PER_PHONE} a request (the storm's requests)`, round(sameRate), 'ev/s'),
      info('storm wall time', median(storms.map((p) => p.wall)), 's'),
      info('storm throughput', round(stormRate), 'ev/s'),
      {
        name: `storm throughput ÷ sequential, ${PER_PHONE} a request`,
        value: stormRate / sameRate,
        unit: '×',
        budget: 0.6,
        kind: 'min',
      },
      { name: `storm throughput ÷ sequential, ${BIG} a request`, value: stormRate / rate(big), unit: '×', budget: 0.6, kind: 'min' },
      info(`server CPU per 1,000 events, sequential, ${BIG} a request`, round(cost.big), 'ms'),
      info(`server CPU per 1,000 events, sequential, ${PER_PHONE} a request`, round(cost.same), 'ms'),
      info('server CPU per 1,000 events, storm', round(cost.storm), 'ms'),
      {
        name: `server CPU per event, storm ÷ sequential, ${PER_PHONE} a request`,
        value: cost.storm / cost.same,
        unit: '×',
        budget: 1.25,
        kind: 'max',
      },
      info(`server CPU per event, storm ÷ sequential, ${BIG} a request`, cost.storm / cost.big, '×'),
      info(
        "phones' CPU per 1,000 events, sequential (this process)",
        round(median(sequential.map((p) => cpuPerThousand(p, p.clientCpu)))),
        'ms',
      ),
      info("phones' CPU per 1,000 events, storm (this process)", round(median(storms.map((p) => cpuPerThousand(p, p.clientCpu)))), 'ms'),
      info('storm latency p50', round(median(storms.map((p) => percentile(p.latencies, 0.5)))), 'ms'),
      info('storm latency p99', round(median(storms.map(p99))), 'ms'),
      { name: 'storm p99 ÷ wall time', value: median(storms.map((p) => p99(p) / 1000 / p.wall)), unit: '×', budget: 1.2, kind: 'max' },
      info('server RSS before the storm', round(before.rss), 'MB'),
      { name: 'server peak RSS', value: round(peak), unit: 'MB', budget: 256, kind: 'max' },
      info(`floor: the database alone storing these rows (${64 * PER_PHONE} a commit)`, round(floorSeconds * 1000), 'ms'),
    ];
    if (storm.activity) {
      const backends = (phases: Phase[]) => median(phases.map((p) => cpuPerThousand(p, p.activity?.backendCpu)));
      figures.push(
        info(`PostgreSQL backends' CPU per 1,000 events, sequential, ${PER_PHONE} a request`, round(backends(sequential)), 'ms'),
        info("PostgreSQL backends' CPU per 1,000 events, storm", round(backends(storms)), 'ms'),
      );
      console.log(`  PostgreSQL backends during the storm: ${describeStates(storm.activity)}`);
    }
    const title = `Reconnect storm on ${dialect} (${LEARNERS.toLocaleString('en')} learners × ${PER_PHONE} events at once)`;
    const over = report(title, figures);
    expect(over).toEqual([]);
  }, 600_000);

  it('the same learners spread over 10 s, and the idle server', async () => {
    const bodies = cursors.map((cursor) => syncRequest(cursor, PER_PHONE));
    const spread = await measure(env, () => spreadOver(SPREAD_SECONDS, LEARNERS, (i) => sync(i, bodies[i]!)));
    await progressFolded(env.store);
    const over = report(
      `Reconnect over ${SPREAD_SECONDS} s on ${dialect} (${LEARNERS.toLocaleString('en')} learners × ${PER_PHONE} events)`,
      [
        { name: 'events accepted', value: spread.accepted, unit: 'events', budget: LEARNERS * PER_PHONE, kind: 'min' },
        info('latency p50', round(percentile(spread.latencies, 0.5)), 'ms'),
        { name: 'latency p99', value: round(percentile(spread.latencies, 0.99)), unit: 'ms', budget: 300, kind: 'max' },
        info('server CPU per 1,000 events', round(cpuPerThousand(spread)), 'ms'),
        { name: 'idle server RSS, 2 s after start', value: round(idle.rss), unit: 'MB', budget: 120, kind: 'max' },
        info('… of which anonymous (heaps, stacks)', round(idle.anon), 'MB'),
        info('… of which file-backed (node, native addons)', round(idle.file), 'MB'),
      ],
    );
    expect(over).toEqual([]);
  }, 300_000);
});
