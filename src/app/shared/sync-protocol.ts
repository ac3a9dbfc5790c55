// One sync run against POST /api/sync (docs/sync.md), shared by the app and the service
// worker's Background Sync. It touches only the given learner's events, so one learner's
// changes are never sent under another's token.
import type { SyncBody, SyncReply } from '../../domain/api/sync.js';
import { db, type LocalEvent } from './database.js';
import { ApiError, send } from './http.js';

export const BATCH = 500;

/** `quota`: the account's daily limit on the server is reached; the outbox waits for the next day. */
export type SyncFailure = 'offline' | 'expired' | 'busy' | 'quota' | 'server';

export interface SyncRun {
  ok: boolean;
  failure?: SyncFailure;
  /** Seconds the server asked us to wait (429). */
  retryAfter?: number;
  sent: number;
  received: number;
}

export async function deviceId(): Promise<string> {
  const saved = await db.meta.get('deviceId');
  if (saved) return String(saved.value);
  const id = crypto.randomUUID();
  await db.meta.put({ key: 'deviceId', value: id });
  return id;
}

const cursorKey = (userId: string) => `cursor:${userId}`;
export const lastSyncKey = (userId: string) => `lastSync:${userId}`;

const toWire = (e: LocalEvent) => ({
  id: e.id,
  type: e.type,
  courseId: e.courseId,
  courseVersion: e.courseVersion,
  at: e.at,
  data: e.data,
});

export async function runSync(userId: string, token: string): Promise<SyncRun> {
  const device = await deviceId();
  let sent = 0;
  let received = 0;
  // Bounded: 40 rounds of 500 is 20,000 events, far past any learner's backlog.
  for (let round = 0; round < 40; round++) {
    const cursor = ((await db.meta.get(cursorKey(userId)))?.value as string | undefined) ?? null;
    const pending = await db.events.where('[userId+status]').equals([userId, 'pending']).sortBy('at');
    const batch = pending.slice(0, BATCH);

    // 1. Push the oldest pending events and pull what is new since the cursor, in one trip.
    // `clock` lets the server correct the times of a phone whose clock is wrong.
    const body: SyncBody = { protocol: 1, deviceId: device, cursor, clock: new Date().toISOString(), events: batch.map(toWire) };
    let response: Response;
    try {
      response = await send('/api/sync', { method: 'POST', token, body });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 0) return { ok: false, failure: 'offline', sent, received };
      if (error.status === 401) return { ok: false, failure: 'expired', sent, received };
      if (error.status === 429)
        return {
          ok: false,
          failure: error.code === 'quota-exceeded' ? 'quota' : 'busy',
          retryAfter: error.retryAfterSeconds ?? 5,
          sent,
          received,
        };
      if (error.status === 400 && error.code === 'invalid-cursor') {
        await db.meta.delete(cursorKey(userId)); // pull from the start; events merge idempotently
        continue;
      }
      return { ok: false, failure: 'server', sent, received };
    }
    const reply = (await response.json()) as SyncReply;

    // 2. Only acknowledged events leave the outbox; rejected ones stay, marked, for the learner to see.
    await db.transaction('rw', db.events, db.meta, async () => {
      for (const id of reply.accepted) await db.events.update(id, { status: 'synced' });
      for (const r of reply.rejected) await db.events.update(r.id, { status: 'rejected', reason: `${r.reason}: ${r.message}` });
      // 3. Merge this learner's events from every device, with the server's grades.
      for (const e of reply.events) {
        const local = await db.events.get(e.id);
        // The server's `at` is the device's, corrected for a wrong clock: keep that one.
        if (local) await db.events.update(e.id, { status: 'synced', at: e.at, result: e.result ?? null });
        else
          await db.events.add({
            id: e.id,
            userId,
            type: e.type,
            courseId: e.courseId,
            courseVersion: e.courseVersion,
            at: e.at,
            data: e.data,
            status: 'synced',
            result: e.result ?? null,
          });
      }
      await db.meta.put({ key: cursorKey(userId), value: reply.cursor });
      await db.meta.put({ key: lastSyncKey(userId), value: Date.now() });
    });
    sent += batch.length;
    received += reply.events.length;
    if (!reply.more && pending.length <= BATCH) return { ok: true, sent, received };
  }
  return { ok: true, sent, received };
}
