// A course's media lessons as the learner chooses them (DESIGN.md §15): the text comes with
// the course download, media later, per lesson or all, each with its size shown first.
// Files are content-addressed, so a file two lessons share is downloaded and removed once.
import type { CoursePackage } from '../../domain/course.js';
import type { MediaRef } from '../../domain/media.js';
import { db as app } from '../shared/database.js';
import { dropPdfJs, storePdfJs } from '../shared/media-pdfjs.js';
import { type MediaDatabase, mediaDb, mediaFiles, removeMedia } from '../shared/media-store.js';
import { downloadMedia, type MediaProgress } from './media-download.js';

export interface MediaLesson {
  lessonId: string;
  title: string;
  media: MediaRef;
}

export interface MediaLessonState extends MediaLesson {
  /** Bytes of the file on the phone, whole or not. */
  storedBytes: number;
  /** Stored whole and verified: the lesson plays with no signal. */
  ready: boolean;
}

export const mediaLessons = (pkg: CoursePackage): MediaLesson[] =>
  pkg.modules.flatMap((m) => m.lessons.flatMap((l) => (l.media ? [{ lessonId: l.id, title: l.title, media: l.media }] : [])));

export async function mediaStates(pkg: CoursePackage, db = mediaDb()): Promise<MediaLessonState[]> {
  const lessons = mediaLessons(pkg);
  const files = await mediaFiles(
    lessons.map((l) => l.media.sha256),
    db,
  );
  return lessons.map((l, i) => ({ ...l, storedBytes: files[i]?.bytes ?? 0, ready: files[i]?.verified ?? false }));
}

/** Bytes these lessons' files hold on the phone, counting a file two lessons share once. */
export const storedBytes = (lessons: MediaLessonState[]): number =>
  [...new Map(lessons.map((l) => [l.media.sha256, l.storedBytes])).values()].reduce((n, b) => n + b, 0);

/** What one downloaded course holds on the phone: its text and images, and its media per lesson. */
export interface CourseStorage {
  courseId: string;
  title: string;
  /** The package and its images, as the course download counted them. */
  textBytes: number;
  /** Bytes of the course's media files, whole or not, each file once. */
  mediaBytes: number;
  lessons: MediaLessonState[];
}

/** Every downloaded course's space, for the storage panel. */
export async function storageByCourse(db = mediaDb()): Promise<CourseStorage[]> {
  const packages = await app.packages.toArray();
  return Promise.all(
    packages.map(async (p) => {
      const lessons = await mediaStates(p.pkg, db);
      return { courseId: p.courseId, title: p.pkg.title, textBytes: p.bytes, mediaBytes: storedBytes(lessons), lessons };
    }),
  );
}

const unique = (lessons: MediaLesson[]) => [...new Map(lessons.map((l) => [l.media.sha256, l.media])).values()];

/** Bytes still to download for these lessons, counting a shared file once. */
export async function missingBytes(lessons: MediaLesson[], db = mediaDb()): Promise<number> {
  const files = unique(lessons);
  const stored = await mediaFiles(
    files.map((f) => f.sha256),
    db,
  );
  return files.reduce((n, f, i) => n + (stored[i]?.verified ? 0 : f.size - (stored[i]?.contiguous ?? 0)), 0);
}

/**
 * Downloads these lessons' media one file at a time (one range in flight at a time is what
 * a weak signal carries best), with progress over all of them. Stops at the first failure,
 * which keeps every range stored so far for the next attempt.
 */
export async function downloadLessonsMedia(
  lessons: MediaLesson[],
  onProgress: (p: MediaProgress) => void = () => {},
  signal?: AbortSignal,
  db = mediaDb(),
): Promise<void> {
  const files = unique(lessons);
  const total = files.reduce((n, f) => n + f.size, 0);
  // First: a PDF shows as stored as soon as it is verified, and without pdf.js it would
  // not open with no signal.
  if (files.some((f) => f.kind === 'pdf')) await storePdfJs();
  let before = 0;
  for (const media of files) {
    await downloadMedia(media, { db, ...(signal ? { signal } : {}), onProgress: (p) => onProgress({ done: before + p.done, total }) });
    before += media.size;
  }
  onProgress({ done: total, total });
}

/** Deletes these lessons' media; progress, kept in the learner's events, is untouched. */
export async function removeLessonsMedia(lessons: MediaLesson[], db = mediaDb()): Promise<void> {
  for (const media of unique(lessons)) await removeMedia(media.sha256, db);
  await keepPdfJs(false, db);
}

/**
 * Keeps pdf.js stored while a PDF lesson's file is on the phone, and only then. With
 * `fetch`, also stores what is missing of it: after an app update that brought a new
 * pdf.js, the course screen stores the new one for the PDFs already downloaded.
 */
export async function keepPdfJs(fetch: boolean, db: MediaDatabase = mediaDb()): Promise<void> {
  // Any part of a PDF counts: a download under way stored pdf.js before the PDF's first range.
  const pdfs = await db.files.filter((f) => f.mime === 'application/pdf').count();
  if (pdfs === 0) await dropPdfJs();
  else if (fetch) await storePdfJs();
}

/**
 * Deletes media no course on the phone (downloaded or under way) refers to: removing a
 * course's download keeps its media until this runs, as the course download lives in the
 * main bundle and this store is loaded lazily. Another course's lesson may share a file, so
 * only files no course names go.
 */
export async function removeUnusedMedia(db = mediaDb()): Promise<number> {
  const used = new Set<string>();
  for (const p of [...(await app.packages.toArray()), ...(await app.downloads.toArray())])
    for (const l of mediaLessons(p.pkg)) used.add(l.media.sha256);
  const unused = (await db.files.toCollection().primaryKeys()).filter((sha) => !used.has(sha));
  for (const sha of unused) await removeMedia(sha, db);
  await keepPdfJs(true, db);
  return unused.length;
}
