// Sessions on the admin screens: the form (WIB in, ISO out, the server's refusals at their
// fields), the list (upcoming first, cancelled marked, cancelling confirmed), and the
// facilitator's code (the TOTP of the current step, as src/domain/totp.ts makes it) with the
// secret kept on the device until check-in closes.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Attendance } from '../../src/app/admin/Attendance.js';
import { CheckIn } from '../../src/app/admin/CheckIn.js';
import { CheckInCode } from '../../src/app/admin/CheckInCode.js';
import { forgetClosed, keepCheckIn, keptCheckIn } from '../../src/app/admin/check-in-keep.js';
import { Dashboard } from '../../src/app/admin/Dashboard.js';
import { fieldErrorsOf, SessionForm } from '../../src/app/admin/SessionForm.js';
import { upcomingFirst } from '../../src/app/admin/session-time.js';
import { useSession } from '../../src/app/session.js';
import { parseCheckInUrl } from '../../src/app/shared/check-in-link.js';
import type { Session } from '../../src/domain/api/sessions.js';
import { base32Decode, base32Encode, stepOf, totp } from '../../src/domain/totp.js';
import { fakeAdminApi, jsonResponse, UNIT } from '../helpers/admin-api.js';

const admin = { id: 'a', nip: '198001012006041001', name: 'Budi', unit: 'BKPSDM', position: '', role: 'admin' as const };
const coordinator = { ...admin, id: 'k', role: 'coordinator' as const, unit: UNIT };
const SECRET = base32Encode(Uint8Array.from({ length: 20 }, (_, i) => i * 13 + 7));
const HOUR = 3_600_000;

const session = (fields: Partial<Session> = {}): Session => ({
  id: 's1',
  courseId: 'orientasi-pppk',
  title: 'Pertemuan 1',
  mode: 'hybrid',
  startsAt: '2026-12-01T01:00:00.000Z',
  endsAt: '2026-12-01T05:00:00.000Z',
  place: 'Aula BKPSDM',
  meetingUrl: null,
  unit: null,
  cancelledAt: null,
  updatedAt: '2026-11-20T00:00:00.000Z',
  ...fields,
});

let fetchMock: ReturnType<typeof vi.fn>;
const calls = (method: string, prefix: string) =>
  fetchMock.mock.calls.filter(([url, init]) => String(url).startsWith(prefix) && (init?.method ?? 'GET') === method);
const type = (label: string | RegExp, value: string) => {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  input.value = value;
  fireEvent.input(input);
  // The date field reads what was typed when Enter is pressed or it is left.
  fireEvent.keyDown(input, { key: 'Enter' });
};

