import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { courseEvents, courseProgress, type EventInput, type NewEvent, pendingCount, recordEvent } from '../../src/app/db/events.js';
import { db, type LocalEvent } from '../../src/app/shared/database.js';
import type { CoursePackage } from '../../src/domain/course.js';

// ---- helpers -------------------------------------------------------------------------

const ANI = 'user-ani';
const BUDI = 'user-budi';
const COURSE = 'orientasi-pppk';
const OTHER_COURSE = 'bangkom-etika';

const t = (m: number) => new Date(Date.UTC(2026, 10, 28, 8, m));

function coursePackage(id: string, lessonIds: string[], postTest = false): CoursePackage {
  return {
    format: 1,
    id,
    version: 1,
    title: id,
    summary: 'uji',
    language: 'id',
    category: 'orientasi',
    jp: 2,
    modules: [
      { id: 'm1', title: 'Modul 1', lessons: lessonIds.map((l) => ({ id: l, title: l, minutes: 5, html: '<p>x</p>', assets: [] })) },
    ],
    ...(postTest ? { postTest: { id: 'post', title: 'Post-test', feedback: 'after-sync' as const, passingScore: 70, questions: [] } } : {}),
    quizzes: [],
    assets: [],
  };
}

const event = <T extends NewEvent['type']>(type: T, data: EventInput<T>, over: Partial<Omit<NewEvent, 'type' | 'data'>> = {}): NewEvent =>
  ({ userId: ANI, type, courseId: COURSE, courseVersion: 1, data, ...over }) as NewEvent;
const position = (lessonId: string, pos: number, over?: Partial<NewEvent>) => event('lesson.position', { lessonId, position: pos }, over);
const completed = (lessonId: string, over?: Partial<NewEvent>) => event('lesson.completed', { lessonId }, over);
const opened = (lessonId: string, over?: Partial<NewEvent>) => event('lesson.opened', { lessonId }, over);

const allEvents = () => db.events.toArray();
const positionsOf = async (userId: string, courseId: string) =>
  (await courseEvents(userId, courseId)).filter((e) => e.type === 'lesson.position').map((e) => e.data.position);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fresh store per test: every table of the app's database emptied. */
async function resetStore(): Promise<void> {
  const tables = [db.meta, db.catalogue, db.packages, db.downloads, db.assets, db.events, db.drafts];
  await Promise.all(tables.map((table) => table.clear()));
}

beforeEach(async () => {
  await resetStore();
});

afterEach(() => {
  vi.restoreAllMocks();
});

// ---- recordEvent ---------------------------------------------------------------------

