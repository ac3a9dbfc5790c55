// A hall's check-ins, on each database: 300 enrolled learners check in to a session running
// now, each phone offline, at moments spread over two minutes and with the code the screen
// showed at that moment, beside the lesson progress it had queued. Then the hall's Wi-Fi
// comes back and all 300 phones sync at once; then each sends the same request again, as a
// phone does when the answer was lost. Every check-in must count once, and only once. The
// same phones syncing as many plain events at once, before and after each hall, are the
// reference.
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
import {
  events,
  median,
  percentile,
  progressFolded,
  type SyncServer,
  startSyncServer,
  stopSyncServer,
  syncRequest,
} from './sync-server.js';

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

/** Halls in turn, each a new session, with the reference between them. */
const ROUNDS = 3;

interface Reply {
  accepted: string[];
  rejected: { id: string; reason: string; message: string }[];
  events: { id: string; seq: number }[];
  cursor: string;
}

interface Hall {
  storm: Phase;
  resend: Phase;
  rssBefore: number;
  stormPeak: number;
  resendPeak: number;
  /** Phones whose every event was accepted. */
  checkedIn: number;
  /** Learners both the daftar hadir and the database hold once. */
  listed: number;
  /** Attendance rows past one per learner. */
  extraRows: number;
  /** Events the resend acknowledged. */
  duplicates: number;
  /** Events and attendance rows the resend added. */
  storedAgain: number;
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

  /**
   * One hall: a session running now, every phone's check-in and queued progress synced at
   * once, then the same requests again. Asserts that each learner counts once throughout.
   */
  const hall = async (title: string): Promise<Hall> => {
    const session = await admin.sessionRunningNow(title);
    // Each phone's request as it stands when the Wi-Fi returns: the check-in made at its own
    // moment (by the phone's clock) with the code of that moment, after the queued progress.
    const written = Date.now();
    const checkIns = ids.map((_, i) => {
      const moment = written - SPREAD_MS + (i * SPREAD_MS) / LEARNERS;
      return checkInEvent(session.id, totp(session.secret, stepOf(moment)), moment + SKEWS_MS[i % SKEWS_MS.length]!);
    });
    const outboxes = ids.map((_, i) => [...events(QUEUED), checkIns[i]!]);
    const sent = outboxes.map((outbox) => outbox.map((e) => e.id));
    // A retry is the same events from the same cursor, with the phone's clock of the moment
    // it is sent, as the app builds every request.
    const cursorsBefore = [...cursors];
    const requests = (now: number) =>
      ids.map((_, i) => {
        const clock = new Date(now + SKEWS_MS[i % SKEWS_MS.length]!).toISOString();
        return JSON.stringify({ protocol: 1, deviceId: `phone-${i}`, cursor: cursorsBefore[i], clock, events: outboxes[i] });
      });
    let bodies = requests(written);

    const replies: Reply[][] = [[], []];
    const phone =
      (attempt: 0 | 1) =>
      async (i: number): Promise<Outcome> => {
        const started = performance.now();
        const answer = await postJson(env.server.url, '/api/sync', bodies[i]!, env.tokens[i]);
        if (answer.status !== 200) throw new Error(`phone ${i}: sync answered ${answer.status}`);
        const reply = answer.json<Reply>();
        replies[attempt]![i] = reply;
        return { ms: performance.now() - started, accepted: reply.accepted.length };
      };

    // 1. The Wi-Fi returns: every phone at once.
    await progressFolded(env.store);
    const { eventsStored: earlier } = await admin.counted(session.id, ids);
    const before = env.memory();
    resetPeak();
    const storm = await measure(env, () => allAtOnce(LEARNERS, phone(0)));
    const stormPeak = env.memory().peak;
    const [first, again] = replies as [Reply[], Reply[]];
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
    const reported = await admin.reported(session.id);
    expect(reported).toEqual({ luring: LEARNERS, daring: 0, units: LEARNERS, nips: LEARNERS, distinctNips: LEARNERS });

    // 2. Every answer was lost: every phone sends the same request again, at once.
    bodies = requests(Date.now());
    resetPeak();
    const resend = await measure(env, () => allAtOnce(LEARNERS, phone(1)));
    const resendPeak = env.memory().peak;
    for (const [i, reply] of again.entries()) {
      // A duplicate is acknowledged as stored, and it is the event stored the first time:
      // the same ids at the same places in the learner's order, not new rows.
      expect(reply.rejected, `phone ${i}`).toEqual([]);
      expect(sameSet(reply.accepted, sent[i]!), `phone ${i}`).toBe(true);
      expect(reply.events, `phone ${i}`).toEqual(first[i]!.events);
    }
    const recounted = await admin.counted(session.id, ids);
    expect(recounted).toEqual(counted);
    expect(await admin.reported(session.id)).toEqual(reported);
    return {
      storm,
      resend,
      rssBefore: before.rss,
      stormPeak,
      resendPeak,
      checkedIn: first.filter((r) => r.accepted.length === PER_PHONE).length,
      listed: Math.min(reported.distinctNips, counted.learners),
      extraRows: counted.rows - counted.learners,
      duplicates: again.reduce((n, r) => n + r.accepted.length, 0),
      storedAgain: recounted.eventsStored - counted.eventsStored + recounted.rows - counted.rows,
    };
  };

