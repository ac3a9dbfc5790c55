import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminCourse, StaffUser } from '../../src/app/admin/api.js';
import { Enrolment } from '../../src/app/admin/Enrolment.js';
import { loadLanguage } from '../../src/app/i18n.js';
import { useSession } from '../../src/app/session.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const COURSES: AdminCourse[] = [{ id: 'orientasi', version: 1, title: 'Orientasi', category: 'orientasi', jp: 10, enrolled: 3 }];
const staff = (nip: string, unit: string, extra: Partial<StaffUser> = {}): StaffUser => ({
  id: nip,
  nip,
  name: nip,
  unit,
  position: '',
  role: 'learner',
  disabled: false,
  ...extra,
});
const USERS = [
  staff('199203152025212001', 'Dinas Pendidikan'),
  staff('199507202025211002', 'Dinas Pendidikan'),
  staff('199811052025212003', 'Kecamatan Sukamaju', { disabled: true }),
  staff('198001012006041001', 'BKPSDM', { role: 'admin' }),
];

describe('enrolment', () => {
  beforeEach(() => useSession.setState({ token: 'admin-token', lang: 'id' }));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  const enrolCalls = (fetchMock: ReturnType<typeof vi.fn>) =>
    fetchMock.mock.calls.filter(([url]) => url === '/api/admin/enrol').map(([, init]) => JSON.parse((init as RequestInit).body as string));

  it('offers the work units of active staff, and sends the chosen one', async () => {
    const fetchMock = vi.fn(async () => json(200, { enrolled: 2, unmatched: { nips: [] } }));
    vi.stubGlobal('fetch', fetchMock);
    const onEnrolled = vi.fn();
    render(<Enrolment courses={COURSES} courseId="orientasi" users={USERS} onEnrolled={onEnrolled} />);
    const units = screen.getByRole('combobox', { name: /^Unit kerja/ }) as HTMLSelectElement;
    expect([...units.options].map((o) => o.textContent)).toEqual(['BKPSDM (1 pegawai)', 'Dinas Pendidikan (2 pegawai)']);
    // A real change event: with preact/compat loaded (zustand), fireEvent.change sends `input`.
    units.value = 'Dinas Pendidikan';
    fireEvent(units, new Event('change', { bubbles: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Daftarkan' }));
    expect((await screen.findByText(/peserta baru/)).textContent).toBe('✓ 2 peserta baru terdaftar di Orientasi.');
    expect(enrolCalls(fetchMock)).toEqual([{ courseId: 'orientasi', unit: 'Dinas Pendidikan' }]);
    expect(onEnrolled).toHaveBeenCalledWith('orientasi');
  });

  it('counts active learners for everyone, and says plainly when nobody was new', async () => {
    const fetchMock = vi.fn(async () => json(200, { enrolled: 0, unmatched: { nips: [] } }));
    vi.stubGlobal('fetch', fetchMock);
    render(<Enrolment courses={COURSES} courseId="orientasi" users={USERS} onEnrolled={() => undefined} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Semua peserta aktif' }));
    expect(screen.getByText('2 akun peserta aktif; admin tidak ikut.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Daftarkan' }));
    expect((await screen.findByText(/Tidak ada pendaftaran baru/)).textContent).toBe(
      'Tidak ada pendaftaran baru di Orientasi: yang dipilih sudah terdaftar, nonaktif, atau tidak ditemukan.',
    );
    expect(enrolCalls(fetchMock)).toEqual([{ courseId: 'orientasi', all: true }]);
  });

  it('sends nothing while a NIP is bad, and names its line', async () => {
    const fetchMock = vi.fn(async () => json(200, { enrolled: 1, unmatched: { nips: [] } }));
    vi.stubGlobal('fetch', fetchMock);
    render(<Enrolment courses={COURSES} courseId="orientasi" users={USERS} onEnrolled={() => undefined} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Daftar NIP' }));
    const box = screen.getByLabelText(/^NIP, satu per baris/);
    fireEvent.input(box, { target: { value: '199203152025212001\n19950720202521100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Daftarkan' }));
    expect(await screen.findByText('Baris 2: "19950720202521100" bukan NIP 18 angka')).toBeTruthy();
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(fetchMock).not.toHaveBeenCalled();
    // Corrected, the problems go at once.
    fireEvent.input(box, { target: { value: '199203152025212001\n199507202025211002' } });
    expect(screen.queryByText(/bukan NIP/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Daftarkan' }));
    expect(await screen.findByText('1 NIP lainnya sudah terdaftar.')).toBeTruthy();
    expect(enrolCalls(fetchMock)).toEqual([{ courseId: 'orientasi', nips: ['199203152025212001', '199507202025211002'] }]);
  });

  it('names the NIPs the server matched to no active account, apart from those already enrolled', async () => {
    const stranger = '199001019999999999';
    const fetchMock = vi.fn(async () => json(200, { enrolled: 1, unmatched: { nips: [stranger, '199811052025212003'] } }));
    vi.stubGlobal('fetch', fetchMock);
    render(<Enrolment courses={COURSES} courseId="orientasi" users={USERS} onEnrolled={() => undefined} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Daftar NIP' }));
    fireEvent.input(screen.getByLabelText(/^NIP, satu per baris/), {
      target: { value: `199203152025212001\n199507202025211002\n${stranger}\n199811052025212003` },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Daftarkan' }));
    expect(await screen.findByText('✓ 1 peserta baru terdaftar di Orientasi.')).toBeTruthy();
    expect(screen.getByText('1 NIP lainnya sudah terdaftar.')).toBeTruthy();
    expect(
      screen.getByText(`Tidak cocok dengan akun aktif mana pun (tidak ada atau nonaktif): ${stranger}, 199811052025212003.`),
    ).toBeTruthy();
  });

  it('says when the chosen work unit has no active account any more', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(200, { enrolled: 0, unmatched: { unit: 'BKPSDM', nips: [] } })),
    );
    await loadLanguage('en');
    useSession.setState({ lang: 'en' });
    render(<Enrolment courses={COURSES} courseId="orientasi" users={USERS} onEnrolled={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Enrol' }));
    expect(await screen.findByText('No active account is in work unit "BKPSDM".')).toBeTruthy();
  });

  it('shows a refusal of the server with its message, and a lost connection in plain words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(404, { error: 'not-found', message: 'No course "orientasi".' })),
    );
    render(<Enrolment courses={COURSES} courseId="orientasi" users={USERS} onEnrolled={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Daftarkan' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pendaftaran gagal. Tidak ditemukan di server: No course "orientasi".');

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Daftarkan' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Pendaftaran gagal. Tidak dapat menghubungi server. Periksa sinyal lalu coba lagi.',
      ),
    );
  });
});
