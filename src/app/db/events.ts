// WARNING: part of the main bundle. Every learner action is one event, written to the
// local store and the outbox in one transaction; the sync engine ships pending ones.

import type { z } from 'zod';
import type { CoursePackage } from '../../domain/course.js';
import type { EventData, EventType } from '../../domain/events.js';
import { foldProgress, outlineOf, type Progress } from '../../domain/progress.js';
import { db, type LocalEvent } from '../shared/database.js';

/** An event type's `data`, as src/domain/events.ts checks it on the server (types only: no zod here). */
export type EventInput<T extends EventType> = z.input<(typeof EventData)[T]>;

/** A learner action to record; its `data` is the one its type has. */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: { userId: string; type: K; courseId: string; courseVersion: number; data: EventInput<K> };
}[T];

export async function recordEvent(event: NewEvent, at = new Date()): Promise<LocalEvent> {
  const record: LocalEvent = { ...event, id: crypto.randomUUID(), at: at.toISOString(), status: 'pending' };
  return db.transaction('rw', db.events, async () => {
    const mine = () => db.events.where('[userId+courseId]').equals([event.userId, event.courseId]);
    // Completing a lesson twice says nothing new.
    if (event.type === 'lesson.completed') {
      const earlier = await mine()
        .filter((e) => e.type === 'lesson.completed' && e.status !== 'rejected' && e.data.lessonId === event.data.lessonId)
        .first();
      if (earlier) return earlier;
    }
    // The resume point only needs the newest position: an unsent older one for the same
    // lesson is replaced rather than queued, so scrolling does not fill the outbox.
    if (event.type === 'lesson.position') {
      const stale = await mine()
        .filter((e) => e.status === 'pending' && e.type === 'lesson.position' && e.data.lessonId === event.data.lessonId)
        .primaryKeys();
      await db.events.bulkDelete(stale);
    }
    await db.events.add(record);
    return record;
  });
}

export const pendingCount = (userId: string) => db.events.where('[userId+status]').equals([userId, 'pending']).count();

/** What the learner did in a course, less what the server refused: that never counts. */
export const courseEvents = (userId: string, courseId: string) =>
  db.events
    .where('[userId+courseId]')
    .equals([userId, courseId])
    .filter((e) => e.status !== 'rejected')
    .toArray();

export async function courseProgress(userId: string, pkg: CoursePackage): Promise<Progress> {
  return foldProgress(outlineOf(pkg), await courseEvents(userId, pkg.id));
}
