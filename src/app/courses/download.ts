// Downloading a course for offline use (docs/offline.md). The package arrives first and is kept
// as a pending download; then each asset is fetched, checked against its SHA-256 and
// stored. An interrupted download resumes with the assets still missing. The course
// becomes available offline in one transaction, only once every part is stored.
// Running out of space rolls the partial download back and touches nothing else.
import type { CoursePackage } from '../../domain/course.js';
import { api } from '../api.js';
import { db, type PendingDownload } from '../shared/database.js';
import { freeBytes, IntegrityError, isQuotaError, StorageFullError } from './storage.js';

export interface DownloadProgress {
  done: number;
  total: number;
}

const CONCURRENCY = 3;
const encoder = new TextEncoder();

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Asks the browser not to evict our data under storage pressure; true when granted. */
export async function requestPersistence(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  return (await navigator.storage.persisted()) || navigator.storage.persist();
}

/** The kept package of an interrupted download, or a freshly fetched one (not yet stored). */
async function pendingFor(courseId: string, token: string, signal?: AbortSignal): Promise<{ pending: PendingDownload; stored: boolean }> {
  const pending = await db.downloads.get(courseId);
  if (pending) return { pending, stored: true };
  const text = await api.coursePackage(token, courseId, signal);
  const pkg = JSON.parse(text) as CoursePackage;
  return {
    pending: { courseId, version: pkg.version, pkg, packageBytes: encoder.encode(text).length, startedAt: Date.now() },
    stored: false,
  };
}

export const totalBytes = (d: Pick<PendingDownload, 'pkg' | 'packageBytes'>) =>
  d.packageBytes + d.pkg.assets.reduce((n, a) => n + a.size, 0);

/** Downloads (or resumes, or updates to the current version) a course. */
export async function downloadCourse(
  courseId: string,
  token: string,
  onProgress: (p: DownloadProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<void> {
  const { pending, stored: kept } = await pendingFor(courseId, token, signal);
  const { pkg } = pending;
  const total = totalBytes(pending);
  const have = new Set((await db.assets.bulkGet(pkg.assets.map((a) => a.sha256))).filter((a) => a).map((a) => a!.sha256));
  const missing = pkg.assets.filter((a) => !have.has(a.sha256));
  const needed = missing.reduce((n, a) => n + a.size, 0) + (kept ? 0 : pending.packageBytes);
  let done = total - needed;
  onProgress({ done, total });

  const available = await freeBytes();
  if (available !== undefined && needed > available) {
    await rollBack(courseId);
    throw new StorageFullError(needed, available);
  }

  try {
    if (!kept) await db.downloads.put(pending);
    done += kept ? 0 : pending.packageBytes;
    // Workers share one abort: when one part fails the others stop, and nothing runs on
    // (or reports progress) after this function has returned.
    const stop = new AbortController();
    signal?.addEventListener('abort', () => stop.abort(signal.reason), { once: true });
    const queue = [...missing];
    const worker = async () => {
      for (let asset = queue.shift(); asset && !stop.signal.aborted; asset = queue.shift()) {
        const response = await api.asset(asset.sha256, stop.signal);
        const chunks: Uint8Array[] = [];
        const reader = response.body!.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          chunks.push(r.value);
          done += r.value.length;
          if (!stop.signal.aborted) onProgress({ done: Math.min(done, total), total });
        }
        const data = await new Blob(chunks as BlobPart[]).arrayBuffer();
        if ((await sha256Hex(data)) !== asset.sha256) throw new IntegrityError(`asset ${asset.sha256} arrived damaged`);
        await db.assets.put({
          sha256: asset.sha256,
          blob: new Blob([data], { type: asset.mime }),
          size: data.byteLength,
          mime: asset.mime,
        });
      }
    };
    let firstError: unknown;
    await Promise.allSettled(
      Array.from({ length: Math.min(CONCURRENCY, missing.length) }, () =>
        worker().catch((error) => {
          // The first failure is the cause; the others are aborts it set off.
          if (!stop.signal.aborted) {
            firstError = error;
            stop.abort(error);
          }
        }),
      ),
    );
    if (stop.signal.aborted) throw firstError ?? stop.signal.reason;

    await db.transaction('rw', [db.packages, db.downloads, db.assets], async () => {
      await db.packages.put({ courseId, version: pkg.version, pkg, bytes: total, storedAt: Date.now() });
      await db.downloads.delete(courseId);
      await collectGarbage();
    });
  } catch (error) {
    if (isQuotaError(error)) {
      await rollBack(courseId);
      throw new StorageFullError(needed, (await freeBytes()) ?? 0);
    }
    throw error; // a network failure keeps what arrived, for resuming
  }
}

/** Deletes a pending download and every asset only it needed. */
async function rollBack(courseId: string): Promise<void> {
  await db.transaction('rw', [db.packages, db.downloads, db.assets], async () => {
    await db.downloads.delete(courseId);
    await collectGarbage();
  });
}

/** Removes a downloaded course's content, keeping the learner's progress (their events). */
export async function removeDownload(courseId: string): Promise<void> {
  await db.transaction('rw', [db.packages, db.downloads, db.assets], async () => {
    await db.packages.delete(courseId);
    await db.downloads.delete(courseId);
    await collectGarbage();
  });
}

/** Deletes assets no stored or pending course refers to. Call inside a transaction. */
async function collectGarbage(): Promise<void> {
  const used = new Set<string>();
  for (const p of [...(await db.packages.toArray()), ...(await db.downloads.toArray())]) for (const a of p.pkg.assets) used.add(a.sha256);
  const orphans = (await db.assets.toCollection().primaryKeys()).filter((sha) => !used.has(sha));
  await db.assets.bulkDelete(orphans);
}
