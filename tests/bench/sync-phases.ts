// One phase of a sync benchmark, measured from outside the server: its wall time, the
// server's own CPU time and the clients', each request's latency, and on PostgreSQL what
// the database's backends were doing meanwhile.
import { type Activity, PostgresActivity } from '../helpers/postgres-activity.js';
import type { SyncServer } from './sync-server.js';

export interface Phase {
  /** Seconds from the first request to the last answer. */
  wall: number;
  /** Events the server acknowledged. */
  accepted: number;
  /** Each request's milliseconds, sorted. */
  latencies: number[];
  /** CPU seconds used meanwhile: by the server process, and by this one (the simulated phones). */
  serverCpu: number;
  clientCpu: number;
  /** On PostgreSQL: its backends' states and CPU. */
  activity?: Activity;
}

export interface Outcome {
  ms: number;
  accepted: number;
}

/** Runs `requests` (each resolves with one answered request) and measures them. */
export async function measure(env: SyncServer, requests: () => Promise<Outcome[]>): Promise<Phase> {
  const activity = env.dialect === 'postgres' ? new PostgresActivity(env.databaseName) : undefined;
  await activity?.start();
  const cpu = env.cpu();
  const client = process.cpuUsage();
  const started = performance.now();
  const outcomes = await requests();
  const wall = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(client);
  const serverCpu = env.cpu() - cpu;
  return {
    wall,
    accepted: outcomes.reduce((n, o) => n + o.accepted, 0),
    latencies: outcomes.map((o) => o.ms).sort((a, b) => a - b),
    serverCpu,
    clientCpu: (user + system) / 1e6,
    ...(activity ? { activity: await activity.stop() } : {}),
  };
}

/** Each of `count` tasks in turn, one at a time. */
export async function oneAfterAnother(count: number, task: (i: number) => Promise<Outcome>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await task(i));
  return outcomes;
}

/** All `count` tasks at once. */
export const allAtOnce = (count: number, task: (i: number) => Promise<Outcome>): Promise<Outcome[]> =>
  Promise.all(Array.from({ length: count }, (_, i) => task(i)));

/** `count` tasks started evenly over `seconds`, as phones whose signal returns one by one. */
export const spreadOver = (seconds: number, count: number, task: (i: number) => Promise<Outcome>): Promise<Outcome[]> =>
  Promise.all(
    Array.from(
      { length: count },
      (_, i) => new Promise<Outcome>((resolve, reject) => setTimeout(() => task(i).then(resolve, reject), (i * seconds * 1000) / count)),
    ),
  );

/** `count` tasks, `width` at a time. */
export async function inFlight(width: number, count: number, task: (i: number) => Promise<Outcome[]>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) outcomes.push(...(await task(next++)));
    }),
  );
  return outcomes;
}

/** Server CPU milliseconds per 1,000 events. */
export const cpuPerThousand = (phase: Phase, cpu = phase.serverCpu) => (cpu / phase.accepted) * 1_000_000;
