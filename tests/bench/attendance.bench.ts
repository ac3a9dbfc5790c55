// A hall's check-ins, on each database: 300 enrolled learners check in to a session running
// now, each phone offline, at moments spread over two minutes and with the code the screen
// showed at that moment, beside the lesson progress it had queued. Then the hall's Wi-Fi
// comes back and all 300 phones sync at once; then each sends the same request again, as a
// phone does when the answer was lost. Every check-in must count once, and only once. The
// same phones syncing as many plain events at once, before and after (the mean of the two),
// are the reference.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepOf, totp } from '../../src/domain/totp.js';
import { checkInEvent } from '../helpers/course-sessions.js';
import { dialects } from '../helpers/databases.js';
import { postJson, syncAsPhone } from '../helpers/http-client.js';
import { describeStates } from '../helpers/postgres-activity.js';
import { type Figure, report } from './report.js';
import { HallAdmin } from './session-admin.js';
import { allAtOnce, measure, type Outcome, type Phase } from './sync-phases.js';
import { events, percentile, progressFolded, type SyncServer, startSyncServer, stopSyncServer, syncRequest } from './sync-server.js';

const LEARNERS = 300;
/** Lesson progress each phone had queued beside its check-in. */
const QUEUED = 4;
const PER_PHONE = QUEUED + 1;
const SPREAD_MS = 120_000;
/**
 * Each phone's clock, off by this much (by phone number modulo 10). Within 2 minutes the
 * server takes times as sent, and the code's ±2 steps absorb the error; past that it
 * corrects them by the request's `clock`: a phone set to WITA, one a few minutes slow.
 */
const SKEWS_MS = [0, 0, 0, 0, 0, 0, 20_000, -40_000, 3_600_000, -7 * 60_000];

interface Reply {
  accepted: string[];
  rejected: { id: string; reason: string; message: string }[];
  events: { id: string; seq: number }[];
  cursor: string;
}

const info = (name: string, value: number, unit: string): Figure => ({ name, value, unit, budget: 0, kind: 'min' });
const round = (n: number) => Math.round(n);
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

