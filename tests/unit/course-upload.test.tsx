import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CourseUpload } from '../../src/app/admin/CourseUpload.js';
import { useSession } from '../../src/app/session.js';
import type { CourseUploadAnswer } from '../../src/domain/api/course-upload.js';

/** XMLHttpRequest as far as the upload uses it; the test answers each request itself. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const SHA = 'a'.repeat(64);
const lesson = (id: string, change: 'added' | 'changed' | 'same') => ({
  id,
  title: `Pelajaran ${id}`,
  minutes: 10,
  html: `<p>Isi ${id}</p><p><img src="/api/assets/${SHA}" alt="Bagan ${id}"></p>`,
  change,
});
const GOOD: CourseUploadAnswer = {
  ok: true,
  problems: [],
  course: {
    id: 'orientasi',
    version: 2,
    title: 'Orientasi PPPK',
    modules: 1,
    lessons: 2,
    sizeBytes: 2_500_000,
    publishedVersion: 1,
    outline: [{ id: 'm1', title: 'Modul Satu', lessons: [lesson('l1', 'added'), lesson('l2', 'same')] }],
  },
  changes: { added: ['l1'], changed: [], removed: ['l0'] },
  previewId: 'p'.repeat(22),
};

describe('course upload', () => {
  beforeEach(() => {
    FakeXhr.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    useSession.setState({ token: 'admin-token', lang: 'id' });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const choose = (name = 'kursus.zip') => {
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const file = new File([new Uint8Array(10)], name, { type: 'application/zip' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    // A real change event: with preact/compat loaded (zustand), fireEvent.change sends `input`.
    fireEvent(input, new Event('change', { bubbles: true }));
    return file;
  };

  it('shows the upload progress, then every problem with its file and line in plain Indonesian', async () => {
    render(<CourseUpload />);
    const file = choose();
    const xhr = FakeXhr.sent[0]!;
    expect(xhr.url).toBe('/api/admin/courses?publish=0');
    expect(xhr.headers).toMatchObject({ 'content-type': 'application/zip', authorization: 'Bearer admin-token' });
    expect(xhr.body).toBe(file);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 45, total: 100 });
    expect(await screen.findByText(/Mengunggah kursus\.zip… 45%/)).toBeTruthy();
    expect((screen.getByRole('progressbar') as HTMLProgressElement).value).toBe(0.45);

    xhr.respond(200, {
      ok: false,
      problems: [
        { file: 'lessons/m1-l1.md', line: 9, message: 'image "../images/bagan.png" not found (looked for images/bagan.png)' },
        { file: 'quizzes/pre-test.yaml', line: 4, message: 'questions.0.options: Too small' },
        { file: '', message: 'the zip holds 5,001 entries; a course may have at most 5,000' },
      ],
      course: null,
      changes: { added: [], changed: [], removed: [] },
    });
    const items = (await screen.findAllByRole('listitem')).map((li) => li.textContent);
    expect(screen.getByText(/3 masalah ditemukan/)).toBeTruthy();
    expect(items[0]).toMatch(/^lessons\/m1-l1\.md, baris 9: Gambar "..\/images\/bagan.png" tidak ditemukan di folder kursus\./);
    expect(items[1]).toBe('quizzes/pre-test.yaml, baris 4: questions.0.options: Too small');
    expect(items[2]).toMatch(/^Berkas zip: Isi zip ini tidak wajar/);
    expect(screen.queryByRole('button', { name: 'Terbitkan' })).toBeNull();
  });

  it('lists the outline with what changed, previews a lesson with its unpublished images, then publishes', async () => {
    const fetchMock = vi.fn(async () => new Response(new Blob(['<svg/>'], { type: 'image/svg+xml' })));
    vi.stubGlobal('fetch', fetchMock);
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:preview-1');
    const onPublished = vi.fn();
    render(<CourseUpload onPublished={onPublished} />);
    const file = choose();
    FakeXhr.sent[0]!.respond(200, GOOD);

    expect(await screen.findByText(/Orientasi PPPK: versi 2, 1 modul, 2 pelajaran, ukuran unduhan 2,5 MB\./)).toBeTruthy();
    expect(screen.getByText(/1 pelajaran baru, 0 berubah, 1 dihapus\. Dihapus: l0/)).toBeTruthy();
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['Pelajaran l1 baru Pratinjau: Pelajaran l1', 'Pelajaran l2 Pratinjau: Pelajaran l2']);

    fireEvent.click(screen.getByRole('button', { name: /^Pratinjau\W*Pelajaran l1/ }));
    const preview = await screen.findByRole('article', { name: /Pratinjau pelajaran/ });
    expect(preview.querySelector('h1')?.textContent).toBe('Pelajaran l1');
    await waitFor(() => expect(preview.querySelector('img')?.getAttribute('src')).toBe('blob:preview-1'));
    expect(fetchMock).toHaveBeenCalledWith(`/api/admin/courses/previews/${GOOD.previewId}/${SHA}`, expect.anything());

    fireEvent.click(screen.getByRole('button', { name: 'Terbitkan' }));
    const publish = FakeXhr.sent[1]!;
    expect(publish.url).toBe('/api/admin/courses?publish=1');
    expect(publish.body).toBe(file);
    publish.respond(200, { ...GOOD, previewId: undefined, outcome: 'published' });
    expect(await screen.findByText(/✓ Terbit: Orientasi PPPK versi 2/)).toBeTruthy();
    expect(onPublished).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Terbitkan' })).toBeNull();
  });

  it('says a schema problem in Indonesian from its code, with the importer’s English beside it', async () => {
    render(<CourseUpload />);
    choose();
    FakeXhr.sent[0]!.respond(200, {
      ok: false,
      problems: [{ file: 'course.yaml', line: 12, message: 'modules.0.lessons.1.minutes: Too small: expected number to be >=1' }],
      details: [{ code: 'schema-too-small', params: { path: 'modules.0.lessons.1.minutes', origin: 'number', minimum: 1, inclusive: 1 } }],
      course: null,
      changes: { added: [], changed: [], removed: [] },
    });
    const [item] = (await screen.findAllByRole('listitem')).map((li) => li.textContent);
    expect(item).toBe(
      "course.yaml, baris 12: 'minutes' pelajaran ke-2 di modul ke-1 harus paling sedikit 1. (modules.0.lessons.1.minutes: Too small: expected number to be >=1)",
    );
  });

  it('explains a refused version and an upload over 300 MB', async () => {
    render(<CourseUpload />);
    choose();
    FakeXhr.sent[0]!.respond(200, {
      ...GOOD,
      ok: false,
      previewId: undefined,
      problems: [
        {
          file: 'course.yaml',
          message:
            'orientasi version 2 is already published with different content. Learners may hold it offline, so it cannot change: raise "version" in course.yaml to 3 and import again.',
        },
      ],
    });
    expect(await screen.findByText(/Versi 2 sudah terbit dengan isi berbeda.*menjadi 3, lalu unggah lagi\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Terbitkan' })).toBeNull();

    choose('besar.zip');
    FakeXhr.sent[1]!.respond(413, { error: 'too-large', message: 'A course zip may be at most 300 MiB' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/lebih dari 300 MB/);
  });
});
