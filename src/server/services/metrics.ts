// What GET /metrics reports (docs/operations.md, "Metrics"). Each app has a registry of its
// own, so apps built side by side in one process (the tests build many) count apart. The
// request paths only add to counters; gauges are read when Prometheus scrapes.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Rejection, RejectReason } from '../../domain/api/sync.js';
import type { Store } from '../db/database.js';

/** How a sync request ended, as its answer tells (docs/sync.md, "Errors"). */
export const SYNC_OUTCOMES = [
  'ok', // 200, every event accepted
  'rejected-some', // 200, one or more events rejected
  'invalid', // 400: the request, its text or its cursor
  'too-large', // 413
  'unauthorized', // 401 or 403, before admission
  'busy', // 429: the sync queue is full
  'quota-exceeded', // 429: the learner's day is full
  'error', // 5xx
] as const;
export type SyncRequestOutcome = (typeof SYNC_OUTCOMES)[number];

/** `locked`: the account cools down; `limited`: the address has failed too often. */
export const LOGIN_OUTCOMES = ['ok', 'failed', 'locked', 'limited'] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

/** Refused before they waited for or held a sync slot: their time says nothing of the server's. */
const NOT_ADMITTED: ReadonlySet<SyncRequestOutcome> = new Set(['unauthorized', 'busy']);

/** What the sync gate shows of itself (services/gate.ts). */
export interface GateView {
  readonly occupied: number;
  readonly queued: number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly syncRequests: Counter<'outcome'>;
  private readonly syncSeconds: Histogram;
  private readonly stored: Counter;
  private readonly rejected: Counter<'reason'>;
  private readonly logins: Counter<'outcome'>;
  private readonly sqliteWrites?: Histogram;
  private gate?: GateView;

  /**
   * `processMetrics`: also the process's own (CPU, memory, event loop lag, GC). Those keep an
   * event loop monitor and a GC observer running for the rest of the process's life, so
   * only an app whose metrics someone reads asks for them.
   */
  constructor(store: Store, { processMetrics = false }: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.syncRequests = new Counter({
      name: 'sinau_sync_requests_total',
      help: 'Sync requests answered, by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.syncSeconds = new Histogram({
      name: 'sinau_sync_duration_seconds',
      help: 'Time from the arrival of a sync request to the end of its answer, waiting for a slot included; requests refused before admission are not observed.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.stored = new Counter({ name: 'sinau_events_stored_total', help: 'Events stored that were new to the server.', registers });
    this.rejected = new Counter({
      name: 'sinau_events_rejected_total',
      help: 'Events answered as rejected, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.logins = new Counter({ name: 'sinau_logins_total', help: 'Login attempts, by outcome.', labelNames: ['outcome'], registers });
    // Every label value from the start, at 0: a rate over a series that appears only with
    // its first increment misses that increment, and an alert has nothing to compare.
    for (const outcome of SYNC_OUTCOMES) this.syncRequests.inc({ outcome }, 0);
    for (const reason of RejectReason.options) this.rejected.inc({ reason }, 0);
    for (const outcome of LOGIN_OUTCOMES) this.logins.inc({ outcome }, 0);

    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge('sinau_sync_gate_inside', 'Syncs holding a sync slot now.', () => this.gate?.occupied ?? 0);
    gauge(
      'sinau_sync_gate_waiting',
      "Syncs waiting for a sync slot now; past the queue's limit they are answered busy.",
      () => this.gate?.queued ?? 0,
    );
    if (store.dialect === 'postgres') {
      gauge('sinau_db_pool_connections', 'Open PostgreSQL connections, busy or idle.', () => store.poolStats().total);
      gauge('sinau_db_pool_idle_connections', 'Open PostgreSQL connections not in use.', () => store.poolStats().idle);
      gauge('sinau_db_pool_waiting', 'Queries waiting for a PostgreSQL connection.', () => store.poolStats().waiting);
      gauge('sinau_db_pool_max_connections', 'Connections the pool may open (DATABASE_POOL_SIZE).', () => store.poolStats().max);
    } else {
      this.sqliteWrites = new Histogram({
        name: 'sinau_sqlite_write_seconds',
        help: 'Time each group write of synced events (inserts and commit to disk) held the process.',
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        registers,
      });
    }
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** The gate whose slots and queue the gauges show. */
  watchSyncGate(gate: GateView): void {
    this.gate = gate;
  }

  syncAnswered(outcome: SyncRequestOutcome, seconds: number): void {
    this.syncRequests.inc({ outcome });
    if (!NOT_ADMITTED.has(outcome)) this.syncSeconds.observe(seconds);
  }

  /** What one sync did with its events: `stored` new ones, and the rejections it answered. */
  eventsSynced(stored: number, rejected: readonly Pick<Rejection, 'reason'>[]): void {
    if (stored > 0) this.stored.inc(stored);
    for (const { reason } of rejected) this.rejected.inc({ reason });
  }

  sqliteWrite(seconds: number): void {
    this.sqliteWrites?.observe(seconds);
  }

  login(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }
}
