import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JpLearner, StaffUser } from '../../src/app/admin/api.js';
import { JpList } from '../../src/app/admin/JpList.js';
import { useSession } from '../../src/app/session.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const staff = (nip: string, name: string, unit: string, role: StaffUser['role'] = 'learner'): StaffUser => ({
  id: nip,
  nip,
  name,
  unit,
  position: '',
  role,
  disabled: false,
});
const USERS = [
  staff('199203152025212001', 'Sari Wulandari', 'Dinas Pendidikan'),
  staff('199507202025211002', 'Agus Prasetyo', 'Dinas Pendidikan'),
  staff('199811052025212003', 'Dewi Lestari', 'Kecamatan Sukamaju'),
  staff('199001012025211005', 'Rudi Hartono', 'Sekretariat Daerah'),
  staff('198001012006041001', 'Budi Santoso', 'BKPSDM', 'admin'),
];
// JP earned this year from bangkom courses.
const EARNED: Record<string, number> = {
  'Sari Wulandari': 24,
  'Agus Prasetyo': 8,
  'Dewi Lestari': 0,
  'Rudi Hartono': 12,
};

/** Answers like `GET /api/admin/jp`: the default target is 20; largest shortfall first. */
function fakeServer(url: string) {
  const query = new URL(url, 'http://sinau.test').searchParams;
  const target = query.has('target') ? Number(query.get('target')) : 20;
  const learners: JpLearner[] = USERS.filter((u) => u.role === 'learner' && (!query.get('unit') || u.unit === query.get('unit')))
    .map((u) => ({
      nip: u.nip,
      name: u.name,
      unit: u.unit,
      position: '',
      jp: EARNED[u.name]!,
      target,
      shortfall: Math.max(0, target - EARNED[u.name]!),
      courses: [],
    }))
    .sort((a, b) => b.shortfall - a.shortfall || a.unit.localeCompare(b.unit) || a.name.localeCompare(b.name));
  return json(200, { year: Number(query.get('year') ?? 2026), target, learners });
}

// The list is asked for 300 ms after the last change; leave room for a busy machine.
const later = (text: string) => screen.findByText(text, undefined, { timeout: 3000 });
const names = () => screen.getAllByRole('rowheader').map((cell) => cell.textContent);
const column = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });
const sortedBy = () =>
  screen
    .getAllByRole('columnheader')
    .filter((th) => th.hasAttribute('aria-sort'))
    .map((th) => [within(th).getByRole('button').textContent?.replace(/\s.*$/, ''), th.getAttribute('aria-sort')]);