describe('recordEvent', () => {
  it('stores a pending event with a fresh UUID and the given time', async () => {
    const record = await recordEvent(opened('l1'), t(3));
    expect(record).toEqual({
      id: expect.stringMatching(UUID),
      userId: ANI,
      type: 'lesson.opened',
      courseId: COURSE,
      courseVersion: 1,
      at: '2026-11-28T08:03:00.000Z',
      data: { lessonId: 'l1' },
      status: 'pending',
    });
    expect(await db.events.get(record.id)).toEqual(record);
    expect(await pendingCount(ANI)).toBe(1);
    expect(await pendingCount(BUDI)).toBe(0);
  });

  it('gives every event its own id', async () => {
    const a = await recordEvent(opened('l1'), t(1));
    const b = await recordEvent(opened('l1'), t(1));
    expect(a.id).not.toBe(b.id);
    expect(await allEvents()).toHaveLength(2);
  });

  describe('lesson.position', () => {
    it('replaces the older pending position of the same lesson', async () => {
      const first = await recordEvent(position('l1', 0.2), t(1));
      const second = await recordEvent(position('l1', 0.5), t(2));
      const events = await allEvents();
      expect(events.map((e) => e.id)).toEqual([second.id]);
      expect(await db.events.get(first.id)).toBeUndefined();
      expect(await pendingCount(ANI)).toBe(1);
    });

    it('keeps the positions of other lessons, other courses and other learners', async () => {
      await recordEvent(position('l1', 0.1), t(1));
      await recordEvent(position('l2', 0.3), t(2));
      await recordEvent(position('l1', 0.4, { courseId: OTHER_COURSE }), t(3));
      await recordEvent(position('l1', 0.6, { userId: BUDI }), t(4));
      await recordEvent(position('l1', 0.9), t(5));

      expect(await positionsOf(ANI, COURSE)).toEqual(expect.arrayContaining([0.3, 0.9]));
      expect(await positionsOf(ANI, COURSE)).toHaveLength(2);
      expect(await positionsOf(ANI, OTHER_COURSE)).toEqual([0.4]);
      expect(await positionsOf(BUDI, COURSE)).toEqual([0.6]);
    });

    it('keeps a position already synced and only replaces the pending one', async () => {
      const synced = await recordEvent(position('l1', 0.2), t(1));
      await db.events.update(synced.id, { status: 'synced' });
      const pending = await recordEvent(position('l1', 0.4), t(2));
      const latest = await recordEvent(position('l1', 0.7), t(3));

      const ids = (await allEvents()).map((e) => e.id);
      expect(ids).toContain(synced.id);
      expect(ids).toContain(latest.id);
      expect(ids).not.toContain(pending.id);
      expect(ids).toHaveLength(2);
    });

    it('does not touch other event types of the same lesson', async () => {
      const open = await recordEvent(opened('l1'), t(1));
      await recordEvent(position('l1', 0.2), t(2));
      await recordEvent(position('l1', 0.4), t(3));
      expect((await allEvents()).map((e) => e.type).sort()).toEqual(['lesson.opened', 'lesson.position']);
      expect(await db.events.get(open.id)).toBeDefined();
    });

    it('replaces and adds in one transaction: a failed add leaves the older position in place', async () => {
      const older = await recordEvent(position('l1', 0.2), t(1));
      const other = await recordEvent(opened('l2'), t(2));
      // The next event gets an id already taken, so its add fails inside the transaction.
      vi.spyOn(crypto, 'randomUUID').mockReturnValue(other.id as ReturnType<typeof crypto.randomUUID>);

      await expect(recordEvent(position('l1', 0.8), t(3))).rejects.toThrow();

      const events = await allEvents();
      expect(events).toHaveLength(2);
      expect(await db.events.get(older.id)).toEqual(older);
      expect(await db.events.get(other.id)).toEqual(other);
    });
  });

  describe('lesson.completed', () => {
    it('records nothing new when the lesson is completed a second time', async () => {
      const first = await recordEvent(completed('l1'), t(1));
      const again = await recordEvent(completed('l1'), t(9));
      expect(again).toEqual(first);
      expect(await allEvents()).toEqual([first]);
    });

    it('still says nothing new once the first completion was synced', async () => {
      const first = await recordEvent(completed('l1'), t(1));
      await db.events.update(first.id, { status: 'synced' });
      const again = await recordEvent(completed('l1'), t(2));
      expect(again.id).toBe(first.id);
      expect(await allEvents()).toHaveLength(1);
      expect(await pendingCount(ANI)).toBe(0);
    });

    it('records the completion of another lesson, course or learner', async () => {
      await recordEvent(completed('l1'), t(1));
      await recordEvent(completed('l2'), t(2));
      await recordEvent(completed('l1', { courseId: OTHER_COURSE }), t(3));
      await recordEvent(completed('l1', { userId: BUDI }), t(4));
      expect(await allEvents()).toHaveLength(4);
      expect(await pendingCount(ANI)).toBe(3);
      expect(await pendingCount(BUDI)).toBe(1);
    });
  });

  it('keeps every study.time and quiz.submitted event', async () => {
    const study = event('study.time', { lessonId: 'l1', seconds: 30 });
    await recordEvent(study, t(1));
    await recordEvent(study, t(2));
    const quiz = event('quiz.submitted', { quizId: 'post', attemptId: crypto.randomUUID(), responses: {}, startedAt: t(3).toISOString() });
    await recordEvent(quiz, t(4));
    expect(await allEvents()).toHaveLength(3);
  });
});

