// WARNING: part of the main bundle. Live views of the offline store for the screens.
import type { Progress } from '../../domain/progress.js';
import { courseProgress } from '../db/events.js';
import { useLiveQuery } from '../db/live.js';
import { type CatalogueEntry, db, type StoredPackage } from '../shared/database.js';
import { type ServerProgress, serverProgressKey } from './catalogue.js';

export interface CourseView {
  entry?: CatalogueEntry;
  stored?: StoredPackage;
  pendingBytes?: number;
  progress?: Progress;
  /** The progress is the server's: the course is not downloaded on this device. */
  fromServer?: boolean;
}

export function useCourses(userId: string): CourseView[] | undefined {
  return useLiveQuery(async () => {
    const entries = await db.catalogue.where('userId').equals(userId).sortBy('title');
    const stored = await db.packages.toArray();
    const ids = new Set(entries.map((e) => e.id));
    // A downloaded course stays readable even if the list could not be refreshed.
    const views: CourseView[] = entries.map((entry) => ({ entry, stored: stored.find((s) => s.courseId === entry.id) }));
    for (const s of stored)
      if (!ids.has(s.courseId) && (await db.events.where('[userId+courseId]').equals([userId, s.courseId]).count()) > 0)
        views.push({ stored: s });
    for (const view of views) {
      if (view.stored) view.progress = await courseProgress(userId, view.stored.pkg);
      else if (view.entry) {
        const known = (await db.meta.get(serverProgressKey(userId, view.entry.id)))?.value as ServerProgress | undefined;
        if (known) Object.assign(view, { progress: known.progress, fromServer: true });
      }
    }
    return views;
  }, [userId]);
}

// Packages are large (tens of KB of lesson HTML) and change only on a download or update:
// screens share the parsed copy instead of reading IndexedDB again on every lesson.
const packages = new Map<string, StoredPackage>();

/** The stored package of a course: at once from memory when seen before, kept current. */
export function useStoredPackage(courseId: string): StoredPackage | null | undefined {
  const live = useLiveQuery(async () => {
    const stored = (await db.packages.get(courseId)) ?? null;
    const known = packages.get(courseId);
    if (!stored) packages.delete(courseId);
    else if (known?.storedAt === stored.storedAt)
      return known; // same object: no re-render work
    else packages.set(courseId, stored);
    return stored;
  }, [courseId]);
  return live === undefined ? packages.get(courseId) : live;
}

export function useCourse(userId: string, courseId: string): CourseView | undefined {
  return useLiveQuery(async () => {
    const [entry, stored, pending] = await Promise.all([
      db.catalogue.get([userId, courseId]),
      db.packages.get(courseId),
      db.downloads.get(courseId),
    ]);
    return {
      entry,
      stored,
      ...(pending ? { pendingBytes: pending.packageBytes } : {}),
      ...(stored ? { progress: await courseProgress(userId, stored.pkg) } : {}),
    };
  }, [userId, courseId]);
}