describe('the JP list of the year', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    useSession.setState({ token: 'admin-token', lang: 'id' });
    fetchMock = vi.fn(async (url: string) => fakeServer(url));
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
  const urls = () => fetchMock.mock.calls.map(([url]) => new URL(url as string, 'http://sinau.test'));

  it('asks for this year with the server’s target, and lists the largest shortfall first', async () => {
    render(<JpList users={USERS} />);
    expect(await later('3 dari 4 pegawai belum mencapai target')).toBeTruthy();
    expect(screen.getByText(/^Hanya kursus bangkom/)).toBeTruthy();
    const year = String(new Date().getFullYear());
    expect(urls().map((u) => Object.fromEntries(u.searchParams))).toEqual([{ year }]);
    expect((screen.getByLabelText('Tahun') as HTMLInputElement).value).toBe(year);
    expect((screen.getByLabelText('Target JP') as HTMLInputElement).value).toBe('20');
    expect(names()).toEqual(['Dewi Lestari', 'Agus Prasetyo', 'Rudi Hartono', 'Sari Wulandari']);
    expect(sortedBy()).toEqual([['Kurang', 'descending']]);
    const sari = screen.getByRole('row', { name: /Sari Wulandari/ });
    expect(
      within(sari)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([USERS[0]!.nip, 'Dinas Pendidikan', '24', '0']);
    // The admin's own unit has no learners to count.
    const units = screen.getByLabelText('Unit kerja') as HTMLSelectElement;
    expect([...units.options].map((o) => o.textContent)).toEqual([
      'Semua unit',
      'Dinas Pendidikan',
      'Kecamatan Sukamaju',
      'Sekretariat Daerah',
    ]);
  });

  it('sorts by shortfall, JP and name from the header buttons, each a second time the other way', async () => {
    render(<JpList users={USERS} />);
    await later('3 dari 4 pegawai belum mencapai target');
    fireEvent.click(within(column('Kurang')).getByRole('button'));
    expect(sortedBy()).toEqual([['Kurang', 'ascending']]);
    expect(names()).toEqual(['Sari Wulandari', 'Rudi Hartono', 'Agus Prasetyo', 'Dewi Lestari']);

    fireEvent.click(within(column('JP')).getByRole('button'));
    expect(sortedBy()).toEqual([['JP', 'ascending']]);
    expect(names()).toEqual(['Dewi Lestari', 'Agus Prasetyo', 'Rudi Hartono', 'Sari Wulandari']);
    fireEvent.click(within(column('JP')).getByRole('button'));
    expect(sortedBy()).toEqual([['JP', 'descending']]);
    expect(names()).toEqual(['Sari Wulandari', 'Rudi Hartono', 'Agus Prasetyo', 'Dewi Lestari']);

    fireEvent.click(screen.getByRole('button', { name: 'Nama' }));
    expect(sortedBy()).toEqual([['Nama', 'ascending']]);
    expect(names()).toEqual(['Agus Prasetyo', 'Dewi Lestari', 'Rudi Hartono', 'Sari Wulandari']);
    fireEvent.click(screen.getByRole('button', { name: 'Nama' }));
    expect(names()).toEqual(['Sari Wulandari', 'Rudi Hartono', 'Dewi Lestari', 'Agus Prasetyo']);

    fireEvent.click(screen.getByRole('button', { name: 'Kurang' }));
    expect(sortedBy()).toEqual([['Kurang', 'descending']]);
    expect(names()).toEqual(['Dewi Lestari', 'Agus Prasetyo', 'Rudi Hartono', 'Sari Wulandari']);
    // Sorting is done here: nothing more was asked of the server.
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('counts again for a typed target and a chosen unit, keeping the order chosen', async () => {
    render(<JpList users={USERS} />);
    await later('3 dari 4 pegawai belum mencapai target');
    fireEvent.click(screen.getByRole('button', { name: 'Nama' }));
    fireEvent.input(screen.getByLabelText('Target JP'), { target: { value: '8' } });
    expect(await later('1 dari 4 pegawai belum mencapai target')).toBeTruthy();
    expect(names()).toEqual(['Agus Prasetyo', 'Dewi Lestari', 'Rudi Hartono', 'Sari Wulandari']);
    const dewi = screen.getByRole('row', { name: /Dewi Lestari/ });
    expect(
      within(dewi)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([USERS[2]!.nip, 'Kecamatan Sukamaju', '0', '8']);

    const units = screen.getByLabelText('Unit kerja') as HTMLSelectElement;
    // A real change event: with preact/compat loaded (zustand), fireEvent.change sends `input`.
    units.value = 'Dinas Pendidikan';
    fireEvent(units, new Event('change', { bubbles: true }));
    expect(await later('0 dari 2 pegawai belum mencapai target')).toBeTruthy();
    const year = String(new Date().getFullYear());
    expect(screen.getByRole('region', { name: `Tahun ${year}, target 8 JP, Dinas Pendidikan` })).toBeTruthy();
    expect(
      urls()
        .map((u) => Object.fromEntries(u.searchParams))
        .at(-1),
    ).toEqual({
      year,
      target: '8',
      unit: 'Dinas Pendidikan',
    });
  });

  it('asks nothing for a year out of range, and says why', async () => {
    render(<JpList users={USERS} />);
    await later('3 dari 4 pegawai belum mencapai target');
    const year = screen.getByLabelText('Tahun');
    fireEvent.input(year, { target: { value: '202' } });
    expect(year.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Tahun harus antara 2000 dan 2100.')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 400));
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
