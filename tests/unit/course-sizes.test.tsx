import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CourseSizes, takeMediaWish } from '../../src/app/courses/CourseSizes.js';
import { useDownloads } from '../../src/app/courses/catalogue.js';
import { useSession } from '../../src/app/session.js';
import { type CatalogueEntry, db } from '../../src/app/shared/database.js';
import type { CoursePackage, LessonPackage } from '../../src/domain/course.js';
import type { MediaRef } from '../../src/domain/media.js';
import { learner } from '../helpers/course-fixture.js';

const ref = (sha: string, size: number, kind: MediaRef['kind'] = 'video'): MediaRef => ({
  kind,
  sha256: sha.repeat(64),
  size,
  mime: 'video/mp4',
});
const lesson = (id: string, media?: MediaRef): LessonPackage => ({
  id,
  title: `Pelajaran ${id}`,
  minutes: 5,
  html: '',
  assets: [],
  ...(media ? { media } : {}),
});
const pkg = (...ls: LessonPackage[]): CoursePackage => ({
  format: 1,
  id: 'kursus',
  version: 2,
  title: 'Kursus',
  summary: 'uji',
  language: 'id',
  category: 'orientasi',
  jp: 1,
  modules: [{ id: 'm1', title: 'Modul', lessons: ls }],
  quizzes: [],
  assets: [{ sha256: 'f'.repeat(64), size: 40_000, mime: 'image/png' }],
});
// Each test its own version: the screen keeps a package fetched for its sizes for the session.
const entry = (p: CoursePackage, version: number): CatalogueEntry => ({
  id: p.id,
  version,
  title: p.title,
  summary: p.summary,
  category: p.category,
  jp: p.jp,
  modules: 1,
  lessons: 3,
  downloadBytes: 1,
  userId: learner.id,
  fetchedAt: 0,
});
// The same video in two lessons: one file, counted once in the media total.
const course = pkg(
  lesson('teks'),
  lesson('video', ref('a', 12_000_000)),
  lesson('pdf', ref('b', 300_000, 'pdf')),
  lesson('ulang', ref('a', 12_000_000)),
);
const text = JSON.stringify(course);

let start: ReturnType<typeof vi.fn<(courseId: string) => Promise<void>>>;
let asked: string[];
beforeEach(async () => {
  useSession.setState({ token: 't', user: learner, lang: 'id' });
  await db.downloads.clear();
  sessionStorage.clear();
  asked = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    return new Response(text, { headers: { 'content-type': 'application/json' } });
  });
  start = vi.fn(async (_courseId: string) => {});
  useDownloads.setState({ byCourse: {}, start });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a course’s sizes before it is downloaded', () => {
  it('shows the text’s exact size and each media lesson’s, and the media total counting a shared file once', async () => {
    render(<CourseSizes entry={entry(course, 11)} resuming={false} />);
    await screen.findByRole('heading', { name: 'Ukuran unduhan' });
    // The package's UTF-8 bytes and its image: what the download will count and store.
    const textBytes = new TextEncoder().encode(text).length + 40_000;
    expect(screen.getByText(`Teks, kuis dan gambar: ${Math.round(textBytes / 1000)} KB`)).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Pelajaran video: 12\u00a0MB',
      'Pelajaran pdf: 300\u00a0KB',
      'Pelajaran ulang: 12\u00a0MB',
    ]);
    expect(screen.getByText(/^Video, audio dan PDF: 12 MB\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Unduh teks dan semua media \(12\sMB\)$/ })).toBeTruthy();
    expect(asked).toEqual(['/api/courses/kursus']);
  });

  it('takes the text only: the fetched package becomes the download’s first part, and no media is asked for', async () => {
    render(<CourseSizes entry={entry(course, 12)} resuming={false} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Unduh teks saja \(.+\), media nanti$/ }));
    await waitFor(() => expect(start).toHaveBeenCalledWith('kursus'));
    expect(await db.downloads.get('kursus')).toMatchObject({
      version: 2,
      pkg: course,
      packageBytes: new TextEncoder().encode(text).length,
    });
    expect(takeMediaWish('kursus')).toBe(false);
    expect(asked).toHaveLength(1);
  });

  it('takes the text and all media: the course screen’s media list starts once the text is stored', async () => {
    render(<CourseSizes entry={entry(course, 13)} resuming={false} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Unduh teks dan semua media/ }));
    await waitFor(() => expect(start).toHaveBeenCalledWith('kursus'));
    expect(takeMediaWish('kursus')).toBe(true);
    expect(takeMediaWish('kursus')).toBe(false); // asked once
  });

  it('offers the plain download for a course without media', async () => {
    const plain = pkg(lesson('teks'));
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(plain)));
    render(<CourseSizes entry={entry(plain, 3)} resuming={false} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Unduh untuk offline \(\d+\sKB\)$/ }));
    await waitFor(() => expect(start).toHaveBeenCalledWith('kursus'));
    expect(screen.queryByRole('heading', { name: 'Ukuran unduhan' })).toBeNull();
  });
});
