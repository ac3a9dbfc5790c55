// Sync ingest throughput beside a raw batched insert of the same rows, on SQLite. The
// reconnect storm, on both databases, is in storm.bench.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/http-client.js';
import { report } from './report.js';
import { floorBefore } from './sync-floor.js';
import { median, type SyncServer, startSyncServer, stopSyncServer, syncRequest } from './sync-server.js';

describe('sync ingest on SQLite', () => {
  let env: SyncServer;
  beforeAll(async () => {
    env = await startSyncServer('sqlite', 40);
  }, 120_000);
  afterAll(() => stopSyncServer(env));

  it('stores at least 10,000 events/s and at least half the rate of a raw batched insert', async () => {
    const TOTAL = 40 * 1000; // 40 learners × 1,000 events, in requests of 500
    const ROUNDS = 3; // disk flushes make single runs noisy: sync and raw alternate, medians compared
    // Each learner's device sends its requests in turn, carrying the cursor it was given, as the
    // app does; 8 devices at a time. The events are written as JSON beforehand: the clients
    // stand for phones, whose CPU is not this machine's.
    const devices = env.tokens.map((token) => ({ token, cursor: null as string | null }));
    const batches = Array.from({ length: ROUNDS }, () => devices.map(() => [syncRequest(null, 500), syncRequest(null, 500)]));
    // Warm-up: connections, JIT, caches.
    await postJson(env.server.url, '/api/sync', syncRequest(null, 10, 'w'), env.tokens[0]!);

    const syncRates: number[] = [];
    const rawRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const floor = await floorBefore(env);
      const since = Date.now();
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < devices.length) {
            const i = next++;
            const device = devices[i]!;
            for (const batch of batches[round]![i]!) {
              // The body was written with a null cursor; the device's own goes in its place.
              const body = batch.replace('"cursor":null', `"cursor":${JSON.stringify(device.cursor)}`);
              const reply = await postJson(env.server.url, '/api/sync', body, device.token);
              if (reply.status !== 200) throw new Error(`sync answered ${reply.status}`);
              device.cursor = reply.json<{ cursor: string }>().cursor;
            }
          }
        }),
      );
      syncRates.push(TOTAL / ((performance.now() - started) / 1000));
      // The rows of this round, inserted raw in batches of 500 into the database as it was before it.
      rawRates.push(TOTAL / (await floor.seconds(since, 500)));
    }
    const syncRate = median(syncRates);
    const rawRate = median(rawRates);

    const over = report('Sync ingest on SQLite (40 learners × 1,000 events, 500 a request, 8 in flight; median of 3)', [
      { name: 'POST /api/sync ingest', value: Math.round(syncRate), unit: 'ev/s', budget: 10_000, kind: 'min' },
      { name: 'raw batched insert of the same rows (better-sqlite3)', value: Math.round(rawRate), unit: 'ev/s', budget: 0, kind: 'min' },
      { name: 'ratio sync ÷ raw', value: syncRate / rawRate, unit: '×', budget: 0.5, kind: 'min' },
    ]);
    expect(over).toEqual([]);
  }, 300_000);
});
