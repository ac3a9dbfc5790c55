// The agency's certificates on the admin screen: the list by course, year and unit, the CSV,
// revocation with a reason (administrators only), and the report's certificate figures.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dashboard } from '../../src/app/admin/Dashboard.js';
import { useSession } from '../../src/app/session.js';
import type { AdminCertificate } from '../../src/domain/api/certificates.js';
import { fakeAdminApi, jsonResponse, UNIT } from '../helpers/admin-api.js';

const admin = { id: 'a', nip: '198001012006041001', name: 'Budi', unit: 'BKPSDM', position: '', role: 'admin' as const };
const coordinator = { ...admin, id: 'k', role: 'coordinator' as const, unit: UNIT };

const certificate: AdminCertificate = {
  code: '7K3M9QXT2B',
  courseId: 'orientasi-pppk',
  courseTitle: 'Orientasi PPPK',
  jp: 10,
  category: 'orientasi',
  name: 'Agus Prasetyo',
  nip: '199507202025211002',
  unit: UNIT,
  // 28 November in Jakarta, though the 27th in UTC.
  completedAt: '2026-11-27T18:30:00.000Z',
  issuedAt: '2026-11-27T18:31:00.000Z',
  issuer: 'BKPSDM',
  signerName: '',
  signerTitle: '',
  revokedAt: null,
  revokedReason: null,
};

let fetchMock: ReturnType<typeof vi.fn>;
let revokeAnswer: number;
/** A real change event: with preact/compat loaded (zustand), fireEvent.change sends `input`. */
function choose(name: string, value: string) {
  const select = screen.getByRole('combobox', { name }) as HTMLSelectElement;
  select.value = value;
  fireEvent(select, new Event('change', { bubbles: true }));
}
const calls = (prefix: string) => fetchMock.mock.calls.filter(([url]) => String(url).startsWith(prefix));

function serve(otherwise: 403 | 404 = 404) {
  const report = fakeAdminApi({ otherwise });
  fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url.startsWith('/api/admin/certificates.csv'))
      return new Response('No,Kode\n1,7K3M9QXT2B\n', {
        headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="sertifikat-2026.csv"' },
      });
    if (url.endsWith('/revoke')) {
      if (revokeAnswer === 409) return jsonResponse(409, { error: 'already-revoked', message: 'revoked already' });
      const { reason } = JSON.parse(String(init?.body));
      return jsonResponse(200, { code: certificate.code, revokedAt: '2026-12-01T02:00:00.000Z', revokedReason: reason });
    }
    if (url.startsWith('/api/admin/certificates')) return jsonResponse(200, { certificates: [certificate] });
    return report(url);
  });
  vi.stubGlobal('fetch', fetchMock);
}

beforeEach(() => {
  revokeAnswer = 200;
  useSession.setState({ token: 'admin-token', user: admin, lang: 'id' });
  serve();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the certificates section', () => {
  it('lists each certificate: code, NIP in groups, name, unit, course, JP, the day in Jakarta and its status', async () => {
    render(<Dashboard section="sertifikat" />);
    expect(await screen.findByText('1 sertifikat, 0 di antaranya dicabut')).toBeTruthy();
    const row = screen.getByRole('row', { name: /Agus Prasetyo/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['7K3M9QXT2B', '19950720 202521 1 002', UNIT, 'Orientasi PPPK', '10', '28/11/2026', 'Berlaku', 'Cabut']);
    expect(screen.getByRole('link', { name: 'Sertifikat' }).getAttribute('aria-current')).toBe('page');
  });

  it('asks for the course, year and unit chosen, and downloads the CSV of the same choice', async () => {
    render(<Dashboard section="sertifikat" />);
    await screen.findByText(/^1 sertifikat/);
    await screen.findByRole('option', { name: 'Orientasi PPPK' });
    choose('Kursus', 'orientasi-pppk');
    choose('Tahun selesai', '2026');
    choose('Unit kerja', UNIT);
    const query = new URLSearchParams({ courseId: 'orientasi-pppk', year: '2026', unit: UNIT });
    await waitFor(() => expect(calls('/api/admin/certificates?').at(-1)![0]).toBe(`/api/admin/certificates?${query}`));
    fireEvent.click(screen.getByRole('button', { name: 'Unduh CSV' }));
    await waitFor(() => expect(calls('/api/admin/certificates.csv')[0]![0]).toBe(`/api/admin/certificates.csv?${query}`));
  });

  it('revokes with a required reason, then shows it revoked with its date and reason', async () => {
    render(<Dashboard section="sertifikat" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Cabut sertifikat 7K3M9QXT2B' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Cabut sertifikat 7K3M9QXT2B milik Agus Prasetyo?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cabut sertifikat' }));
    expect(await within(dialog).findByText('Tulis alasan pencabutan, minimal 3 huruf.')).toBeTruthy();
    expect(calls('/api/admin/certificates/7K3M9QXT2B/revoke')).toEqual([]);

    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Alasan pencabutan' }), { target: { value: 'Data NIP keliru' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cabut sertifikat' }));
    expect(await screen.findByText('✓ Sertifikat 7K3M9QXT2B dicabut.')).toBeTruthy();
    const [[, init]] = calls('/api/admin/certificates/7K3M9QXT2B/revoke') as [[string, RequestInit]];
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ reason: 'Data NIP keliru' });
    const row = screen.getByRole('row', { name: /Agus Prasetyo/ });
    expect(within(row).getByText('Dicabut 01/12/2026')).toBeTruthy();
    expect(within(row).getByText('Data NIP keliru')).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /Cabut/ })).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says a certificate revoked meanwhile was revoked already, and shows it so', async () => {
    revokeAnswer = 409;
    render(<Dashboard section="sertifikat" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Cabut sertifikat 7K3M9QXT2B' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Alasan pencabutan' }), { target: { value: 'Ganda' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cabut sertifikat' }));
    expect(await screen.findByText(/sudah dicabut sebelumnya/)).toBeTruthy();
    await waitFor(() => expect(calls('/api/admin/certificates?')).toHaveLength(2));
  });

  it('gives a coordinator their own unit’s list, read-only', async () => {
    useSession.setState({ token: 'coordinator-token', user: coordinator });
    serve(403);
    render(<Dashboard section="sertifikat" />);
    await screen.findByText(/^1 sertifikat/);
    expect(calls('/api/admin/certificates?')[0]![0]).toBe(`/api/admin/certificates?${new URLSearchParams({ unit: UNIT })}`);
    expect(screen.queryByRole('combobox', { name: 'Unit kerja' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Cabut/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Tindakan' })).toBeNull();
  });
});

describe('the report', () => {
  it('counts valid certificates overall and by unit', async () => {
    render(<Dashboard section="laporan" />);
    const figure = await screen.findByText('Sertifikat berlaku');
    expect(figure.nextElementSibling?.textContent).toBe('0');
    const [units] = screen.getAllByRole('region', { name: 'Per unit kerja' }) as [HTMLElement];
    const headers = within(units)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers.at(-1)).toBe('Sertifikat');
    expect(within(units).getAllByRole('row').at(-1)!.lastElementChild?.textContent).toBe('0');
  });
});
