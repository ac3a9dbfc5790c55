// What one database's PostgreSQL backends do while a benchmark runs, sampled from
// pg_stat_activity: running, waiting for a lock or the disk, or idle inside a transaction
// while the server process has yet to send its next query. Also the backends' own CPU time
// (read from /proc, so only when PostgreSQL runs on this machine): the server's share of
// the database's work.
import pg from 'pg';
import { ADMIN_URL } from './databases.js';
import { cpuSeconds } from './proc-usage.js';

export interface Activity {
  samples: number;
  /** Backend-samples per state, most first, e.g. "Lock: transactionid" or "idle in transaction". */
  states: [string, number][];
  /** The most backends seen at once. */
  maxBackends: number;
  /** CPU seconds the backends used while sampled; NaN when their processes cannot be read. */
  backendCpu: number;
}

function stateOf(row: { state: string | null; wait_event_type: string | null; wait_event: string | null }): string {
  if (row.state === 'active') return row.wait_event_type ? `${row.wait_event_type}: ${row.wait_event}` : 'running';
  return row.state ?? 'unknown';
}

export class PostgresActivity {
  private readonly client = new pg.Client({ connectionString: ADMIN_URL });
  private readonly counts = new Map<string, number>();
  /** CPU seconds per backend when first seen (0 for one started while sampling) and when last seen. */
  private readonly cpu = new Map<number, { first: number; last: number }>();
  private samples = 0;
  private maxBackends = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  /** `database`: the name of the database whose backends to watch. */
  constructor(private readonly database: string) {}

  async start(intervalMs = 50): Promise<void> {
    await this.client.connect();
    await this.sample(true);
    const tick = () => {
      this.sampling = this.sample(false).then(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<Activity> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sampling;
    await this.sample(false);
    await this.client.end();
    let backendCpu = 0;
    for (const { first, last } of this.cpu.values()) backendCpu += last - first;
    return {
      samples: this.samples,
      states: [...this.counts].sort((a, b) => b[1] - a[1]),
      maxBackends: this.maxBackends,
      backendCpu,
    };
  }

  private async sample(first: boolean): Promise<void> {
    const { rows } = await this.client.query<{
      pid: number;
      state: string | null;
      wait_event_type: string | null;
      wait_event: string | null;
    }>('select pid, state, wait_event_type, wait_event from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
      this.database,
    ]);
    this.samples++;
    this.maxBackends = Math.max(this.maxBackends, rows.length);
    for (const row of rows) {
      const state = stateOf(row);
      this.counts.set(state, (this.counts.get(state) ?? 0) + 1);
      const used = cpuSeconds(row.pid);
      if (Number.isNaN(used)) continue; // gone since, or not on this machine
      const seen = this.cpu.get(row.pid);
      if (seen) seen.last = used;
      else this.cpu.set(row.pid, { first: first ? used : 0, last: used });
    }
  }
}

/** The few commonest states as "state 41%, …", for a benchmark's printout. */
export function describeStates(activity: Activity, top = 6): string {
  const total = activity.states.reduce((n, [, c]) => n + c, 0);
  return activity.states
    .slice(0, top)
    .map(([state, c]) => `${state} ${Math.round((100 * c) / Math.max(1, total))}%`)
    .join(', ');
}
