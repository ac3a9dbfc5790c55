// The course's "Sesi" section and the check-in, rendered in happy-dom over the real offline
// store (fake-indexeddb). The camera is stood in for: each test says what it "sees".
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../src/app/session.js';
import { CourseSessions } from '../../src/app/sessions/CourseSessions.js';
import { CameraError } from '../../src/app/sessions/scanner.js';
import { keepSessions, keptSessions } from '../../src/app/sessions/store.js';
import { checkInUrl } from '../../src/app/shared/check-in-link.js';
import { db } from '../../src/app/shared/database.js';
import { useSync } from '../../src/app/sync/engine.js';
import type { Session } from '../../src/domain/api/sessions.js';
import { learner } from '../helpers/course-fixture.js';

const camera = vi.hoisted(() => ({ start: vi.fn() }));
vi.mock('../../src/app/sessions/scanner.js', async (original) => ({
  ...(await original<typeof import('../../src/app/sessions/scanner.js')>()),
  startScanner: (video: HTMLVideoElement, onText: (text: string) => void) => camera.start(video, onText),
}));

const COURSE = 'orientasi-pppk';
const HOUR = 3_600_000;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const session = (over: Partial<Session> = {}): Session => ({
  id: 's-now',
  courseId: COURSE,
  title: 'Pertemuan 1',
  mode: 'hybrid',
  startsAt: new Date(Date.now() - HOUR).toISOString(),
  endsAt: new Date(Date.now() + HOUR).toISOString(),
  place: 'Aula BKPSDM',
  meetingUrl: 'https://meet.example.go.id/abc',
  unit: null,
  cancelledAt: null,
  updatedAt: new Date().toISOString(),
  ...over,
});
const later = () =>
  session({
    id: 's-later',
    title: 'Pertemuan 2',
    mode: 'luring',
    startsAt: '2036-12-02T01:00:00.000Z',
    endsAt: '2036-12-02T05:00:00.000Z',
    meetingUrl: null,
  });
const cancelled = () => session({ id: 's-off', title: 'Pertemuan batal', cancelledAt: new Date().toISOString() });

let served: Session[];
const fetchMock = vi.fn(async (url: string) =>
  url === `/api/courses/${COURSE}/sessions` ? json(200, { sessions: served }) : json(404, { error: 'not-found', message: '' }),
);
const setOnline = (online: boolean) => Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
const events = () => db.events.toArray();

const show = (props: Partial<Parameters<typeof CourseSessions>[0]> = {}) =>
  render(<CourseSessions courseId={COURSE} courseTitle="Orientasi PPPK" courseVersion={3} {...props} />);

beforeEach(async () => {
  useSession.setState({ token: 'sari-token', user: learner, lang: 'id' });
  useSync.setState({ running: false, failure: null });
  await Promise.all([db.meta.clear(), db.events.clear()]);
  served = [session(), later(), cancelled()];
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  setOnline(true);
  camera.start.mockReset();
  camera.start.mockRejectedValue(new CameraError('missing'));
});
afterEach(() => {
  cleanup();
  Reflect.deleteProperty(navigator, 'onLine');
});
afterAll(() => vi.unstubAllGlobals());

