import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordEvent } from '../../src/app/db/events.js';
import { db } from '../../src/app/shared/database.js';
import { runSync } from '../../src/app/shared/sync-protocol.js';

const USER = 'u-sari';
const completed = (lessonId: string) => ({
  userId: USER,
  type: 'lesson.completed' as const,
  courseId: 'orientasi-pppk',
  courseVersion: 1,
  data: { lessonId },
});

/** A fake server: answers each request with the next reply, and keeps the bodies sent. */
function serve(...replies: ((body: { events: { id: string; at: string }[] }) => Response)[]) {
  const sent: { clock?: string; events: { id: string; at: string }[] }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      sent.push(body);
      const reply = replies.shift();
      if (!reply) throw new Error('no more replies');
      return reply(body);
    }),
  );
  return sent;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('one sync run', () => {
  beforeEach(async () => {
    await Promise.all([db.events.clear(), db.meta.clear()]);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends the device's clock, so the server can correct a wrong one", async () => {
    const sent = serve(() => json(200, { accepted: [], rejected: [], events: [], cursor: 'c1', more: false }));
    await runSync(USER, 'token');
    expect(Math.abs(Date.parse(sent[0]!.clock!) - Date.now())).toBeLessThan(5_000);
  });

  it("keeps the server's corrected time of an event it pulls back", async () => {
    const event = await recordEvent(completed('l1'));
    serve(({ events }) =>
      json(200, {
        accepted: events.map((e) => e.id),
        rejected: [],
        events: [{ ...events[0], seq: 1, at: '2026-11-28T08:00:00.000Z' }],
        cursor: 'c1',
        more: false,
      }),
    );
    expect((await runSync(USER, 'token')).ok).toBe(true);
    expect(await db.events.get(event.id)).toMatchObject({ status: 'synced', at: '2026-11-28T08:00:00.000Z' });
  });

  it("waits when the account's daily quota is reached, keeping every change pending", async () => {
    await recordEvent(completed('l1'));
    serve(() => json(429, { error: 'quota-exceeded', message: 'full' }, { 'retry-after': '3600' }));
    const run = await runSync(USER, 'token');
    expect(run).toMatchObject({ ok: false, failure: 'quota', retryAfter: 3600 });
    expect(await db.events.where('[userId+status]').equals([USER, 'pending']).count()).toBe(1);
  });

  it('tells a busy server from a full quota', async () => {
    serve(() => json(429, { error: 'too-many-requests', message: 'busy' }, { 'retry-after': '2' }));
    expect(await runSync(USER, 'token')).toMatchObject({ ok: false, failure: 'busy', retryAfter: 2 });
  });

  it('marks refused events with their reason and never sends them again', async () => {
    const event = await recordEvent(completed('l1'));
    serve(({ events }) =>
      json(200, {
        accepted: [],
        rejected: [{ id: events[0]!.id, reason: 'invalid-time', message: '"at" is in the future' }],
        events: [],
        cursor: 'c1',
        more: false,
      }),
    );
    await runSync(USER, 'token');
    expect(await db.events.get(event.id)).toMatchObject({ status: 'rejected', reason: 'invalid-time: "at" is in the future' });
  });
});
