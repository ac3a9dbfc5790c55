import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { SinauDatabase } from '../../src/app/shared/database.js';

// The first schema as it shipped. When database.ts gains a version, this test still opens
// data written by the oldest app and checks the newest app reads all of it.
const FIRST_SCHEMA = {
  meta: 'key',
  catalogue: '[userId+id], userId',
  packages: 'courseId',
  downloads: 'courseId',
  assets: 'sha256',
  events: 'id, [userId+status], [userId+courseId]',
  drafts: '[userId+courseId+quizId]',
};

describe('the offline store across app versions', () => {
  it('keeps the outbox, drafts and downloads written by the first schema', async () => {
    const name = `sinau-upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores(FIRST_SCHEMA);
    const event = {
      id: 'e1',
      userId: 'u1',
      type: 'lesson.completed',
      courseId: 'c',
      courseVersion: 1,
      at: '2026-11-28T10:00:00.000Z',
      data: { lessonId: 'l1' },
      status: 'pending',
    };
    await old.table('events').add(event);
    await old
      .table('drafts')
      .add({ userId: 'u1', courseId: 'c', quizId: 'q', attemptId: 'a', startedAt: event.at, responses: { q1: 'a' }, updatedAt: 1 });
    await old.table('meta').add({ key: 'deviceId', value: 'd-1' });
    old.close();

    const current = new SinauDatabase(name);
    expect(current.verno).toBeGreaterThanOrEqual(1);
    expect(await current.events.where('[userId+status]').equals(['u1', 'pending']).toArray()).toEqual([event]);
    expect(await current.drafts.get(['u1', 'c', 'q'])).toMatchObject({ responses: { q1: 'a' } });
    expect(await current.meta.get('deviceId')).toEqual({ key: 'deviceId', value: 'd-1' });
    current.close();
  });
});
