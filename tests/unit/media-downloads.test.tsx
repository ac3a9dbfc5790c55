import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaDownloads } from '../../src/app/courses/MediaDownloads.js';
import * as lessons from '../../src/app/courses/media-lessons.js';
import { StorageFullError } from '../../src/app/courses/storage.js';
import { useSession } from '../../src/app/session.js';
import { mediaDb } from '../../src/app/shared/media-store.js';
import type { CoursePackage, LessonPackage } from '../../src/domain/course.js';
import type { MediaRef } from '../../src/domain/media.js';
import { learner } from '../helpers/course-fixture.js';

const ref = (sha: string, size: number): MediaRef => ({ kind: 'video', sha256: sha.repeat(64), size, mime: 'video/mp4' });
const video = ref('a', 12_000_000);
const audio = ref('b', 3_000_000);
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
  id: 'media',
  version: 1,
  title: 'Kursus',
  summary: 'uji',
  language: 'id',
  category: 'orientasi',
  jp: 1,
  modules: [{ id: 'm1', title: 'Modul', lessons: ls }],
  quizzes: [],
  assets: [],
});
// The video twice: a file two lessons share is counted once.
const course = pkg(lesson('teks'), lesson('video', video), lesson('audio', audio), lesson('ulang', video));

beforeEach(async () => {
  useSession.setState({ token: 't', user: learner, lang: 'id' });
  await mediaDb().files.clear();
  // No course is stored in these tests, so every file would be unused.
  vi.spyOn(lessons, 'removeUnusedMedia').mockResolvedValue(0);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the media lessons of a course screen', () => {
  it('shows nothing for a course without media', async () => {
    const { container } = render(<MediaDownloads pkg={pkg(lesson('teks'))} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(container.textContent).toBe('');
  });

  it('shows each lesson’s size before anything starts, and what is stored of it', async () => {
    // getByText compares text with its spaces collapsed, so a non-breaking one reads as a space.
    await mediaDb().files.put({
      sha256: audio.sha256,
      size: audio.size,
      mime: 'audio/mpeg',
      contiguous: 1_000_000,
      bytes: 1_000_000,
      verified: false,
    });
    render(<MediaDownloads pkg={course} />);
    expect(await screen.findAllByRole('button', { name: 'Unduh (12\u00a0MB)' })).toHaveLength(2);
    expect(screen.getByText('1 MB dari 3 MB tersimpan')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lanjutkan (2\u00a0MB lagi)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unduh semua media (14\u00a0MB)' })).toBeTruthy();
    // What the phone holds of the course's media, to the byte stored (shown rounded).
    expect(screen.getByText('Media kursus ini di perangkat: 1 MB')).toBeTruthy();
  });

  it('downloads one lesson’s media on its own', async () => {
    const download = vi.spyOn(lessons, 'downloadLessonsMedia').mockResolvedValue();
    render(<MediaDownloads pkg={course} />);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Unduh (12\u00a0MB)' }))[0]!);
    expect(download).toHaveBeenCalledOnce();
    expect(download.mock.calls[0]![0].map((l) => l.lessonId)).toEqual(['video']);
  });

  it('says how much space is missing when the phone is full', async () => {
    vi.spyOn(lessons, 'downloadLessonsMedia').mockRejectedValue(new StorageFullError(12_000_000, 2_000_000));
    render(<MediaDownloads pkg={course} />);
    fireEvent.click(await screen.findByRole('button', { name: /Unduh semua media/ }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Ruang penyimpanan tidak cukup: perlu 12\u00a0MB, tersedia 2\u00a0MB. Yang sudah terunduh tetap tersimpan.',
    );
  });

  it('removes a stored lesson’s media, or all of it', async () => {
    for (const m of [video, audio])
      await mediaDb().files.put({ sha256: m.sha256, size: m.size, mime: m.mime, contiguous: m.size, bytes: m.size, verified: true });
    const remove = vi.spyOn(lessons, 'removeLessonsMedia').mockResolvedValue();
    render(<MediaDownloads pkg={course} />);
    expect(await screen.findAllByText('Tersimpan · 12 MB')).toHaveLength(2);
    fireEvent.click(screen.getAllByRole('button', { name: 'Hapus' })[1]!); // the audio's
    fireEvent.click(screen.getByRole('button', { name: 'Hapus semua media' }));
    expect(remove.mock.calls.map(([ls]) => ls.map((l) => l.lessonId))).toEqual([['audio'], ['video', 'audio', 'ulang']]);
  });

  it('downloads all missing media at once when the learner chose it with the text, and only then', async () => {
    const download = vi.spyOn(lessons, 'downloadLessonsMedia').mockResolvedValue();
    render(<MediaDownloads pkg={course} />);
    await screen.findByRole('button', { name: /Unduh semua media/ });
    expect(download).not.toHaveBeenCalled();
    cleanup();

    sessionStorage.setItem('sinau:media-now:media', '1');
    render(<MediaDownloads pkg={course} />);
    await waitFor(() => expect(download).toHaveBeenCalledOnce());
    expect(download.mock.calls[0]![0].map((l) => l.lessonId)).toEqual(['video', 'audio', 'ulang']);
    expect(sessionStorage.getItem('sinau:media-now:media')).toBeNull();
  });
});