  it('300 check-ins made offline over 2 minutes, synced at once, then resent', async () => {
    // Halls in turn with the reference between them: CPU time on a shared machine wanders
    // from one phase to the next, so medians are compared.
    const halls: Hall[] = [];
    for (let turn = 1; turn <= ROUNDS; turn++) {
      halls.push(await hall(`Pertemuan ${turn}, aula`));
      reference.push(await plainStorm());
    }

    const p = (phase: Phase, q: number) => percentile(phase.latencies, q);
    const cpuPerSync = (phase: Phase) => (phase.serverCpu / LEARNERS) * 1000;
    const of = (f: (h: Hall) => number) => median(halls.map(f));
    const ref = (f: (r: { phase: Phase; peak: number }) => number) => median(reference.map(f));
    const fewest = (f: (h: Hall) => number): number => Math.min(...halls.map(f));
    const most = (f: (h: Hall) => number): number => Math.max(...halls.map(f));
    const figures: Figure[] = [
      { name: 'check-ins accepted (fewest in a hall)', value: fewest((h) => h.checkedIn), unit: 'phones', budget: LEARNERS, kind: 'min' },
      {
        name: 'learners in the daftar hadir, API and database (fewest)',
        value: fewest((h) => h.listed),
        unit: 'learners',
        budget: LEARNERS,
        kind: 'min',
      },
      { name: 'attendance rows beyond one per learner', value: most((h) => h.extraRows), unit: 'rows', budget: 0, kind: 'max' },
      info(
        'storm wall time',
        of((h) => h.storm.wall),
        's',
      ),
      info('storm latency p50', round(of((h) => p(h.storm, 0.5))), 'ms'),
      info('storm latency p99', round(of((h) => p(h.storm, 0.99))), 'ms'),
      info(
        'server CPU per sync, storm',
        of((h) => cpuPerSync(h.storm)),
        'ms',
      ),
      info('server RSS before the storm', round(of((h) => h.rssBefore)), 'MB'),
      { name: 'server peak RSS', value: round(most((h) => h.stormPeak)), unit: 'MB', budget: 256, kind: 'max' },
      {
        name: 'resend: duplicates acknowledged (fewest)',
        value: fewest((h) => h.duplicates),
        unit: 'events',
        budget: LEARNERS * PER_PHONE,
        kind: 'min',
      },
      {
        name: 'resend: rows stored again (events and attendance)',
        value: most((h) => h.storedAgain),
        unit: 'rows',
        budget: 0,
        kind: 'max',
      },
      info(
        'resend wall time',
        of((h) => h.resend.wall),
        's',
      ),
      info('resend latency p50', round(of((h) => p(h.resend, 0.5))), 'ms'),
      info('resend latency p99', round(of((h) => p(h.resend, 0.99))), 'ms'),
      info(
        'server CPU per sync, resend',
        of((h) => cpuPerSync(h.resend)),
        'ms',
      ),
      { name: 'server peak RSS, resend', value: round(most((h) => h.resendPeak)), unit: 'MB', budget: 256, kind: 'max' },
      info(
        `reference (${PER_PHONE} lesson events, no check-in) wall time`,
        ref((r) => r.phase.wall),
        's',
      ),
      info('reference latency p50', round(ref((r) => p(r.phase, 0.5))), 'ms'),
      info('reference latency p99', round(ref((r) => p(r.phase, 0.99))), 'ms'),
      info(
        'server CPU per sync, reference',
        ref((r) => cpuPerSync(r.phase)),
        'ms',
      ),
      info('server peak RSS, reference', round(Math.max(...reference.map((r) => r.peak))), 'MB'),
    ];
    const activity = halls[0]!.storm.activity;
    if (activity) console.log(`  PostgreSQL backends during the first storm: ${describeStates(activity)}`);
    const title = `Check-in in a hall on ${dialect} (${LEARNERS} phones × 1 check-in + ${QUEUED} events, made over ${SPREAD_MS / 60_000} min offline, synced at once; median of ${ROUNDS} halls)`;
    expect(report(title, figures)).toEqual([]);
  }, 600_000);
});