describe.each(await dialects())('check-in in a hall on %s', (dialect) => {
  let env: SyncServer;
  let admin: HallAdmin;
  const ids = Array.from({ length: LEARNERS }, (_, i) => `u${i}`);
  const cursors: (string | null)[] = Array.from({ length: LEARNERS }, () => null);
  /** VmHWM from now on, so that a phase's peak is its own and not the warm-up's. */
  const resetPeak = () => writeFileSync(`/proc/${env.server.child!.pid}/clear_refs`, '5');

  // The same phones with as many plain events, all at once: what the check-ins add.
  const plainStorm = async () => {
    const bodies = cursors.map((cursor) => syncRequest(cursor, PER_PHONE));
    await progressFolded(env.store);
    resetPeak();
    const phase = await measure(env, () =>
      allAtOnce(LEARNERS, async (i) => {
        const synced = await syncAsPhone(env.server.url, env.tokens[i]!, bodies[i]!);
        cursors[i] = synced.cursor;
        return synced;
      }),
    );
    return { phase, peak: env.memory().peak };
  };
  const reference: { phase: Phase; peak: number }[] = [];

  beforeAll(async () => {
    env = await startSyncServer(dialect, LEARNERS + 1); // the last one warms the server up
    admin = await HallAdmin.create(env);
    // Warm-up, check-ins included, to a session of another hall so that this one's stay 300.
    const warmUp = LEARNERS;
    const other = await admin.sessionRunningNow('Pertemuan 1, ruang B');
    let cursor: string | null = null;
    for (let i = 0; i < 40; i++) {
      const at = Date.now() - 1000;
      const checkIn = checkInEvent(other.id, totp(other.secret, stepOf(at)), at);
      const body = JSON.stringify({ protocol: 1, deviceId: 'warm-up', cursor, events: [...events(QUEUED), checkIn] });
      const synced = await syncAsPhone(env.server.url, env.tokens[warmUp]!, body);
      expect(synced.accepted).toBe(PER_PHONE);
      cursor = synced.cursor;
    }
    reference.push(await plainStorm());
    await progressFolded(env.store);
  }, 300_000);
  afterAll(() => stopSyncServer(env));

  it('300 check-ins made offline over 2 minutes, synced at once, then resent', async () => {
    const session = await admin.sessionRunningNow('Pertemuan 1, aula');
    // Each phone's request as it stands when the Wi-Fi returns: the check-in made at its own
    // moment (by the phone's clock) with the code of that moment, after the queued progress.
    const written = Date.now();
    const checkIns = ids.map((_, i) => {
      const moment = written - SPREAD_MS + (i * SPREAD_MS) / LEARNERS;
      const skew = SKEWS_MS[i % SKEWS_MS.length]!;
      return checkInEvent(session.id, totp(session.secret, stepOf(moment)), moment + skew);
    });
    const bodies = ids.map((_, i) => {
      const clock = new Date(written + SKEWS_MS[i % SKEWS_MS.length]!).toISOString();
      return JSON.stringify({ protocol: 1, deviceId: `phone-${i}`, cursor: cursors[i], clock, events: [...events(QUEUED), checkIns[i]] });
    });
    const sent = bodies.map((b) => (JSON.parse(b) as { events: { id: string }[] }).events.map((e) => e.id));

    const replies: Reply[][] = [[], []];
    const phone =
      (round: number) =>
      async (i: number): Promise<Outcome> => {
        const started = performance.now();
        const answer = await postJson(env.server.url, '/api/sync', bodies[i]!, env.tokens[i]);
        if (answer.status !== 200) throw new Error(`phone ${i}: sync answered ${answer.status}`);
        const reply = answer.json<Reply>();
        replies[round]![i] = reply;
        return { ms: performance.now() - started, accepted: reply.accepted.length };
      };

    // 1. The Wi-Fi returns: every phone at once.
    await progressFolded(env.store);
    const { eventsStored: earlier } = await admin.counted(session.id, ids);
    const before = env.memory();
    resetPeak();
    const storm = await measure(env, () => allAtOnce(LEARNERS, phone(0)));
    const stormPeak = env.memory().peak;
    const first = replies[0]!;
    for (const [i, reply] of first.entries()) {
      expect(reply.rejected, `phone ${i}`).toEqual([]);
      expect(sameSet(reply.accepted, sent[i]!), `phone ${i}`).toBe(true);
      cursors[i] = reply.cursor;
    }
    const counted = await admin.counted(session.id, ids);
    expect(counted.rows).toBe(LEARNERS);
    expect(counted.learners).toBe(LEARNERS);
    expect(counted.eventsStored - earlier).toBe(LEARNERS * PER_PHONE);
    // The attendance is the check-in each phone sent, at its corrected moment: within the
    // two minutes, give or take the code's minute (the phones within 2 min are not corrected).
    expect(counted.eventIds).toEqual(checkIns.map((e) => e.id).sort());
    expect(counted.earliest).toBeGreaterThanOrEqual(written - SPREAD_MS - 60_000);
    expect(counted.latest).toBeLessThanOrEqual(written + 60_000);
    const afterStorm = await admin.reported(session.id);
    expect(afterStorm).toEqual({ luring: LEARNERS, daring: 0, units: LEARNERS, nips: LEARNERS, distinctNips: LEARNERS });

    // 2. Every answer was lost: every phone sends the same request again, at once.
    resetPeak();
    const resend = await measure(env, () => allAtOnce(LEARNERS, phone(1)));
    const resendPeak = env.memory().peak;
    for (const [i, reply] of replies[1]!.entries()) {
      // A duplicate is acknowledged as stored, and it is the event stored the first time:
      // the same ids at the same places in the learner's order, not new rows.
      expect(reply.rejected, `phone ${i}`).toEqual([]);
      expect(sameSet(reply.accepted, sent[i]!), `phone ${i}`).toBe(true);
      expect(reply.events, `phone ${i}`).toEqual(first[i]!.events);
    }
    const recounted = await admin.counted(session.id, ids);
    expect(recounted).toEqual(counted);
    expect(await admin.reported(session.id)).toEqual(afterStorm);

    // 3. The reference again, now that the tables hold the check-ins.
    reference.push(await plainStorm());

    const p = (phase: Phase, q: number) => round(percentile(phase.latencies, q));
    const cpuPerSync = (phase: Phase) => round((phase.serverCpu / LEARNERS) * 1000 * 10) / 10;
    const ref = (f: (r: { phase: Phase; peak: number }) => number) => reference.reduce((n, r) => n + f(r), 0) / reference.length;
    const figures: Figure[] = [
      {
        name: 'check-ins accepted',
        value: first.filter((r) => r.accepted.length === PER_PHONE).length,
        unit: 'phones',
        budget: LEARNERS,
        kind: 'min',
      },
      {
        name: 'learners in the daftar hadir (API and database)',
        value: Math.min(afterStorm.distinctNips, counted.learners),
        unit: 'learners',
        budget: LEARNERS,
        kind: 'min',
      },
      { name: 'attendance rows beyond one per learner', value: counted.rows - counted.learners, unit: 'rows', budget: 0, kind: 'max' },
      info('storm wall time', storm.wall, 's'),
      info('storm latency p50', p(storm, 0.5), 'ms'),
      info('storm latency p99', p(storm, 0.99), 'ms'),
      info('server CPU per sync, storm', cpuPerSync(storm), 'ms'),
      info('server RSS before the storm', round(before.rss), 'MB'),
      { name: 'server peak RSS', value: round(stormPeak), unit: 'MB', budget: 256, kind: 'max' },
      {
        name: 'resend: duplicates acknowledged',
        value: replies[1]!.reduce((n, r) => n + r.accepted.length, 0),
        unit: 'events',
        budget: LEARNERS * PER_PHONE,
        kind: 'min',
      },
      {
        name: 'resend: rows stored again (events and attendance)',
        value: recounted.eventsStored - counted.eventsStored + recounted.rows - counted.rows,
        unit: 'rows',
        budget: 0,
        kind: 'max',
      },
      info('resend wall time', resend.wall, 's'),
      info('resend latency p50', p(resend, 0.5), 'ms'),
      info('resend latency p99', p(resend, 0.99), 'ms'),
      info('server CPU per sync, resend', cpuPerSync(resend), 'ms'),
      { name: 'server peak RSS, resend', value: round(resendPeak), unit: 'MB', budget: 256, kind: 'max' },
      info(
        `reference: ${PER_PHONE} lesson events, no check-in, wall time`,
        ref((r) => r.phase.wall),
        's',
      ),
      info(
        'reference latency p50',
        ref((r) => p(r.phase, 0.5)),
        'ms',
      ),
      info(
        'reference latency p99',
        ref((r) => p(r.phase, 0.99)),
        'ms',
      ),
      info(
        'server CPU per sync, reference',
        ref((r) => cpuPerSync(r.phase)),
        'ms',
      ),
      info('server peak RSS, reference', round(ref((r) => r.peak)), 'MB'),
    ];
    if (storm.activity) console.log(`  PostgreSQL backends during the storm: ${describeStates(storm.activity)}`);
    const title = `Check-in in a hall on ${dialect} (${LEARNERS} phones × 1 check-in + ${QUEUED} events, made over ${SPREAD_MS / 60_000} min offline, synced at once)`;
    expect(report(title, figures)).toEqual([]);
  }, 600_000);
});
