import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Learners } from '../../src/app/admin/Learners.js';
import { useSession } from '../../src/app/session.js';
import { jsonResponse, learnerRow } from '../helpers/admin-api.js';

const AGUS = learnerRow('199507202025211002', 'Agus Prasetyo');
const admin = { id: 'b', nip: '198001012006041001', name: 'Budi', unit: 'BKPSDM', position: '', role: 'admin' as const };
const issued = (nips: string[]) => ({
  passwords: nips.map((nip, i) => ({ nip, name: `Pegawai ${i}`, unit: 'Dinas Pendidikan', password: `Sandi${i}abcDEF` })),
  csv: '\uFEFFNIP,Nama,Unit kerja,Kata sandi sekali pakai\r\n',
});

describe('password resets from the learner list', () => {
  beforeEach(() => useSession.setState({ token: 'admin-token', user: admin, lang: 'id' }));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('resets one learner after a warning and shows the new password once, with a CSV to save', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => jsonResponse(200, issued([AGUS.nip])));
    vi.stubGlobal('fetch', fetchMock);
    const objectUrl = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    render(<Learners rows={[AGUS]} disabled={{ [AGUS.nip]: false }} onAccountChange={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: /Agus Prasetyo/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset kata sandi' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Beri Agus Prasetyo kata sandi baru sekali pakai?');
    expect(fetchMock).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Ya, reset' }));
    expect(await screen.findByText('Sandi0abcDEF')).toBeTruthy();
    expect(screen.getByText(/1 kata sandi baru sekali pakai/)).toBeTruthy();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect([url, init?.method]).toEqual([`/api/admin/users/${AGUS.nip}/reset-password`, 'POST']);
    fireEvent.click(screen.getByRole('button', { name: 'Unduh CSV kata sandi' }));
    expect((objectUrl.mock.calls[0]![0] as Blob).type).toBe('text/csv;charset=utf-8');
  });

  it('resets everyone who never logged in, and says so when nobody is left', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => jsonResponse(200, issued([])));
    vi.stubGlobal('fetch', fetchMock);
    render(<Learners rows={[AGUS]} disabled={{}} onAccountChange={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Reset semua yang belum pernah masuk' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ya, reset' }));
    expect(await screen.findByText('Semua akun sudah pernah masuk; tidak ada yang direset.')).toBeTruthy();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect([url, JSON.parse(String(init?.body))]).toEqual(['/api/admin/users/reset-passwords', { neverLoggedIn: true }]);
  });

  it("offers no reset of the admin's own password", () => {
    render(<Learners rows={[learnerRow(admin.nip, 'Budi')]} disabled={{}} onAccountChange={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: /Budi/ }));
    expect(screen.queryByRole('button', { name: 'Reset kata sandi' })).toBeNull();
  });
});
