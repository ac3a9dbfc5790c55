// What the learner's app decides about a session without signal: when "Hadir" shows, what
// became of a check-in, and which advice a refusal gets. The refusals are the server's own,
// made by its check-in rules, so a change of its wording cannot silently turn the app's
// advice generic.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { attendanceOf, checkInOpen, fixedMode, refusalOf } from '../../src/app/sessions/model.js';
import type { LocalEvent } from '../../src/app/shared/database.js';
import type { Session } from '../../src/domain/api/sessions.js';
import { CHECK_IN_MARGIN_MS, CHECK_IN_MARGIN_MS as SERVER_MARGIN_MS } from '../../src/domain/session-window.js';
import { base32Encode, stepOf, totp } from '../../src/domain/totp.js';
import type { Database } from '../../src/server/db/schema.js';
import { checkCheckIn } from '../../src/server/services/sync/attendance.js';

const START = Date.parse('2026-12-01T01:00:00.000Z');
const END = Date.parse('2026-12-01T05:00:00.000Z');

const session = (over: Partial<Session> = {}): Session => ({
  id: 's1',
  courseId: 'c',
  title: 'Pertemuan 1',
  mode: 'hybrid',
  startsAt: new Date(START).toISOString(),
  endsAt: new Date(END).toISOString(),
  place: null,
  meetingUrl: null,
  unit: null,
  cancelledAt: null,
  updatedAt: '2026-11-20T00:00:00.000Z',
  ...over,
});

describe('"Hadir" by the phone’s clock', () => {
  it('shows from 30 minutes before the start to 30 minutes after the end, as the server accepts', () => {
    expect(CHECK_IN_MARGIN_MS).toBe(SERVER_MARGIN_MS);
    expect(checkInOpen(session(), START - CHECK_IN_MARGIN_MS - 1)).toBe(false);
    expect(checkInOpen(session(), START - CHECK_IN_MARGIN_MS)).toBe(true);
    expect(checkInOpen(session(), (START + END) / 2)).toBe(true);
    expect(checkInOpen(session(), END + CHECK_IN_MARGIN_MS)).toBe(true);
    expect(checkInOpen(session(), END + CHECK_IN_MARGIN_MS + 1)).toBe(false);
  });

  it('never for a cancelled session', () => {
    expect(checkInOpen(session({ cancelledAt: new Date(START - 3_600_000).toISOString() }), START)).toBe(false);
  });

  it('asks how the learner attends only in a hybrid session', () => {
    expect(fixedMode('luring')).toBe('luring');
    expect(fixedMode('daring')).toBe('daring');
    expect(fixedMode('hybrid')).toBeNull();
    expect(fixedMode(undefined)).toBeNull();
  });
});

const event = (over: Partial<LocalEvent> & { sessionId?: string }): LocalEvent => {
  const { sessionId = 's1', ...rest } = over;
  return {
    id: crypto.randomUUID(),
    userId: 'u',
    type: 'attendance.checked-in',
    courseId: 'c',
    courseVersion: 1,
    at: new Date(START).toISOString(),
    data: { sessionId, code: '123456', mode: 'luring' },
    status: 'pending',
    ...rest,
  };
};

describe('a session’s attendance as the device knows it', () => {
  it('is nothing before a check-in, and ignores other sessions and other events', () => {
    expect(attendanceOf([], 's1')).toEqual({ kind: 'none' });
    expect(attendanceOf([event({ sessionId: 's2' }), event({ type: 'lesson.opened', data: { lessonId: 'x' } })], 's1')).toEqual({
      kind: 'none',
    });
  });

  it('waits while the check-in is unsent, and is recorded once the server took one', () => {
    expect(attendanceOf([event({})], 's1')).toEqual({ kind: 'pending' });
    expect(attendanceOf([event({}), event({ status: 'synced', data: { sessionId: 's1', code: '1', mode: 'daring' } })], 's1')).toEqual({
      kind: 'recorded',
      mode: 'daring',
    });
  });

  it('shows the newest refusal, and a later try that waits instead of an older refusal', () => {
    const older = event({ status: 'rejected', at: '2026-12-01T01:00:00.000Z', reason: 'unknown-session: gone' });
    const newer = event({ status: 'rejected', at: '2026-12-01T01:05:00.000Z', reason: 'invalid-code: The code is wrong or has expired.' });
    expect(attendanceOf([newer, older], 's1')).toMatchObject({ kind: 'rejected', refusal: 'wrong-code' });
    expect(attendanceOf([older, newer, event({})], 's1')).toEqual({ kind: 'pending' });
  });
});

