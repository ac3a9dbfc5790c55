// What a unit coordinator sees of the admin screens: their unit's report, learners and JP,
// and none of the tools that change anything.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dashboard } from '../../src/app/admin/Dashboard.js';
import { Header } from '../../src/app/components/Header.js';
import { useSession } from '../../src/app/session.js';
import { figuresByUnit, figuresOf, learnerOf, notStarted } from '../../src/domain/report.js';

const UNIT = 'Dinas Pendidikan';
const coordinator = { id: 'k', nip: '199001010000000077', name: 'Kepala Dinas', unit: UNIT, position: '', role: 'coordinator' as const };
const learners = [learnerOf({ nip: '199507202025211002', name: 'Agus Prasetyo', unit: UNIT, position: 'Guru' }, notStarted(16), 10)];
const report = {
  courseId: 'orientasi-pppk',
  version: 1,
  title: 'Orientasi PPPK',
  jp: 10,
  category: 'bangkom',
  filters: { unit: UNIT },
  ...figuresOf(learners, []),
  byUnit: figuresByUnit(learners, []),
  learners: learners.map((l) => l.row),
};

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
function answer(url: string) {
  if (url.startsWith('/api/admin/courses/orientasi-pppk/report')) return json(report);
  if (url.startsWith('/api/admin/courses'))
    return json({ courses: [{ id: 'orientasi-pppk', version: 1, title: 'Orientasi PPPK', category: 'bangkom', jp: 10, enrolled: 1 }] });
  if (url.startsWith('/api/admin/users')) return json({ users: [{ ...learners[0]!.row, id: 'a', role: 'learner', disabled: false }] });
  if (url.startsWith('/api/admin/jp')) return json({ year: 2026, target: 20, learners: [] });
  return new Response(JSON.stringify({ error: 'forbidden', message: 'no' }), { status: 403 });
}

// What only an admin is offered: the sections, and the account actions in the learner list.
const ADMIN_ONLY = ['Pendaftaran peserta', 'Impor pegawai (CSV)', 'Bank soal (GIFT atau Aiken)', 'Kursus: unggah dan terbitkan'];
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

  it('shows their unit’s report read-only, without enrolment, staff import, resets, upload or question banks', async () => {
    render(<Dashboard />);
    expect(await screen.findByRole('heading', { name: 'Orientasi PPPK' })).toBeTruthy();
    expect(screen.getAllByText(UNIT, { selector: 'strong' })).toHaveLength(2); // the report's and JP's
    expect(screen.queryByRole('combobox', { name: 'Unit kerja' })).toBeNull();
    expect(screen.queryByRole('option', { name: 'Semua unit' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: /Agus Prasetyo/ }));
    expect(screen.getByText('199507202025211002')).toBeTruthy();
    for (const action of ACTIONS) expect(screen.queryByRole('button', { name: action }), String(action)).toBeNull();
    for (const heading of ADMIN_ONLY) expect(screen.queryByRole('heading', { name: heading }), heading).toBeNull();

    // Only reads were asked for, and each of them is one the server lets a coordinator make.
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/admin/jp'))).toBe(true));
    const asked = fetchMock.mock.calls.map(([url]) => String(url).split('?')[0]);
    expect(new Set(asked)).toEqual(
      new Set(['/api/admin/courses', '/api/admin/users', '/api/admin/courses/orientasi-pppk/report', '/api/admin/jp']),
    );
  });

  it('still shows an admin every section and action', async () => {
    useSession.setState({ user: { ...coordinator, role: 'admin', unit: 'BKPSDM' } });
    render(<Dashboard />);
    expect(await screen.findByRole('heading', { name: 'Orientasi PPPK' })).toBeTruthy();
    expect(screen.getAllByRole('combobox', { name: 'Unit kerja' }).length).toBeGreaterThanOrEqual(2); // the report's, JP's, …
    for (const heading of ADMIN_ONLY) expect(screen.getByRole('heading', { name: heading }), heading).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Agus Prasetyo/ }));
    for (const action of ACTIONS) expect(screen.getByRole('button', { name: action }), String(action)).toBeTruthy();
  });
});
