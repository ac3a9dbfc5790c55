import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StorageDetails } from '../../src/app/courses/StorageDetails.js';
import { useSession } from '../../src/app/session.js';
import { db } from '../../src/app/shared/database.js';
import { mediaDb } from '../../src/app/shared/media-store.js';
import type { CoursePackage, LessonPackage } from '../../src/domain/course.js';
import type { MediaRef } from '../../src/domain/media.js';
import { learner } from '../helpers/course-fixture.js';

const ref = (sha: string, size: number): MediaRef => ({ kind: 'video', sha256: sha.repeat(64), size, mime: 'video/mp4' });
const video = ref('a', 3_000_000);
const pdf = ref('b', 250_000);
const lesson = (id: string, media?: MediaRef): LessonPackage => ({
  id,
  title: `Pelajaran ${id}`,
  minutes: 5,
  html: '',
  assets: [],
  ...(media ? { media } : {}),
});
const pkg = (id: string, ...ls: LessonPackage[]): CoursePackage => ({
  format: 1,
  id,
  version: 1,
  title: `Kursus ${id}`,
  summary: 'uji',
  language: 'id',
  category: 'orientasi',
  jp: 1,
  modules: [{ id: 'm1', title: 'Modul', lessons: ls }],
  quizzes: [],
  assets: [],
});

/** Stores `bytes` of a file as chunks of the sizes given, as a download leaves them. */
async function storeFile(media: MediaRef, ...sizes: number[]) {
  let start = 0;
  for (const size of sizes) {
    await mediaDb().chunks.put({ sha256: media.sha256, start, blob: new Blob([new Uint8Array(size)]) });
    start += size;
  }
  await mediaDb().files.put({ ...media, contiguous: start, bytes: start, verified: start === media.size });
}

beforeEach(async () => {
  useSession.setState({ token: 't', user: learner, lang: 'id' });
  await Promise.all([db.packages.clear(), db.downloads.clear(), mediaDb().files.clear(), mediaDb().chunks.clear()]);
  await db.packages.put({
    courseId: 'satu',
    version: 1,
    pkg: pkg('satu', lesson('teks'), lesson('v', video), lesson('p', pdf)),
    bytes: 51_234,
    storedAt: 1,
  });
  await db.packages.put({ courseId: 'dua', version: 1, pkg: pkg('dua', lesson('teks')), bytes: 8_000, storedAt: 1 });
  await storeFile(video, 1_048_576, 1_048_576, 902_848);
  await storeFile(pdf, 100_000);
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota: 1e9, usage: 4e8 }), persisted: async () => true } });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const item = (start: string) => screen.getAllByRole('listitem').find((li) => li.textContent?.startsWith(start));
const chunksOf = (media: MediaRef) => mediaDb().chunks.where('[sha256+start]').between([media.sha256, 0], [media.sha256, Infinity]).count();

describe('the storage panel', () => {
  it('shows per course its text and its media, and per lesson the bytes stored', async () => {
    render(<StorageDetails />);
    await screen.findByRole('heading', { name: 'Penyimpanan' });
    // getByText compares text with its spaces collapsed, so a non-breaking one reads as a space.
    expect(screen.getByText('Teks dan gambar: 51 KB')).toBeTruthy();
    // 51 234 + 3 000 000 + 100 000 bytes: the media as stored, nothing rounded before the sum.
    expect(item('Kursus satu: ')?.querySelector('strong')?.textContent).toBe('3,2\u00a0MB');
    expect(screen.getByText('Media: 3,1 MB')).toBeTruthy();
    expect(item('Pelajaran v: ')?.textContent).toBe('Pelajaran v: 3\u00a0MB tersimpan Hapus');
    expect(item('Pelajaran p: ')?.textContent).toBe('Pelajaran p: 100\u00a0KB dari 250\u00a0KB tersimpan Hapus');
    // A course without media: its size alone, nothing to remove.
    expect(item('Kursus dua: ')?.textContent).toBe('Kursus dua: 8\u00a0KB');
    expect(await screen.findByText('Ruang tersisa di perangkat: 600 MB')).toBeTruthy();
  });

  it('removes one lesson’s media, which then says it is not downloaded, and frees its bytes', async () => {
    render(<StorageDetails />);
    fireEvent.click(await screen.findByRole('button', { name: 'Hapus media Pelajaran v' }));
    await waitFor(() => expect(item('Pelajaran v: ')?.textContent).toBe('Pelajaran v: Belum diunduh (3\u00a0MB)'));
    expect(await chunksOf(video)).toBe(0);
    expect(await mediaDb().files.get(video.sha256)).toBeUndefined();
    expect(await chunksOf(pdf)).toBe(1);
    expect(screen.getByText('Media: 100 KB')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Hapus media Pelajaran v' })).toBeNull();
  });

  it('removes all of a course’s media at once, keeping the course itself', async () => {
    render(<StorageDetails />);
    fireEvent.click(await screen.findByRole('button', { name: 'Hapus semua media kursus ini' }));
    await waitFor(() => expect(screen.getByText('Media: 0 B')).toBeTruthy());
    expect(item('Pelajaran p: ')?.textContent).toBe('Pelajaran p: Belum diunduh (250\u00a0KB)');
    expect(await mediaDb().chunks.count()).toBe(0);
    expect(await mediaDb().files.count()).toBe(0);
    expect(await db.packages.count()).toBe(2);
    expect(screen.queryByRole('button', { name: 'Hapus semua media kursus ini' })).toBeNull();
  });
});