describe('the sessions of a course', () => {
  it('shows what the server lists, in Jakarta time, and keeps it for a visit with no signal', async () => {
    const view = show();
    await screen.findByRole('heading', { name: 'Sesi' });
    expect(fetchMock).toHaveBeenCalledWith(`/api/courses/${COURSE}/sessions`, expect.objectContaining({ cache: 'no-store' }));
    expect(screen.getByRole('heading', { name: 'Pertemuan 2' })).toBeTruthy();
    // 01:00 UTC is 08.00 in Jakarta, whatever zone the phone is in.
    expect(screen.getByText('Selasa, 2 Desember 2036, 08.00–12.00 WIB')).toBeTruthy();
    expect(screen.getByText('Luring (tatap muka)')).toBeTruthy();
    expect(screen.getAllByText('Hybrid (tatap muka atau lewat video)')).toHaveLength(2);
    const link = screen.getAllByRole('link', { name: /Buka tautan rapat/ })[0]!;
    expect(link.getAttribute('href')).toBe('https://meet.example.go.id/abc');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByRole('heading', { name: /Pertemuan batal/ }).textContent).toContain('Dibatalkan');
    // "Hadir" only for the session under way, not the later one nor the cancelled one.
    expect(screen.getAllByRole('button', { name: 'Hadir' })).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Hadir' }).closest('li')!.textContent).toContain('Pertemuan 1');
    expect(screen.getAllByRole('button', { name: 'Tambah ke kalender' })).toHaveLength(3);
    view.unmount();

    setOnline(false);
    fetchMock.mockClear();
    show();
    await screen.findByRole('heading', { name: 'Pertemuan 2' });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the admin’s change after the next sync', async () => {
    show();
    await screen.findByRole('heading', { name: 'Pertemuan 2' });
    served = [session(), { ...later(), title: 'Pertemuan 2 (pindah ruang)', place: 'Ruang Rapat 3' }];
    useSync.setState({ running: true });
    useSync.setState({ running: false, failure: null });
    await screen.findByRole('heading', { name: 'Pertemuan 2 (pindah ruang)' });
    expect(screen.getByText('Ruang Rapat 3')).toBeTruthy();
    // The session no longer listed is gone too.
    expect(screen.queryByRole('heading', { name: /Pertemuan batal/ })).toBeNull();
  });

  it('forgets them once the server says the learner is no longer enrolled, and keeps them through an outage', async () => {
    await keepSessions(learner.id, COURSE, { sessions: served });
    fetchMock.mockImplementationOnce(async () => json(503, { error: 'unavailable', message: '' }));
    const view = show();
    await screen.findByRole('heading', { name: 'Pertemuan 2' });
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    view.unmount();
    expect(await keptSessions(learner.id, COURSE)).not.toBeNull();
    fetchMock.mockImplementationOnce(async () => json(404, { error: 'not-found', message: '' }));
    show();
    await waitFor(async () => expect(await keptSessions(learner.id, COURSE)).toBeNull());
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Sesi' })).toBeNull());
  });

  it('downloads the calendar file of a session', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:ics';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    try {
      show();
      await screen.findByRole('heading', { name: 'Pertemuan 2' });
      fireEvent.click(screen.getByRole('heading', { name: 'Pertemuan 2' }).closest('li')!.querySelector('button.secondary')!);
      expect(clicked[0]!.download).toBe('sesi-2036-12-02-pertemuan-2.ics');
      expect(created[0]!.type).toBe('text/calendar;charset=utf-8');
      const text = await created[0]!.text();
      expect(text).toContain('SUMMARY:Pertemuan 2\r\n');
      expect(text).toContain('DTSTART:20361202T010000Z\r\n');
      expect(text).toContain('DESCRIPTION:Orientasi PPPK\\nLuring (tatap muka)\r\n');
    } finally {
      click.mockRestore();
    }
  });
});

describe('in English', () => {
  it('speaks the learner’s language, times still in Jakarta', async () => {
    useSession.setState({ lang: 'en' });
    show();
    await screen.findByRole('heading', { name: 'Sessions' });
    expect(screen.getByText('Tuesday, 2 December 2036, 08:00–12:00 WIB')).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Pertemuan batal/ }).textContent).toContain('Cancelled');
    fireEvent.click(screen.getByRole('button', { name: 'Check in' }));
    await screen.findByRole('heading', { name: 'Check in: Pertemuan 1' });
    fireEvent.click(screen.getByRole('radio', { name: 'In the room' }));
    fireEvent.input(screen.getByLabelText('Code (6 digits)'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record attendance' }));
    await screen.findByText('Recorded, waiting to sync');
  });
});