// ---- courseProgress ------------------------------------------------------------------

describe('courseProgress', () => {
  const pkg = coursePackage(COURSE, ['l1', 'l2']);
  const withPostTest = coursePackage(COURSE, ['l1', 'l2'], true);

  it('is empty before the learner does anything', async () => {
    const p = await courseProgress(ANI, pkg);
    expect(p).toMatchObject({ started: false, lessonsDone: {}, lessonsTotal: 2, resume: null, complete: false });
  });

  it('folds the learner’s events of that course', async () => {
    await recordEvent(opened('l1'), t(1));
    await recordEvent(position('l1', 0.5), t(2));
    await recordEvent(completed('l1'), t(3));
    await recordEvent(event('study.time', { lessonId: 'l1', seconds: 90 }), t(4));
    await recordEvent(opened('l2'), t(5));

    const p = await courseProgress(ANI, pkg);
    expect(p.started).toBe(true);
    expect(p.lessonsDone).toEqual({ l1: t(3).toISOString() });
    expect(p.resume).toEqual({ lessonId: 'l2', position: 0, at: t(5).toISOString() });
    expect(p.studySeconds).toBe(90);
    expect(p.complete).toBe(false);

    await recordEvent(completed('l2'), t(6));
    const done = await courseProgress(ANI, pkg);
    expect(done.complete).toBe(true);
    expect(done.completedAt).toBe(t(6).toISOString());
  });

  it('ignores other learners and other courses', async () => {
    await recordEvent(completed('l1', { userId: BUDI }), t(1));
    await recordEvent(completed('l2', { courseId: OTHER_COURSE }), t(2));
    await recordEvent(position('l2', 0.8, { userId: BUDI }), t(3));

    const p = await courseProgress(ANI, pkg);
    expect(p.started).toBe(false);
    expect(p.lessonsDone).toEqual({});
    expect(p.resume).toBeNull();
    expect((await courseProgress(BUDI, pkg)).lessonsDone).toEqual({ l1: t(1).toISOString() });
  });

  it('reads the post-test from the package and uses the server’s grade', async () => {
    await recordEvent(completed('l1'), t(1));
    await recordEvent(completed('l2'), t(2));
    const quiz = await recordEvent(
      event('quiz.submitted', { quizId: 'post', attemptId: crypto.randomUUID(), responses: {}, startedAt: t(3).toISOString() }),
      t(4),
    );
    expect((await courseProgress(ANI, withPostTest)).complete).toBe(false);
    expect((await courseProgress(ANI, withPostTest)).postTestPending).toBe(true);
    expect((await courseProgress(ANI, pkg)).complete).toBe(true);

    await db.events.update(quiz.id, { status: 'synced', result: { score: 80, points: 4, questions: 5, passed: true } });
    const p = await courseProgress(ANI, withPostTest);
    expect(p.postTest?.result?.score).toBe(80);
    expect(p.complete).toBe(true);
    expect(p.completedAt).toBe(t(4).toISOString());
  });

  it('leaves out what the server refused: it never counts', async () => {
    const refused = await recordEvent(completed('l1'), t(1));
    await db.events.update(refused.id, { status: 'rejected', reason: 'invalid-time: "at" is in the future' });
    expect((await courseProgress(ANI, pkg)).lessonsDone).toEqual({});
  });

  it('keeps the resume point across many position updates', async () => {
    for (let i = 1; i <= 10; i++) await recordEvent(position('l2', i / 10), t(i));
    const events: LocalEvent[] = await courseEvents(ANI, COURSE);
    expect(events).toHaveLength(1);
    expect((await courseProgress(ANI, pkg)).resume).toEqual({ lessonId: 'l2', position: 1, at: t(10).toISOString() });
  });
});
