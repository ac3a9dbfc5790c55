import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncStatus, syncTime } from '../../src/app/components/SyncStatus.js';
import { recordEvent } from '../../src/app/db/events.js';
import { useSession } from '../../src/app/session.js';
import { db } from '../../src/app/shared/database.js';
import { lastSyncKey } from '../../src/app/shared/sync-protocol.js';
import { syncNow, useSync } from '../../src/app/sync/engine.js';

const user = { id: 'u-sari', nip: '199203152025212001', name: 'Sari', unit: 'Dinas', position: 'Guru', role: 'learner' as const };
const event = (lessonId: string) => ({
  userId: user.id,
  type: 'lesson.completed' as const,
  courseId: 'c',
  courseVersion: 1,
  data: { lessonId },
});

/** What the browser says of its network, as a phone in a lift says it. */
const setOnLine = (value: boolean) => {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
  window.dispatchEvent(new Event(value ? 'online' : 'offline'));
};

describe('the sync status', () => {
  beforeEach(async () => {
    await Promise.all([db.events.clear(), db.meta.clear()]);
    useSession.setState({ token: 't', user, lang: 'id' });
    useSync.setState({ running: false, failure: null, lastSyncAt: null });
    setOnLine(true);
  });
  afterEach(() => cleanup());

  it('counts what waits, and says when all is sent and when the last sync was', async () => {
    render(<SyncStatus />);
    expect(await screen.findByText(/^Semua perubahan sudah terkirim/)).toBeTruthy();
    expect(screen.getByText('Semua perubahan sudah terkirim · belum pernah sinkron')).toBeTruthy();
    await recordEvent(event('l1'));
    await recordEvent(event('l2'));
    expect(await screen.findByText(/^2 perubahan menunggu · belum pernah sinkron$/)).toBeTruthy();
    useSync.setState({ lastSyncAt: Date.parse('2025-11-28T03:15:00Z') });
    expect(await screen.findByText(/^2 perubahan menunggu · sinkron 28\/11\/25 \d\d\.15$/)).toBeTruthy();
  });

  it('gives the last sync with only as much date as it takes', () => {
    const now = new Date(2026, 10, 29, 14, 0);
    expect(syncTime(new Date(2026, 10, 29, 10, 15).getTime(), 'id', now)).toBe('10.15');
    expect(syncTime(new Date(2026, 10, 28, 10, 15).getTime(), 'id', now)).toBe('28/11 10.15');
    expect(syncTime(new Date(2025, 10, 28, 10, 15).getTime(), 'id', now)).toBe('28/11/25 10.15');
    expect(syncTime(new Date(2026, 10, 28, 10, 15).getTime(), 'en', now)).toBe('28/11 10:15');
  });

  it('says offline in one quiet line, with what waits and the last sync, and no button that cannot work', async () => {
    await recordEvent(event('l1'));
    useSync.setState({ failure: 'offline', lastSyncAt: Date.now() });
    setOnLine(false);
    render(<SyncStatus />);
    expect(await screen.findByText(/^Offline · 1 menunggu · sinkron \d\d\.\d\d$/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    setOnLine(true);
    expect(await screen.findByRole('button', { name: 'Sinkronkan sekarang' })).toBeTruthy();
  });

  it('keeps the last sync time when the app starts offline, before any sync has run', async () => {
    const at = Date.now() - 60_000;
    await db.meta.put({ key: lastSyncKey(user.id), value: at });
    setOnLine(false);
    await syncNow();
    expect(useSync.getState()).toMatchObject({ failure: 'offline', lastSyncAt: at });
    render(<SyncStatus />);
    expect(await screen.findByText(`Offline · semua terkirim · sinkron ${syncTime(at, 'id')}`)).toBeTruthy();
  });

  it('says a sync is running on its button, which keeps its place and cannot be pressed again', async () => {
    useSync.setState({ running: true });
    render(<SyncStatus />);
    const button = await screen.findByRole('button', { name: 'Menyinkronkan…' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Sinkronkan sekarang' })).toBeNull();
    useSync.setState({ running: false });
    expect(await screen.findByRole('button', { name: 'Sinkronkan sekarang' })).toBe(button);
  });

  it('gives a plain-language reason when sync fails', async () => {
    useSync.setState({ failure: 'expired' });
    render(<SyncStatus />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Sesi berakhir\. Masuk lagi/);
    useSync.setState({ failure: 'server' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Server sedang bermasalah\./);
  });

  it('shows changes the server refused, with their reasons, instead of dropping them', async () => {
    const refused = await recordEvent(event('hilang'));
    await db.events.update(refused.id, { status: 'rejected', reason: 'unknown-lesson: version 1 has no lesson "hilang"' });
    render(<SyncStatus />);
    const toggle = await screen.findByRole('button', { name: '1 perubahan ditolak server (lihat alasannya)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(screen.getByText(/unknown-lesson: version 1 has no lesson "hilang"/)).toBeTruthy();
  });

  it('says so calmly when the daily quota is reached', async () => {
    useSync.setState({ failure: 'quota' });
    render(<SyncStatus />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Batas harian akun ini di server tercapai\. Perubahan tetap aman/);
  });

  it("explains an impossible time and a used-up test in the learner's words", async () => {
    const late = await recordEvent(event('l1'));
    const extra = await recordEvent(event('l2'));
    await db.events.update(late.id, { status: 'rejected', reason: 'invalid-time: "at" 9999-01-01T00:00:00.000Z is in the future' });
    await db.events.update(extra.id, {
      status: 'rejected',
      reason: 'attempts-exceeded: this test allows 3 attempts, and all have been used',
    });
    render(<SyncStatus />);
    fireEvent.click(await screen.findByRole('button', { name: '2 perubahan ditolak server (lihat alasannya)' }));
    expect(screen.getByText(/Waktunya tidak mungkin\. Periksa tanggal dan jam di ponsel Anda\./)).toBeTruthy();
    expect(screen.getByText(/Kesempatan mengerjakan tes ini sudah habis\./)).toBeTruthy();
  });

  it('shows nothing of another learner on a shared phone', async () => {
    await recordEvent({ ...event('l1'), userId: 'u-agus' });
    render(<SyncStatus />);
    expect(await screen.findByText(/^Semua perubahan sudah terkirim/)).toBeTruthy();
  });
});
