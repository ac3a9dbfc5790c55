// WARNING: part of the main bundle. The learner's course list, kept offline, and the
// state of each course's download.
import { create } from 'zustand';
import { ApiError, api } from '../api.js';
import { db } from '../db/database.js';
import { useSession } from '../session.js';
import { type DownloadProgress, downloadCourse, requestPersistence, StorageFullError } from './download.js';

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
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      expire();
      return 'expired';
    }
    return 'offline';
  }
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