describe('checking in', () => {
  const openCheckIn = async () => {
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Hadir' }));
    return screen.findByRole('heading', { name: 'Hadir: Pertemuan 1' });
  };

  it('by typing the code with no signal: hybrid asks how first, and the camera that is missing says so', async () => {
    await keepSessions(learner.id, COURSE, { sessions: served });
    setOnline(false);
    const heading = await openCheckIn();
    expect(document.activeElement).toBe(heading);
    expect(camera.start).not.toHaveBeenCalled();
    const field = screen.getByLabelText('Kode (6 angka)') as HTMLInputElement;
    fireEvent.input(field, { target: { value: '12a34' } });
    expect(field.value).toBe('1234');
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));
    await screen.findByText('Kode terdiri dari 6 angka.');
    fireEvent.input(field, { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));
    await screen.findByText('Pilih dulu cara Anda mengikuti sesi ini.');
    expect(await events()).toEqual([]);

    fireEvent.click(screen.getByRole('radio', { name: 'Di ruangan' }));
    await screen.findByText(/Kamera tidak tersedia di perangkat ini/);
    expect(camera.start).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(field);
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));

    await screen.findByText('Tercatat, menunggu sinkron');
    const [stored] = await events();
    expect(stored).toMatchObject({
      userId: learner.id,
      type: 'attendance.checked-in',
      courseId: COURSE,
      courseVersion: 3,
      status: 'pending',
      data: { sessionId: 's-now', code: '654321', mode: 'luring' },
    });
    expect(screen.queryByRole('button', { name: 'Hadir' })).toBeNull();

    await db.events.update(stored!.id, { status: 'synced' });
    await screen.findByText('Tercatat');
  });

  it('says when the phone could not save the check-in, keeps the code, and records it on the next try', async () => {
    await keepSessions(learner.id, COURSE, { sessions: served });
    setOnline(false);
    await openCheckIn();
    fireEvent.click(screen.getByRole('radio', { name: 'Di ruangan' }));
    const field = screen.getByLabelText('Kode (6 angka)') as HTMLInputElement;
    fireEvent.input(field, { target: { value: '654321' } });
    const add = vi.spyOn(db.events, 'add').mockRejectedValueOnce(new DOMException('full', 'QuotaExceededError'));
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));
    await screen.findByText(/Kehadiran belum tersimpan di ponsel ini/);
    expect(await events()).toEqual([]);
    expect(field.value).toBe('654321');
    add.mockRestore();
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));
    await screen.findByText('Tercatat, menunggu sinkron');
    expect((await events()).map((e) => e.data)).toEqual([{ sessionId: 's-now', code: '654321', mode: 'luring' }]);
  });

  it('says a refused camera, and a refused check-in in plain words with “Hadir” again', async () => {
    camera.start.mockRejectedValue(new CameraError('denied'));
    served = [session({ mode: 'luring' })];
    await openCheckIn();
    // A luring session fixes the mode: no question, the camera at once.
    expect(screen.queryByRole('radio')).toBeNull();
    await screen.findByText(/Kamera tidak diizinkan/);
    fireEvent.input(screen.getByLabelText('Kode (6 angka)'), { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));
    await screen.findByText('Tercatat, menunggu sinkron');
    const [stored] = await events();
    expect(stored!.data.mode).toBe('luring');
    await db.events.update(stored!.id, {
      status: 'rejected',
      reason: 'invalid-code: The code is wrong or has expired. Codes change every 30 seconds: check in with the code on the screen now.',
    });
    await screen.findByText(/kodenya salah atau sudah kedaluwarsa\. Minta kode yang berlaku sekarang kepada fasilitator/);
    expect(screen.getByRole('button', { name: 'Hadir' })).toBeTruthy();
  });

  it('by scanning: another text or another session’s code says so, this session’s code checks in', async () => {
    served = [session({ mode: 'daring' })];
    let see: (text: string) => void = () => undefined;
    camera.start.mockImplementation(async (_video: HTMLVideoElement, onText: (text: string) => void) => {
      see = onText;
      return { stop: vi.fn() };
    });
    await openCheckIn();
    await screen.findByText('Arahkan kamera ke kode QR di layar fasilitator.');
    see('https://example.com/not-a-check-in');
    await screen.findByText(/bukan kode kehadiran Sinau/);
    see(checkInUrl('http://x', { courseId: COURSE, sessionId: 's-other', code: '123456' }));
    await screen.findByText(/untuk sesi lain/);
    see(checkInUrl('http://x', { courseId: 'kursus-lain', sessionId: 's-now', code: '123456' }));
    await screen.findByText(/untuk kursus lain/);
    expect(await events()).toEqual([]);
    see(checkInUrl('http://x', { courseId: COURSE, sessionId: 's-now', code: '042917' }));
    await screen.findByText('Tercatat, menunggu sinkron');
    expect((await events())[0]!.data).toEqual({ sessionId: 's-now', code: '042917', mode: 'daring' });
  });

  it('from the link the phone’s camera app opened: the code is filled in and the camera stays off', async () => {
    const done = vi.fn();
    show({ link: { sessionId: 's-now', code: '246810' }, onLinkDone: done });
    await screen.findByRole('heading', { name: 'Hadir: Pertemuan 1' });
    expect((screen.getByLabelText('Kode (6 angka)') as HTMLInputElement).value).toBe('246810');
    fireEvent.click(screen.getByRole('radio', { name: 'Lewat video' }));
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));
    await screen.findByText('Tercatat, menunggu sinkron');
    expect(camera.start).not.toHaveBeenCalled();
    expect(done).toHaveBeenCalledTimes(1);
    expect((await events())[0]!.data).toEqual({ sessionId: 's-now', code: '246810', mode: 'daring' });
  });

  it('from a link to a session this device has not fetched yet', async () => {
    setOnline(false);
    show({ link: { sessionId: 's-new', code: '135790' } });
    await screen.findByRole('heading', { name: 'Hadir' });
    fireEvent.click(screen.getByRole('radio', { name: 'Di ruangan' }));
    fireEvent.click(screen.getByRole('button', { name: 'Catat kehadiran' }));
    await waitFor(async () => expect((await events())[0]?.data).toEqual({ sessionId: 's-new', code: '135790', mode: 'luring' }));
  });
});