/** The server's check-in rules over a stand-in for the course_sessions table. */
function sessionsTable(rows: Record<string, unknown>[]): Kysely<Database> {
  const query = () => {
    const tests: ((row: Record<string, unknown>) => boolean)[] = [];
    const q = {
      select: () => q,
      where: (column: string, op: string, value: unknown) => {
        tests.push((row) => {
          const v = row[column];
          if (op === '=') return v === value;
          if (op === '!=') return v !== value;
          if (op === '<=') return Number(v) <= Number(value);
          return Number(v) >= Number(value);
        });
        return q;
      },
      execute: async () => rows.filter((row) => tests.every((test) => test(row))),
      executeTakeFirst: async () => (await q.execute())[0],
    };
    return q;
  };
  return { selectFrom: query } as unknown as Kysely<Database>;
}

describe('the server’s refusals in the learner’s words', () => {
  const secret = new Uint8Array(20).fill(7);
  const otherSecret = new Uint8Array(20).fill(9);
  const row = (id: string, key: Uint8Array, over: Record<string, unknown> = {}) => ({
    id,
    course_id: 'c',
    starts_at: START,
    ends_at: END,
    cancelled_at: null,
    secret: base32Encode(key),
    ...over,
  });
  const at = START + 600_000;
  const refusal = async (rows: Record<string, unknown>[], sessionId: string, code: string, when = at) => {
    const rejected = await checkCheckIn(sessionsTable(rows), { courseId: 'c', data: { sessionId, code } }, when, new Map());
    expect(rejected).not.toBeNull();
    // As the app stores it (src/app/shared/sync-protocol.ts): "reason: message".
    return refusalOf(`${rejected!.reason}: ${rejected!.message}`).refusal;
  };
  const good = totp(secret, stepOf(at));
  const wrong = ['000000', '111111', '222222'].find((c) => ![-2, -1, 0, 1, 2].some((d) => totp(secret, stepOf(at) + d) === c))!;

  it('accepts the right code, so the cases below are refusals of it alone', async () => {
    expect(
      await checkCheckIn(sessionsTable([row('s1', secret)]), { courseId: 'c', data: { sessionId: 's1', code: good } }, at, new Map()),
    ).toBeNull();
  });

  it('tells a wrong or expired code, another session’s code, a time outside the session and a cancelled one apart', async () => {
    expect(await refusal([row('s1', secret)], 's1', wrong)).toBe('wrong-code');
    expect(await refusal([row('s1', secret), row('s2', otherSecret)], 's1', totp(otherSecret, stepOf(at)))).toBe('other-session');
    const late = END + SERVER_MARGIN_MS + 60_000;
    expect(await refusal([row('s1', secret)], 's1', totp(secret, stepOf(late)), late)).toBe('outside-time');
    expect(await refusal([row('s1', secret, { cancelled_at: START - 1 })], 's1', good)).toBe('cancelled');
    expect(await refusal([row('s1', secret)], 'nope', good)).toBe('unknown-session');
  });

  it('keeps any other reason and its message', () => {
    expect(refusalOf('not-enrolled: You are not enrolled.')).toEqual({ refusal: 'other', message: 'You are not enrolled.' });
    expect(refusalOf(undefined)).toEqual({ refusal: 'other', message: '' });
  });
});