beforeEach(() => {
  localStorage.clear();
  useSession.setState({ token: 'admin-token', user: admin, lang: 'id' });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the session form', () => {
  it('reads the server refusal for each field it names', () => {
    expect(
      fieldErrorsOf('The request body is not valid: /title Too small: expected string; /meetingUrl must be an http(s) address'),
    ).toEqual({ title: 'sesiErrTitle', meetingUrl: 'sesiErrUrl' });
    expect(fieldErrorsOf('endsAt: must be after "startsAt"')).toEqual({ end: 'sesiErrEnd' });
    expect(fieldErrorsOf('Something else went wrong')).toEqual({});
  });

  it('sends the day and times typed in WIB as ISO moments, and shows what the server refuses at its field', async () => {
    let answer = 400;
    fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      answer === 400
        ? jsonResponse(400, {
            error: 'invalid-request',
            message:
              'The request body is not valid: /title Too small: expected string to have >=1 characters; /endsAt must be after "startsAt"',
          })
        : jsonResponse(201, { ...session(), ...JSON.parse(String(init?.body)), id: 'new' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const saved = vi.fn();
    render(<SessionForm courseId="orientasi-pppk" units={[UNIT]} onSaved={saved} onClose={() => undefined} />);

    // Nothing typed for the day and times: refused here, nothing sent.
    fireEvent.click(screen.getByRole('button', { name: 'Simpan sesi' }));
    await screen.findByText('Sesi tidak disimpan: perbaiki isian yang ditandai.');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/Jam mulai/).getAttribute('aria-invalid')).toBe('true');

    type(/^Tanggal/, '1/12/2026');
    type(/Jam mulai/, '8.00');
    type(/Jam selesai/, '07:30');
    fireEvent.click(screen.getByLabelText('Daring (rapat video)'));
    fireEvent.click(screen.getByRole('button', { name: 'Simpan sesi' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByLabelText('Judul sesi').getAttribute('aria-invalid')).toBe('true'));
    const sent = JSON.parse(String(fetchMock.mock.calls[0]![1].body));
    expect(sent).toEqual({
      title: '',
      mode: 'daring',
      startsAt: '2026-12-01T01:00:00.000Z',
      endsAt: '2026-12-01T00:30:00.000Z',
      place: null,
      meetingUrl: null,
      unit: null,
    });
    const end = screen.getByLabelText(/Jam selesai/);
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(end.getAttribute('aria-describedby')!)?.textContent).toContain('Jam selesai harus setelah jam mulai');
    expect(screen.getByLabelText(/Jam mulai/).getAttribute('aria-invalid')).toBeNull();
    expect(saved).not.toHaveBeenCalled();

    answer = 201;
    type('Judul sesi', 'Pertemuan 1');
    type(/Jam selesai/, '12:00');
    type(/Tempat/, 'Aula BKPSDM');
    const unit = screen.getByLabelText('Untuk unit kerja') as HTMLSelectElement;
    unit.value = UNIT;
    fireEvent(unit, new Event('change', { bubbles: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Simpan sesi' }));
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    expect(JSON.parse(String(fetchMock.mock.calls[1]![1].body))).toMatchObject({
      title: 'Pertemuan 1',
      endsAt: '2026-12-01T05:00:00.000Z',
      place: 'Aula BKPSDM',
      unit: UNIT,
    });
    expect(fetchMock.mock.calls[1]![0]).toBe('/api/admin/courses/orientasi-pppk/sessions');
  });

  it("changes a session with a PATCH of its fields, and a coordinator's is always for their unit", async () => {
    useSession.setState({ user: coordinator });
    fetchMock = vi.fn(async (_url: string, init?: RequestInit) => jsonResponse(200, { ...session(), ...JSON.parse(String(init?.body)) }));
    vi.stubGlobal('fetch', fetchMock);
    const saved = vi.fn();
    render(
      <SessionForm
        courseId="orientasi-pppk"
        session={session({ unit: UNIT })}
        units={[]}
        ownUnit={UNIT}
        onSaved={saved}
        onClose={() => undefined}
      />,
    );
    // The stored times show in WIB.
    expect((screen.getByLabelText(/Jam mulai/) as HTMLInputElement).value).toBe('08:00');
    expect((screen.getByLabelText(/^Tanggal/) as HTMLInputElement).value).toBe('01/12/2026');
    expect(screen.queryByLabelText('Untuk unit kerja')).toBeNull();
    type('Judul sesi', 'Pertemuan 1 (pindah)');
    fireEvent.click(screen.getByRole('button', { name: 'Simpan sesi' }));
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/admin/sessions/s1');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(String(init.body))).toMatchObject({
      title: 'Pertemuan 1 (pindah)',
      unit: UNIT,
      startsAt: '2026-12-01T01:00:00.000Z',
    });
  });
});

describe('the sessions section', () => {
  it('orders upcoming sessions first, soonest first, then past ones, latest first', () => {
    const now = Date.parse('2026-12-05T00:00:00Z');
    const at = (id: string, day: string) =>
      session({ id, startsAt: `2026-12-${day}T01:00:00.000Z`, endsAt: `2026-12-${day}T05:00:00.000Z` });
    const order = upcomingFirst([at('past-old', '01'), at('soon', '06'), at('past', '04'), at('later', '09')], now).map((s) => s.id);
    expect(order).toEqual(['soon', 'later', 'past', 'past-old']);
  });

  it('lists a course’s sessions with the cancelled one marked, and cancels one only once confirmed', async () => {
    const report = fakeAdminApi();
    const future = Date.now() + 48 * HOUR;
    const upcoming = session({
      id: 'up',
      title: 'Pertemuan 2',
      startsAt: new Date(future).toISOString(),
      endsAt: new Date(future + HOUR).toISOString(),
    });
    const past = Date.now() - 48 * HOUR;
    const off = session({
      id: 'off',
      title: 'Pertemuan 0',
      startsAt: new Date(past).toISOString(),
      endsAt: new Date(past + HOUR).toISOString(),
      cancelledAt: new Date(past - HOUR).toISOString(),
    });
    const done = session({
      id: 'done',
      title: 'Pertemuan -1',
      startsAt: new Date(past - 24 * HOUR).toISOString(),
      endsAt: new Date(past - 23 * HOUR).toISOString(),
    });
    fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/admin/courses/orientasi-pppk/sessions') return jsonResponse(200, { sessions: [done, off, upcoming] });
      if (url === '/api/admin/sessions/up/cancel' && init?.method === 'POST')
        return jsonResponse(200, { ...upcoming, cancelledAt: new Date().toISOString() });
      return report(url);
    });
    vi.stubGlobal('fetch', fetchMock);
    render(<Dashboard section="sesi" />);
    const list = await screen.findByRole('list', { name: 'Sesi tatap muka dan daring' });
    await within(list).findByText('Pertemuan 2');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('h3')?.textContent)).toEqual([
      'Pertemuan 2 ',
      'Pertemuan 0 Dibatalkan',
      'Pertemuan -1 Sudah lewat',
    ]);
    // A cancelled session can no longer be changed, cancelled or opened for check-in.
    expect(within(items[1]!).queryByRole('button', { name: /Ubah/ })).toBeNull();
    expect(within(items[1]!).queryByRole('link')).toBeNull();
    expect(within(items[0]!).getByRole('link', { name: 'Buka layar absen sesi Pertemuan 2' }).getAttribute('href')).toBe(
      '/admin/sessions/up',
    );

    fireEvent.click(within(items[0]!).getByRole('button', { name: 'Batalkan sesi Pertemuan 2' }));
    expect(calls('POST', '/api/admin/sessions/up/cancel')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Tidak' }));
    expect(screen.queryByRole('button', { name: 'Ya, batalkan sesi' })).toBeNull();
    fireEvent.click(within(items[0]!).getByRole('button', { name: 'Batalkan sesi Pertemuan 2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ya, batalkan sesi' }));
    await screen.findByText('✓ Sesi "Pertemuan 2" dibatalkan.');
    expect(calls('POST', '/api/admin/sessions/up/cancel')).toHaveLength(1);
    expect(within(within(list).getAllByRole('listitem')[0]!).getByText('Dibatalkan')).toBeTruthy();
  });

  it("lets a coordinator change only their unit's sessions, not one for every unit", async () => {
    useSession.setState({ user: coordinator });
    const report = fakeAdminApi();
    const soon = new Date(Date.now() + HOUR).toISOString();
    const later = new Date(Date.now() + 2 * HOUR).toISOString();
    fetchMock = vi.fn(async (url: string) =>
      url === '/api/admin/courses/orientasi-pppk/sessions'
        ? jsonResponse(200, {
            sessions: [
              session({ id: 'mine', title: 'Untuk Dinas', unit: UNIT, startsAt: soon, endsAt: later }),
              session({ id: 'all', title: 'Untuk semua', unit: null, startsAt: soon, endsAt: later }),
            ],
          })
        : report(url),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(<Dashboard section="sesi" />);
    await screen.findByText('Untuk Dinas');
    expect(screen.getByRole('button', { name: 'Ubah sesi Untuk Dinas' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Ubah sesi Untuk semua' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Buka layar absen sesi Untuk semua' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Kehadiran sesi Untuk semua' })).toBeTruthy();
  });
});

describe('who came to a session', () => {
  it('counts luring and daring per unit with the totals, lists whom to follow up, and lays out the daftar hadir to sign', async () => {
    const person = (nip: string, name: string, unit: string) => ({ nip, name, unit });
    fetchMock = vi.fn(async (url: string) =>
      url === '/api/admin/sessions/s1/attendance'
        ? jsonResponse(200, {
            session: session(),
            units: [
              { unit: UNIT, luring: 2, daring: 1 },
              { unit: 'Kecamatan Sukamaju', luring: 0, daring: 4 },
            ],
            total: { luring: 2, daring: 5 },
            present: [
              { ...person('199203152025212001', 'Sari Wulandari', UNIT), mode: 'luring', checkedAt: '2026-12-01T00:45:00.000Z' },
              { ...person('199507202025211002', 'Agus Prasetyo', UNIT), mode: 'daring', checkedAt: '2026-12-01T01:02:00.000Z' },
            ],
            attendedNotCompleted: [person('199507202025211002', 'Agus Prasetyo', UNIT)],
            completedNotAttended: [],
          })
        : jsonResponse(404, { error: 'not-found', message: 'no' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(<Attendance sessionId="s1" courseTitle="Orientasi PPPK" onBack={() => undefined} />);
    await screen.findByRole('heading', { name: 'Kehadiran: Pertemuan 1' });
    const perUnit = screen.getByRole('region', { name: 'Kehadiran per unit kerja' });
    const rows = within(perUnit)
      .getAllByRole('row')
      .map((r) =>
        within(r)
          .queryAllByRole(/cell|rowheader|columnheader/)
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['Unit kerja', 'Luring', 'Daring', 'Jumlah'],
      [UNIT, '2', '1', '3'],
      ['Kecamatan Sukamaju', '0', '4', '4'],
      ['Jumlah', '2', '5', '7'],
    ]);
    expect(screen.getByRole('heading', { name: 'Hadir tapi belum selesai kursus (1)' })).toBeTruthy();
    expect(screen.getByText('Agus Prasetyo', { selector: 'li' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Selesai kursus tanpa hadir (0)' })).toBeTruthy();

    const register = screen.getByRole('table', { name: 'Daftar hadir' });
    const lines = within(register)
      .getAllByRole('row')
      .map((r) =>
        within(r)
          .queryAllByRole(/cell|rowheader|columnheader/)
          .map((c) => c.textContent),
      );
    expect(lines).toEqual([
      ['No', 'NIP', 'Nama', 'Unit', 'Mode', 'Jam hadir', 'Tanda tangan'],
      ['1', '19920315 202521 2 001', 'Sari Wulandari', UNIT, 'luring', '07:45', ''],
      ['2', '19950720 202521 1 002', 'Agus Prasetyo', UNIT, 'daring', '08:02', ''],
    ]);
    // The particulars above it, as the paper heads them.
    expect(screen.getByText('Orientasi PPPK')).toBeTruthy();
    expect(screen.getByText('08:00–12:00 WIB')).toBeTruthy();
    expect(screen.getByText('01/12/2026')).toBeTruthy();
  });
});

describe("the facilitator's code", () => {
  const key = base32Decode(SECRET);

  it('shows the code of the current 30 s step, grouped, with its QR, and the next one at the step boundary', () => {
    const now = Date.parse('2026-12-01T01:10:17.000Z');
    const view = render(<CheckInCode secret={SECRET} courseId="orientasi-pppk" sessionId="s1" now={now} />);
    const shown = () => screen.getByText(/^\d{3} \d{3}$/).textContent!.replace(' ', '');
    expect(shown()).toBe(totp(key, stepOf(now)));
    expect(screen.getByText('Kode berganti dalam 13 detik')).toBeTruthy();
    expect(screen.getByRole('img', { name: /Kode QR absen/ }).querySelector('svg')).toBeTruthy();

    const next = Date.parse('2026-12-01T01:10:30.000Z');
    view.rerender(<CheckInCode secret={SECRET} courseId="orientasi-pppk" sessionId="s1" now={next} />);
    expect(shown()).toBe(totp(key, stepOf(next)));
    expect(shown()).not.toBe(totp(key, stepOf(now)));
    expect(screen.getByText('Kode berganti dalam 30 detik')).toBeTruthy();
    // What the learner's app reads from the QR is the same code.
    expect(parseCheckInUrl(`${location.origin}/kursus/orientasi-pppk?hadir=s1&kode=${shown()}`)).toMatchObject({ code: shown() });
  });

  it('puts the code and the QR alone on the screen for projecting, and back', async () => {
    const requested: Element[] = [];
    let full: Element | null = null;
    Object.defineProperty(document, 'fullscreenElement', { configurable: true, get: () => full });
    Object.defineProperty(document, 'fullscreenEnabled', { configurable: true, value: true });
    Object.defineProperty(HTMLElement.prototype, 'requestFullscreen', {
      configurable: true,
      value(this: Element) {
        requested.push(this);
        full = this;
        document.dispatchEvent(new Event('fullscreenchange'));
        return Promise.resolve();
      },
    });
    Object.defineProperty(document, 'exitFullscreen', {
      configurable: true,
      value() {
        full = null;
        document.dispatchEvent(new Event('fullscreenchange'));
        return Promise.resolve();
      },
    });
    try {
      render(<CheckInCode secret={SECRET} courseId="orientasi-pppk" sessionId="s1" now={Date.now()} />);
      fireEvent.click(screen.getByRole('button', { name: 'Layar penuh' }));
      expect(requested).toHaveLength(1);
      // The whole code area, QR included, not the page.
      expect(requested[0]!.classList.contains('check-in-code')).toBe(true);
      expect(requested[0]!.querySelector('.qr svg')).toBeTruthy();
      fireEvent.click(await screen.findByRole('button', { name: 'Keluar dari layar penuh' }));
      await screen.findByRole('button', { name: 'Layar penuh' });
      expect(full).toBeNull();
    } finally {
      for (const name of ['fullscreenElement', 'fullscreenEnabled', 'exitFullscreen']) Reflect.deleteProperty(document, name);
      Reflect.deleteProperty(HTMLElement.prototype, 'requestFullscreen');
    }
  });

  it('keeps the secret once opened with a signal, shows it again with none, and deletes it when check-in closes', async () => {
    const now = Date.now();
    const running = session({ startsAt: new Date(now - HOUR).toISOString(), endsAt: new Date(now + HOUR).toISOString() });
    const attendance = {
      session: running,
      units: [],
      total: { luring: 3, daring: 2 },
      present: [],
      attendedNotCompleted: [],
      completedNotAttended: [],
    };
    fetchMock = vi.fn(async (url: string) => {
      if (url === '/api/admin/sessions/s1/check-in')
        return jsonResponse(200, { secret: SECRET, algorithm: 'SHA-256', digits: 6, period: 30 });
      if (url === '/api/admin/sessions/s1/attendance') return jsonResponse(200, attendance);
      return fakeAdminApi()(url);
    });
    vi.stubGlobal('fetch', fetchMock);
    const first = render(<CheckIn id="s1" />);
    await screen.findByText('5 peserta sudah absen');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Absen: Pertemuan 1');
    expect(screen.getByText('Orientasi PPPK')).toBeTruthy();
    expect(keptCheckIn('s1', admin.id, Date.now())?.secret).toBe(SECRET);
    first.unmount();

    // No signal: every request fails as fetch does offline.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    render(<CheckIn id="s1" />);
    const code = screen.getByText(/^\d{3} \d{3}$/).textContent!.replace(' ', '');
    expect([totp(base32Decode(SECRET), stepOf(Date.now())), totp(base32Decode(SECRET), stepOf(Date.now()) - 1)]).toContain(code);
    await waitFor(() => expect(screen.getByText(/5 peserta sudah absen \(terakhir diperbarui \d\d:\d\d\)/)).toBeTruthy());
    expect(screen.queryByRole('alert')).toBeNull();
    // Another account on the same device does not get it.
    expect(keptCheckIn('s1', 'someone-else', Date.now())).toBeUndefined();
    // Once check-in has closed (the end + 30 minutes) it is gone.
    forgetClosed(now + HOUR + 30 * 60_000);
    expect(keptCheckIn('s1', admin.id, now)).toBeUndefined();
  });

  it('says the codes would be refused before check-in opens, after it closes, and for a cancelled session', async () => {
    const now = Date.now();
    const cases: [Partial<Session>, RegExp][] = [
      [
        { startsAt: new Date(now + 2 * HOUR).toISOString(), endsAt: new Date(now + 3 * HOUR).toISOString() },
        /^Kode belum diterima: absen dibuka pukul/,
      ],
      [
        { startsAt: new Date(now - 3 * HOUR).toISOString(), endsAt: new Date(now - 2 * HOUR).toISOString() },
        /^Kode tidak diterima lagi: absen ditutup pukul/,
      ],
      [
        {
          startsAt: new Date(now - HOUR).toISOString(),
          endsAt: new Date(now + HOUR).toISOString(),
          cancelledAt: new Date(now).toISOString(),
        },
        /^Sesi ini dibatalkan/,
      ],
    ];
    for (const [fields, message] of cases) {
      localStorage.clear();
      const shown = session(fields);
      vi.stubGlobal(
        'fetch',
        vi.fn(async (url: string) => {
          if (url.endsWith('/check-in')) return jsonResponse(200, { secret: SECRET, algorithm: 'SHA-256', digits: 6, period: 30 });
          if (url.endsWith('/attendance'))
            return jsonResponse(200, {
              session: shown,
              units: [],
              total: { luring: 0, daring: 0 },
              present: [],
              attendedNotCompleted: [],
              completedNotAttended: [],
            });
          return fakeAdminApi()(url);
        }),
      );
      render(<CheckIn id="s1" />);
      expect((await screen.findByRole('alert')).textContent).toMatch(message);
      cleanup();
    }
    // The one that had closed already was never kept.
    keepCheckIn({ userId: admin.id, session: session({ endsAt: new Date(now - HOUR).toISOString() }), secret: SECRET }, now);
    expect(keptCheckIn('s1', admin.id, now)).toBeUndefined();
  });

  it('asks for a signal when it was never opened on this device', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    render(<CheckIn id="s1" />);
    await screen.findByText(/belum pernah dibuka di perangkat ini/);
  });
});
