// What a unit coordinator sees of the admin screens: their unit's report, learners and JP,
// and none of the tools that change anything, not even at those tools' addresses.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dashboard } from '../../src/app/admin/Dashboard.js';
import { Header } from '../../src/app/components/Header.js';
import { useSession } from '../../src/app/session.js';
import { fakeAdminApi, UNIT } from '../helpers/admin-api.js';

const coordinator = { id: 'k', nip: '199001010000000077', name: 'Kepala Dinas', unit: UNIT, position: '', role: 'coordinator' as const };
const answer = fakeAdminApi({ filters: { unit: UNIT }, otherwise: 403 });

// What only an admin is offered: the sections (heading → address), and the account actions in the learner list.
const ADMIN_ONLY: Record<string, string> = {
  'Pendaftaran peserta': 'pendaftaran',
  'Impor pegawai (CSV)': 'impor',
  'Bank soal (GIFT atau Aiken)': 'bank-soal',
  'Kursus: unggah dan terbitkan': 'kursus',
};
const ACTIONS = [/^Nonaktifkan akun$/, /^Reset kata sandi$/, /^Reset semua yang belum pernah masuk/];

describe('the admin screens for a unit coordinator', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ token: 'coordinator-token', user: coordinator, lang: 'id' });
    fetchMock = vi.fn(async (url: string) => answer(url));
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('offers the Admin link to a coordinator as to an admin, and not to a learner', () => {
    render(<Header />);
    expect(screen.getByRole('link', { name: 'Admin' })).toBeTruthy();
    cleanup();
    useSession.setState({ user: { ...coordinator, role: 'learner' } });
    render(<Header />);
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
  });

  it('shows their unit’s report, learners and JP read-only, without enrolment, staff import, resets, upload or question banks', async () => {
    render(<Dashboard section="laporan" />);
    expect(await screen.findByRole('heading', { name: 'Orientasi PPPK' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Bagian admin' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Laporan', 'Peserta', 'JP', 'Sertifikat', 'Sesi']);
    expect(screen.getAllByText(UNIT, { selector: 'strong' })).toHaveLength(1); // the report's
    expect(screen.queryByRole('combobox', { name: 'Unit kerja' })).toBeNull();
    expect(screen.queryByRole('option', { name: 'Semua unit' })).toBeNull();
    cleanup();

    render(<Dashboard section="peserta" />);
    fireEvent.click(await screen.findByRole('button', { name: /Agus Prasetyo/ }));
    expect(screen.getByText('199507202025211002')).toBeTruthy();
    for (const action of ACTIONS) expect(screen.queryByRole('button', { name: action }), String(action)).toBeNull();
    cleanup();

    render(<Dashboard section="jp" />);
    expect(await screen.findByText(UNIT, { selector: 'strong' })).toBeTruthy(); // the JP list's
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/admin/jp'))).toBe(true));
    cleanup();

    // The address of a section they are not offered opens the report instead.
    for (const section of Object.values(ADMIN_ONLY)) {
      render(<Dashboard section={section} />);
      expect(await screen.findByRole('heading', { name: 'Orientasi PPPK' })).toBeTruthy();
      for (const heading of Object.keys(ADMIN_ONLY)) expect(screen.queryByRole('heading', { name: heading }), heading).toBeNull();
      cleanup();
    }

    // Only reads were asked for, and each of them is one the server lets a coordinator make.
    const asked = fetchMock.mock.calls.map(([url]) => String(url).split('?')[0]);
    expect(new Set(asked)).toEqual(
      new Set(['/api/admin/courses', '/api/admin/users', '/api/admin/courses/orientasi-pppk/report', '/api/admin/jp']),
    );
  });

  it('still shows an admin every section and action', async () => {
    useSession.setState({ user: { ...coordinator, role: 'admin', unit: 'BKPSDM' } });
    render(<Dashboard section="laporan" />);
    expect(await screen.findByRole('heading', { name: 'Orientasi PPPK' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Bagian admin' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['laporan', 'peserta', 'jp', 'sertifikat', 'sesi', 'pendaftaran', 'impor', 'kursus', 'bank-soal'].map((s) => `/admin/${s}`));
    expect(screen.getAllByRole('combobox', { name: 'Unit kerja' }).length).toBeGreaterThanOrEqual(1); // the report's
    cleanup();
    for (const [heading, section] of Object.entries(ADMIN_ONLY)) {
      render(<Dashboard section={section} />);
      expect(await screen.findByRole('heading', { name: heading }), heading).toBeTruthy();
      cleanup();
    }
    render(<Dashboard section="peserta" />);
    fireEvent.click(await screen.findByRole('button', { name: /Agus Prasetyo/ }));
    for (const action of ACTIONS) expect(screen.getByRole('button', { name: action }), String(action)).toBeTruthy();
  });
});
