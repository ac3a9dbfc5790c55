// WARNING: part of the main bundle. The learner's course list, kept offline, and the
// state of each course's download.
import { create } from 'zustand';
import type { Progress } from '../../domain/progress.js';
import { ApiError, api } from '../api.js';
import { useSession } from '../session.js';
import { db } from '../shared/database.js';
import { type DownloadProgress, downloadCourse, requestPersistence } from './download.js';
import { StorageFullError } from './storage.js';

/** Fetches the enrolled courses when online; the stored list serves when not. */
export async function refreshCatalogue(): Promise<'ok' | 'offline' | 'expired'> {
  const { token, user, expire } = useSession.getState();
  if (!token || !user) return 'expired';
  try {
    const { courses } = await api.courses(token);
    const fetchedAt = Date.now();
    await db.transaction('rw', db.catalogue, async () => {
      await db.catalogue.where('userId').equals(user.id).delete();
      await db.catalogue.bulkPut(courses.map((c) => ({ ...c, userId: user.id, fetchedAt })));
    });
    void refreshServerProgress();
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      expire();
      return 'expired';
    }
    return 'offline';
  }
}

/**
 * Progress in a course not downloaded here, as the server folds it. Without the package the
 * phone knows only the course's summary (counts, not which lessons or which test finishes
 * it), so it cannot fold the pulled events itself; the server folds the same events with
 * the same fold against the current version. Kept, so it shows offline too.
 */
export interface ServerProgress {
  version: number;
  progress: Progress;
  /** How many of the course's events this device held as synced when it was asked. */
  synced: number;
}

export const serverProgressKey = (userId: string, courseId: string) => `serverProgress:${userId}:${courseId}`;

async function fetchServerProgress(): Promise<void> {
  const { token, user } = useSession.getState();
  if (!token || !user) return;
  for (const entry of await db.catalogue.where('userId').equals(user.id).toArray()) {
    if (await db.packages.get(entry.id)) continue; // folded on the phone, with what waits
    const synced = await db.events
      .where('[userId+courseId]')
      .equals([user.id, entry.id])
      .filter((e) => e.status === 'synced')
      .count();
    const key = serverProgressKey(user.id, entry.id);
    const known = (await db.meta.get(key))?.value as ServerProgress | undefined;
    // Asked again only when a sync brought something new for this course, or a new version.
    if (synced === 0 || (known?.synced === synced && known.version === entry.version)) continue;
    try {
      const { version, progress } = await api.progress(token, entry.id);
      await db.meta.put({ key, value: { version, progress, synced } satisfies ServerProgress });
    } catch {
      return; // offline or logged out: the next sync asks again
    }
  }
}

let progressRun: Promise<void> | undefined;
let progressAgain = false;
/** After a sync or a new course list: the server's progress of courses not downloaded here. */
export function refreshServerProgress(): Promise<void> {
  if (progressRun) {
    progressAgain = true;
    return progressRun;
  }
  progressRun = (async () => {
    do {
      progressAgain = false;
      await fetchServerProgress();
    } while (progressAgain);
  })().finally(() => {
    progressRun = undefined;
  });
  return progressRun;
}

export type DownloadState =
  | { state: 'running'; progress: DownloadProgress }
  | {
      state: 'failed';
      reason: 'offline' | 'full' | 'damaged' | 'expired';
      needed?: number;
      available?: number;
      progress?: DownloadProgress;
    };

interface DownloadsStore {
  byCourse: Record<string, DownloadState>;
  start(courseId: string): Promise<void>;
}

export const useDownloads = create<DownloadsStore>((set, get) => ({
  byCourse: {},
  async start(courseId) {
    const token = useSession.getState().token;
    if (get().byCourse[courseId]?.state === 'running') return;
    const put = (s: DownloadState) => set((store) => ({ byCourse: { ...store.byCourse, [courseId]: s } }));
    if (!token) return put({ state: 'failed', reason: 'expired' });
    let last: DownloadProgress | undefined;
    put({ state: 'running', progress: { done: 0, total: 0 } });
    void requestPersistence();
    try {
      await downloadCourse(courseId, token, (progress) => {
        last = progress;
        put({ state: 'running', progress });
      });
      set((store) => {
        const { [courseId]: _, ...rest } = store.byCourse;
        return { byCourse: rest };
      });
    } catch (error) {
      if (error instanceof StorageFullError) put({ state: 'failed', reason: 'full', needed: error.needed, available: error.available });
      else if (error instanceof ApiError && error.status === 401) {
        useSession.getState().expire();
        put({ state: 'failed', reason: 'expired' });
      } else
        put({
          state: 'failed',
          reason: error instanceof ApiError || (error as Error).name === 'TypeError' ? 'offline' : 'damaged',
          ...(last ? { progress: last } : {}),
        });
    }
  },
}));
