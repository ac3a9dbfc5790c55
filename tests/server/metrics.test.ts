// GET /metrics for Prometheus: behind its own bearer token, in the text format, and counting
// what happened exactly, on both databases.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey } from '../../src/server/services/login-limits.js';
import { dialects } from '../helpers/databases.js';
import { lessonCompleted, position, syncBody } from '../helpers/events.js';
import { addUser, enrolledLearner, publishSample, startServer, type TestServer } from '../helpers/server.js';

const TOKEN = 'metrics-token-for-the-tests';

type Labels = Record<string, string>;
interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
// prom-client writes NaN as "Nan"; Prometheus reads numbers with Go's ParseFloat, which ignores case.
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?,?\\})? (-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|NaN|Nan|[+-]Inf)( -?\\d+)?$`,
);
const FAMILY_SUFFIX = /_(bucket|sum|count)$/;

/**
 * The text exposition format, strictly: every line a HELP, a TYPE or a sample; every sample
 * of a family declared by a TYPE line before it; a histogram's buckets rising to +Inf.
 */
function parseExposition(text: string): Sample[] {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      expect(meta[2]).toMatch(new RegExp(`^${NAME}$`));
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        expect(types.has(meta[2]!), `${meta[2]} declared twice`).toBe(false);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    const match = SAMPLE.exec(line);
    expect(match, `not a sample line: ${line}`).not.toBeNull();
    const [, name, labelText = '', value] = match!;
    const family = types.has(name!) ? name! : name!.replace(FAMILY_SUFFIX, '');
    expect(types.has(family), `${name} has no TYPE line before it`).toBe(true);
    const labels = Object.fromEntries([...labelText.matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    samples.push({ name: name!, labels, value: value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value) });
  }
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const buckets = samples.filter((s) => s.name === `${family}_bucket` && !('kind' in s.labels));
    if (buckets.length === 0) continue;
    expect(buckets.at(-1)!.labels.le).toBe('+Inf');
    expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
    expect(samples.find((s) => s.name === `${family}_count` && !('kind' in s.labels))?.value).toBe(buckets.at(-1)!.value);
  }
  return samples;
}

describe.each(await dialects())('GET /metrics on %s', (dialect) => {
  describe('without METRICS_TOKEN', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer(dialect);
    });
    afterAll(() => server?.close());

    it('answers 404 as for any unknown path, token or not', async () => {
      const unknown = await server.call('GET', '/nothing-here');
      for (const token of [undefined, TOKEN]) {
        const reply = await server.call('GET', '/metrics', { token });
        expect(reply.status).toBe(404);
        expect(reply.body).toEqual({ error: 'not-found', message: 'Nothing at GET /metrics.' });
        expect(reply.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
      }
    });
  });

  describe('with METRICS_TOKEN', () => {
    let server: TestServer;
    const scrape = async () => {
      const reply = await server.call('GET', '/metrics', { token: TOKEN });
      expect(reply.status).toBe(200);
      return parseExposition(reply.text);
    };
    /** One sample's value; 0 when the series is absent. */
    const value = (samples: Sample[], name: string, labels: Labels = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;
    /** How much each named series grew while `action` ran. */
    const growth = async (series: [string, Labels?][], action: () => Promise<unknown>) => {
      const before = await scrape();
      await action();
      const after = await scrape();
      return series.map(([name, labels]) => value(after, name, labels) - value(before, name, labels));
    };
    const sync = (token: string, events: unknown[]) => server.call('POST', '/api/sync', { token, body: syncBody(events) });

    beforeAll(async () => {
      server = await startServer(dialect, { metricsToken: TOKEN });
      await publishSample(server);
    });
    afterAll(() => server?.close());

    it('answers 401 in the usual error shape without the token or with another', async () => {
      const wrong = [undefined, `${TOKEN}x`, TOKEN.toUpperCase(), 'short', TOKEN.replace(/.$/, '_')];
      for (const token of wrong) {
        const reply = await server.call('GET', '/metrics', { token });
        expect(reply.status).toBe(401);
        expect(reply.body).toEqual({ error: 'unauthorized', message: expect.stringContaining('METRICS_TOKEN') });
        expect(reply.text).not.toContain('sinau_');
      }
      const basic = await server.call('GET', '/metrics', { headers: { authorization: `Basic ${btoa(`prometheus:${TOKEN}`)}` } });
      expect(basic.status).toBe(401);
    });

    it('answers the Prometheus text format, gzipped when asked, with the process metrics', async () => {
      const reply = await server.call('GET', '/metrics', { token: TOKEN, headers: { 'accept-encoding': 'gzip' } });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(reply.headers.get('content-encoding')).toBe('gzip'); // fetch has unzipped it
      expect(reply.headers.get('cache-control')).toBe('no-store');
      const samples = parseExposition(reply.text);
      const names = new Set(samples.map((s) => s.name));
      for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds'])
        expect(names).toContain(name);
      // Every outcome and reason is there from the start, at 0 until it happens.
      expect(samples.filter((s) => s.name === 'sinau_sync_requests_total').map((s) => s.labels.outcome)).toEqual([
        'ok',
        'rejected-some',
        'invalid',
        'too-large',
        'unauthorized',
        'busy',
        'quota-exceeded',
        'error',
      ]);
      expect(samples.filter((s) => s.name === 'sinau_events_rejected_total').map((s) => s.labels.reason)).toContain('attempts-exceeded');
      expect(samples.filter((s) => s.name === 'sinau_logins_total').map((s) => s.labels.outcome)).toEqual([
        'ok',
        'failed',
        'locked',
        'limited',
      ]);
    });

    it('counts exactly the new events a sync stored, and nothing for the same batch again', async () => {
      const { token } = await enrolledLearner(server);
      const events = [lessonCompleted('m1-l1'), position('m1-l2', 0.5), lessonCompleted('m1-l2'), position('m1-l3', 0.1)];
      const [first] = await growth([['sinau_events_stored_total']], async () => {
        expect((await sync(token, events)).body.accepted).toHaveLength(events.length);
      });
      expect(first).toBe(events.length);
      const [again] = await growth([['sinau_events_stored_total']], async () => {
        expect((await sync(token, events)).body.accepted).toHaveLength(events.length);
      });
      expect(again).toBe(0);
      // Half old, half new: only the new half counts.
      const fresh = [lessonCompleted('m2-l1'), lessonCompleted('m2-l2')];
      const [mixed] = await growth([['sinau_events_stored_total']], () => sync(token, [...events.slice(0, 2), ...fresh]));
      expect(mixed).toBe(fresh.length);
    });

    it('counts a rejected event under its reason, and the request as rejected-some', async () => {
      const { token } = await enrolledLearner(server);
      const grown = await growth(
        [
          ['sinau_events_rejected_total', { reason: 'unknown-lesson' }],
          ['sinau_events_rejected_total', { reason: 'invalid' }],
          ['sinau_events_rejected_total', { reason: 'unknown-course' }],
          ['sinau_events_stored_total'],
          ['sinau_sync_requests_total', { outcome: 'rejected-some' }],
          ['sinau_sync_requests_total', { outcome: 'ok' }],
        ],
        async () => {
          const reply = await sync(token, [
            lessonCompleted('m9-l9'),
            lessonCompleted('m9-l8'),
            { id: 'not-an-event' },
            lessonCompleted('m1-l1', { courseId: 'no-such-course' }),
            lessonCompleted('m1-l1'),
          ]);
          expect(reply.body.rejected).toHaveLength(4);
        },
      );
      expect(grown).toEqual([2, 1, 1, 1, 1, 0]);
    });

    it('counts each sync request by its outcome, and times those it admitted', async () => {
      const { token } = await enrolledLearner(server);
      const series: [string, Labels?][] = [
        ['sinau_sync_requests_total', { outcome: 'ok' }],
        ['sinau_sync_requests_total', { outcome: 'unauthorized' }],
        ['sinau_sync_requests_total', { outcome: 'invalid' }],
        ['sinau_sync_duration_seconds_count'],
        ['sinau_sync_duration_seconds_bucket', { le: '+Inf' }],
      ];
      expect(await growth(series, () => sync(token, [lessonCompleted('m1-l1')]))).toEqual([1, 0, 0, 1, 1]);
      expect(await growth(series, () => sync('not-a-session', []))).toEqual([0, 1, 0, 0, 0]);
      expect(await growth(series, () => server.call('POST', '/api/sync', { token, body: { protocol: 2 } }))).toEqual([0, 0, 1, 1, 1]);
      const [sum] = await growth([['sinau_sync_duration_seconds_sum']], () => sync(token, []));
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThan(10);
    });

    it('counts logins that succeed, fail, meet a locked account or a limited address', async () => {
      await server.db.deleteFrom('login_failures').execute();
      await server.db.deleteFrom('login_address_failures').execute();
      const user = await addUser(server.db);
      const outcomes = ['ok', 'failed', 'locked', 'limited'];
      const count = (action: () => Promise<unknown>) =>
        growth(
          outcomes.map((outcome) => ['sinau_logins_total', { outcome }]),
          action,
        );
      const attempt = (password: string) => server.call('POST', '/api/auth/login', { body: { nip: user.nip, password } });

      expect(await count(() => attempt('salah-ketik'))).toEqual([0, 1, 0, 0]);
      expect(await count(() => attempt(user.password))).toEqual([1, 0, 0, 0]);
      const now = Date.now();
      await server.db
        .insertInto('login_failures')
        .values({ nip: user.nip, failures: 10, locked_until: now + 60_000, updated_at: now })
        .execute();
      expect(await count(() => attempt(user.password))).toEqual([0, 0, 1, 0]);
      await server.db.deleteFrom('login_address_failures').execute(); // the failure above left a bucket
      await server.db
        .insertInto('login_address_failures')
        .values({ address: addressKey('127.0.0.1'), minute: Math.floor(now / 60_000), failures: 1000 })
        .execute();
      expect(await count(() => attempt(user.password))).toEqual([0, 0, 0, 1]);
      await server.db.deleteFrom('login_failures').execute();
      await server.db.deleteFrom('login_address_failures').execute();
    });

    it("shows the sync gate's slots in use as they are taken and given back", async () => {
      const { token } = await enrolledLearner(server);
      const gate = async () => {
        const samples = await scrape();
        return [value(samples, 'sinau_sync_gate_inside'), value(samples, 'sinau_sync_gate_waiting')];
      };
      expect(await gate()).toEqual([0, 0]);
      // A sync whose body never finishes arriving holds its slot until it is cut off.
      const { hostname, port } = new URL(server.url);
      const socket = net.connect(Number(port), hostname);
      socket.on('error', () => undefined);
      const body = JSON.stringify(syncBody([]));
      socket.write(
        `POST /api/sync HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 10}\r\n\r\n${body}`,
      );
      await expect.poll(gate).toEqual([1, 0]);
      socket.destroy();
      await expect.poll(gate).toEqual([0, 0]);
    });

    it('shows the database: the PostgreSQL pool, or how long SQLite group writes hold the process', async () => {
      const { token } = await enrolledLearner(server);
      await sync(token, [lessonCompleted('m1-l1')]);
      const samples = await scrape();
      const names = new Set(samples.map((s) => s.name));
      if (dialect === 'postgres') {
        expect(value(samples, 'sinau_db_pool_max_connections')).toBe(10);
        expect(value(samples, 'sinau_db_pool_connections')).toBeGreaterThanOrEqual(1);
        expect(value(samples, 'sinau_db_pool_connections')).toBeLessThanOrEqual(10);
        expect(value(samples, 'sinau_db_pool_idle_connections')).toBeLessThanOrEqual(value(samples, 'sinau_db_pool_connections'));
        expect(names).toContain('sinau_db_pool_waiting');
        expect(names).not.toContain('sinau_sqlite_write_seconds_count');
      } else {
        expect(value(samples, 'sinau_sqlite_write_seconds_count')).toBeGreaterThanOrEqual(1);
        expect(value(samples, 'sinau_sqlite_write_seconds_sum')).toBeGreaterThan(0);
        expect(names).not.toContain('sinau_db_pool_connections');
      }
    });
  });
});
