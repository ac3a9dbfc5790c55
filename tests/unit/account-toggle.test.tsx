import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Learners } from '../../src/app/admin/Learners.js';
import { useSession } from '../../src/app/session.js';
import { jsonResponse, learnerRow } from '../helpers/admin-api.js';

const AGUS = learnerRow('199507202025211002', 'Agus Prasetyo');
const BUDI = learnerRow('198001012006041001', 'Budi Santoso');
const admin = { id: 'b', nip: BUDI.nip, name: BUDI.name, unit: 'BKPSDM', position: '', role: 'admin' as const };

describe('disabling an account from the learner list', () => {
  beforeEach(() => useSession.setState({ token: 'admin-token', user: admin, lang: 'id' }));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('warns first, then shows the state the server answered', async () => {
    const fetchMock = vi.fn(async (_url: string) => jsonResponse(200, { nip: AGUS.nip, disabled: true }));
    vi.stubGlobal('fetch', fetchMock);
    const onAccountChange = vi.fn();
    render(<Learners rows={[AGUS]} disabled={{ [AGUS.nip]: false }} onAccountChange={onAccountChange} />);
    fireEvent.click(screen.getByRole('button', { name: /Agus Prasetyo/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Nonaktifkan akun' }));
    const warning = screen.getByRole('alertdialog');
    expect(warning.textContent).toContain('Tokennya langsung berhenti berlaku');
    expect(warning.textContent).toContain('Riwayat belajarnya tetap ada di laporan.');
    expect(document.activeElement?.textContent).toBe('Batal');
    expect(fetchMock).not.toHaveBeenCalled();
    fireEvent.click(screen.getAllByRole('button', { name: 'Nonaktifkan akun' }).at(-1)!);
    expect(await screen.findByText('Akun Agus Prasetyo dinonaktifkan.')).toBeTruthy();
    expect(fetchMock.mock.calls[0]![0]).toBe(`/api/admin/users/${AGUS.nip}/disable`);
    expect(onAccountChange).toHaveBeenCalledWith(AGUS.nip, true);
  });

  it('enables a disabled account at once, and shows a refusal', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(404, { error: 'not-found', message: `No account with NIP ${AGUS.nip}.` })),
    );
    render(<Learners rows={[AGUS]} disabled={{ [AGUS.nip]: true }} onAccountChange={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: /Agus Prasetyo Nonaktif/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Aktifkan kembali' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      `Status akun tidak berubah. Tidak ditemukan di server: No account with NIP ${AGUS.nip}.`,
    );
  });

  it('does not offer to disable the administrator’s own account', () => {
    render(<Learners rows={[BUDI]} disabled={{}} onAccountChange={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: /Budi Santoso/ }));
    expect(screen.getByText(BUDI.nip)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Nonaktifkan akun' })).toBeNull();
  });
});
