import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncStatus } from '../../src/app/components/SyncStatus.js';
import { db } from '../../src/app/db/database.js';
import { recordEvent } from '../../src/app/db/events.js';
import { useSession } from '../../src/app/session.js';
import { useSync } from '../../src/app/sync/engine.js';

const user = { id: 'u-sari', nip: '199203152025212001', name: 'Sari', unit: 'Dinas', position: 'Guru', role: 'learner' as const };
const event = (lessonId: string) => ({
  userId: user.id,
  type: 'lesson.completed' as const,
  courseId: 'c',
  courseVersion: 1,
  data: { lessonId },
});

describe('the sync status', () => {
  beforeEach(async () => {
    await Promise.all([db.events.clear(), db.meta.clear()]);
    useSession.setState({ token: 't', user, lang: 'id' });
    useSync.setState({ running: false, failure: null, lastSyncAt: null });
  });
  afterEach(() => cleanup());

  it('counts what waits, and says when all is sent and when the last sync was', async () => {
    render(<SyncStatus />);
    expect(await screen.findByText('Semua perubahan sudah terkirim')).toBeTruthy();
    expect(screen.getByText('belum pernah sinkron')).toBeTruthy();
    await recordEvent(event('l1'));
    await recordEvent(event('l2'));
    expect(await screen.findByText('2 perubahan menunggu sinkron')).toBeTruthy();
    useSync.setState({ lastSyncAt: Date.parse('2026-11-28T03:15:00Z') });
    expect(await screen.findByText(/^sinkron terakhir 28\/11\/26/)).toBeTruthy();
  });

  it('gives a plain-language reason when sync fails', async () => {
    useSync.setState({ failure: 'offline' });
    render(<SyncStatus />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Tidak ada sinyal\. Perubahan tersimpan di perangkat/);
    useSync.setState({ failure: 'expired' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Sesi berakhir\. Masuk lagi/);
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
    expect(await screen.findByText('Semua perubahan sudah terkirim')).toBeTruthy();
  });
});
