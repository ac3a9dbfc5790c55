// An admin who reads English sees the report and the learner list in English, with no
// Indonesian label left over; the section addresses stay Indonesian.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dashboard } from '../../src/app/admin/Dashboard.js';
import { loadLanguage } from '../../src/app/i18n.js';
import { useSession } from '../../src/app/session.js';
import { fakeAdminApi } from '../helpers/admin-api.js';

const admin = { id: 'k', nip: '199001010000000077', name: 'Admin BKPSDM', unit: 'BKPSDM', position: '', role: 'admin' as const };
const answer = fakeAdminApi();

// Words of the Indonesian labels; none is in the test's data (names, unit, course title).
const INDONESIAN =
  /\b(peserta|terdaftar|unduh|cetak|tanggal|kursus|laporan|pendaftaran|impor|mulai|selesai|belajar|jabatan|kata sandi|semua|cari|dari|bagian|hh\/bb\/tttt)\b/i;

/** What a reader or a screen reader meets: the text, and the labels and placeholders. */
function visibleText(): string {
  const attributes = [...document.body.querySelectorAll('[aria-label], [placeholder]')].map(
    (e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('placeholder') ?? ''}`,
  );
  return [document.body.textContent ?? '', ...attributes].join('\n');
}

function typeDate(name: RegExp, text: string) {
  const input = screen.getByRole('textbox', { name });
  fireEvent.input(input, { target: { value: text } });
  // The app's React alias listens for focusout, as a browser fires it with blur.
  fireEvent.focusOut(input);
}

describe('the admin screens in English', () => {
  beforeAll(() => loadLanguage('en'));
  beforeEach(() => {
    useSession.setState({ token: 'admin-token', user: admin, lang: 'en' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => answer(url)),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
  afterAll(() => useSession.setState({ lang: 'id' }));

  it('shows the report with English labels, hints and alerts', async () => {
    render(<Dashboard section="laporan" />);
    expect(await screen.findByRole('heading', { name: 'Orientasi PPPK' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Training administration' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Admin sections' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([
      'Report',
      'Learners',
      'JP',
      'Certificates',
      'Sessions',
      'Enrolment',
      'Import',
      'Courses',
      'Question banks',
    ]);
    expect(links[1]!.getAttribute('href')).toBe('/admin/peserta');
    expect(screen.getByRole('heading', { name: 'Learner funnel' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'By work unit' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Enrolled' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Print' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Orientasi PPPK (1 enrolled)' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: /^From date/ }).getAttribute('placeholder')).toBe('dd/mm/yyyy');
    expect(screen.getByText('Study hours')).toBeTruthy();
    expect(visibleText()).not.toMatch(INDONESIAN);

    typeDate(/^From date/, '31/02/2026');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'From date: "31/02/2026" is not a date. Write day/month/year, for example 17/08/2026.',
    );
    typeDate(/^From date/, '02/03/2026');
    typeDate(/^To date/, '01/03/2026');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^"To date" is earlier than "From date"/);
    expect(visibleText()).not.toMatch(INDONESIAN);
  });

  it('shows the learner list and a learner’s details in English', async () => {
    render(<Dashboard section="peserta" />);
    fireEvent.click(await screen.findByRole('button', { name: /Agus Prasetyo/ }));
    expect(screen.getByRole('heading', { name: 'Learners' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Search by NIP, name or unit' })).toBeTruthy();
    expect(screen.getByText('1 of 1 learners')).toBeTruthy();
    expect(screen.getByText(/not started/)).toBeTruthy();
    expect(screen.getByText('Position')).toBeTruthy();
    expect(screen.getByText('Completed on')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Disable account' })).toBeTruthy();
    expect(visibleText()).not.toMatch(INDONESIAN);
  });
});
