// An agency's first morning, on each database: 962 imported staff each log in and sync in
// three requests (their queued events, the same batch again as a phone resends it when the
// reply was lost, then the next batch with the cursor it was given), 64 learners at a time.
// Then the same with two processes burning a core each beside the server, as on a machine
// shared with other work. There the server process gets only its share of the cores, so
// its CPU time per learner sets the pace; on PostgreSQL every round trip adds to it and is
// a wait for the scheduler with a connection held. PostgreSQL must keep at least half of
// SQLite's pace both times.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/server/db/database.js';
import { dialects } from '../helpers/databases.js';
import { postJson, syncAsPhone } from '../helpers/http-client.js';
import { describeStates } from '../helpers/postgres-activity.js';
import { staffNip } from '../helpers/staff.js';
import { type Figure, report } from './report.js';
import { inFlight, measure, type Outcome, type Phase } from './sync-phases.js';
import { percentile, progressFolded, STAFF_PASSWORD, startSyncServer, stopSyncServer, syncRequest } from './sync-server.js';

const STAFF = 962;
const AT_ONCE = 64;
const PER_BATCH = 50;

interface Run {
  phase: Phase;
  logins: number[];
  syncs: number[];
}

async function morning(dialect: Dialect): Promise<Run> {
  const env = await startSyncServer(dialect, STAFF, { sessions: false });
  try {
    const first = Array.from({ length: STAFF }, () => syncRequest(null, PER_BATCH));
    const logins: number[] = [];
    const syncs: number[] = [];
    const learner = async (i: number): Promise<Outcome[]> => {
      const t = performance.now();
      const login = await postJson(env.server.url, '/api/auth/login', JSON.stringify({ nip: staffNip(i), password: STAFF_PASSWORD }));
      if (login.status !== 200) throw new Error(`login answered ${login.status}`);
      const { token } = login.json<{ token: string }>();
      logins.push(performance.now() - t);
      const sent = await syncAsPhone(env.server.url, token, first[i]!);
      const resent = await syncAsPhone(env.server.url, token, first[i]!);
      const next = await syncAsPhone(env.server.url, token, syncRequest(resent.cursor, PER_BATCH));
      syncs.push(sent.ms, resent.ms, next.ms);
      return [sent, { ms: resent.ms, accepted: 0 }, next]; // the resent batch is stored once
    };
    const phase = await measure(env, () => inFlight(AT_ONCE, STAFF, learner));
    await progressFolded(env.store);
    return { phase, logins: logins.sort((a, b) => a - b), syncs: syncs.sort((a, b) => a - b) };
  } finally {
    await stopSyncServer(env);
  }
}

/** Processes that keep `count` cores busy until stopped, as other work on a shared machine does. */
function burnCores(count: number): () => void {
  const burners: ChildProcess[] = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  return () => {
    for (const b of burners) b.kill('SIGKILL');
  };
}

const figures = (dialect: Dialect, run: Run): Figure[] => [
  { name: `${dialect}: learners through`, value: run.phase.accepted / (2 * PER_BATCH), unit: 'learners', budget: STAFF, kind: 'min' },
  { name: `${dialect}: learners per second`, value: STAFF / run.phase.wall, unit: '/s', budget: 0, kind: 'min' },
  { name: `${dialect}: login p99`, value: Math.round(percentile(run.logins, 0.99)), unit: 'ms', budget: 0, kind: 'min' },
  { name: `${dialect}: sync p50`, value: Math.round(percentile(run.syncs, 0.5)), unit: 'ms', budget: 0, kind: 'min' },
  { name: `${dialect}: sync p99`, value: Math.round(percentile(run.syncs, 0.99)), unit: 'ms', budget: 0, kind: 'min' },
  {
    name: `${dialect}: server CPU per learner`,
    value: Math.round((run.phase.serverCpu / STAFF) * 1000),
    unit: 'ms',
    budget: 0,
    kind: 'min',
  },
  ...(run.phase.activity
    ? [
        {
          name: `${dialect}: PostgreSQL backends' CPU per learner`,
          value: Math.round((run.phase.activity.backendCpu / STAFF) * 1000),
          unit: 'ms',
          budget: 0,
          kind: 'min' as const,
        },
      ]
    : []),
];

const databases = await dialects();
const runs = new Map<string, Run>();
let stopBurning: (() => void) | undefined;
afterAll(() => stopBurning?.());

describe.each([0, 2])('agency morning with %i cores burnt beside the server', (burners) => {
  it.each(databases)(
    'on %s',
    async (dialect) => {
      stopBurning = burners > 0 ? burnCores(burners) : undefined;
      try {
        runs.set(`${dialect}/${burners}`, await morning(dialect));
      } finally {
        stopBurning?.();
        stopBurning = undefined;
      }
    },
    900_000,
  );

  it('PostgreSQL keeps at least half of SQLite’s pace', () => {
    const sqlite = runs.get(`sqlite/${burners}`)!;
    const postgres = runs.get(`postgres/${burners}`);
    const list = [...figures('sqlite', sqlite), ...(postgres ? figures('postgres', postgres) : [])];
    if (postgres)
      list.push({
        name: 'PostgreSQL ÷ SQLite, learners per second',
        value: sqlite.phase.wall / postgres.phase.wall,
        unit: '×',
        budget: 0.5,
        kind: 'min',
      });
    const pressure = burners > 0 ? `, ${burners} cores burnt beside it` : '';
    const over = report(`Agency morning (${STAFF} staff: login and 3 syncs, one a resend; ${AT_ONCE} at a time${pressure})`, list);
    if (postgres?.phase.activity) console.log(`  PostgreSQL backends: ${describeStates(postgres.phase.activity)}`);
    expect(over).toEqual([]);
  });
});
