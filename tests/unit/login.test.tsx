import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app/App.js';
import { useSession } from '../../src/app/session.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('login screen', () => {
  beforeEach(() => {
    localStorage.clear();
    useSession.setState({ token: null, user: null, lang: 'id' });
  });
  afterEach(async () => {
    cleanup();
    useSession.setState({ token: null, user: null });
    // Let a sync started by a login finish against the stub, not the real network.
    await new Promise((resolve) => setTimeout(resolve, 100));
    vi.unstubAllGlobals();
  });

  it('has labelled fields and speaks Indonesian first', () => {
    render(<App />);
    expect(screen.getByRole('heading', { name: 'Masuk' })).toBeTruthy();
    expect(screen.getByLabelText('NIP')).toBeTruthy();
    expect(screen.getByLabelText('Kata sandi').getAttribute('type')).toBe('password');
  });

  it('says plainly when the NIP or password is wrong', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, { error: 'wrong-credentials', message: 'x' })),
    );
    render(<App />);
    fireEvent.input(screen.getByLabelText('NIP'), { target: { value: '199203152025212001' } });
    fireEvent.input(screen.getByLabelText('Kata sandi'), { target: { value: 'salah' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Masuk' }).closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe('NIP atau kata sandi salah.');
  });

  it('tells how long to wait after too many attempts', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(429, { error: 'too-many-attempts', message: 'x' }, { 'retry-after': '840' })),
    );
    render(<App />);
    fireEvent.submit(screen.getByRole('button', { name: 'Masuk' }).closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe('Terlalu banyak percobaan. Coba lagi dalam 14 menit.');
  });

  it('logs in, keeps the session across a reload, and lists courses', async () => {
    const user = { id: 'u', nip: '199203152025212001', name: 'Sari', unit: 'Dinas', position: 'Guru', role: 'learner' };
    const course = {
      id: 'c',
      version: 1,
      title: 'Orientasi',
      summary: 'Ringkas',
      category: 'orientasi',
      jp: 10,
      modules: 5,
      lessons: 16,
      downloadBytes: 95_523,
    };
    const fetchMock = vi.fn(async (url: string) => {
      if (url.endsWith('/api/auth/login')) return json(200, { token: 't0k3n', expiresAt: 0, user });
      if (url.endsWith('/api/sync')) return json(200, { accepted: [], rejected: [], events: [], cursor: 'c', more: false });
      return json(200, { courses: [course] });
    });
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    fireEvent.submit(screen.getByRole('button', { name: 'Masuk' }).closest('form')!);
    expect(await screen.findByRole('heading', { name: 'Orientasi' })).toBeTruthy();
    expect(screen.getByText(/16 pelajaran/).textContent).toBe('5\u00a0modul · 16\u00a0pelajaran · 10\u00a0JP');
    expect(screen.getByRole('button', { name: /^Unduh untuk offline \(96\sKB\)$/ })).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('sinau.session')!)).toMatchObject({ token: 't0k3n' });
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/api/courses') as unknown as [string, RequestInit];
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer t0k3n');
  });

  const sari = { id: 'u', nip: '199203152025212001', name: 'Sari', unit: 'Dinas', position: 'Guru', role: 'learner' };
  const submitLogin = (nip: string, password: string) => {
    fireEvent.input(screen.getByLabelText('NIP'), { target: { value: nip } });
    fireEvent.input(screen.getByLabelText('Kata sandi'), { target: { value: password } });
    fireEvent.submit(screen.getByRole('button', { name: 'Masuk' }).closest('form')!);
  };
  const bodyOf = (mock: ReturnType<typeof vi.fn>, path: string) =>
    JSON.parse(String((mock.mock.calls.find(([url]) => url === path) as unknown as [string, RequestInit])[1].body));

  it('sends the device key kept for the NIP and keeps the one returned, even after logging out', async () => {
    localStorage.setItem('sinau.deviceKeys', JSON.stringify({ [sari.nip]: 'kunci-lama' }));
    const fetchMock = vi.fn(async (url: string) => {
      if (url.endsWith('/api/auth/login'))
        return json(200, { token: 't', expiresAt: 0, user: sari, deviceKey: 'kunci-lama', mustChangePassword: false });
      if (url.endsWith('/api/sync')) return json(200, { accepted: [], rejected: [], events: [], cursor: 'c', more: false });
      return json(200, { courses: [] });
    });
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    submitLogin(sari.nip, 'sandi-sari-1');
    await vi.waitFor(() => expect(useSession.getState().token).toBe('t'));
    expect(bodyOf(fetchMock, '/api/auth/login')).toEqual({ nip: sari.nip, password: 'sandi-sari-1', deviceKey: 'kunci-lama' });
    useSession.getState().clear();
    expect(JSON.parse(localStorage.getItem('sinau.deviceKeys')!)).toEqual({ [sari.nip]: 'kunci-lama' });
  });

  it('asks for a new password after a one-time one, before anything else', async () => {
    const fetchMock = vi.fn(async (url: string) => {
      if (url.endsWith('/api/auth/login'))
        return json(200, { token: 'sekali', expiresAt: 0, user: sari, deviceKey: 'kunci-baru', mustChangePassword: true });
      if (url.endsWith('/api/auth/password')) return json(200, { ok: true });
      if (url.endsWith('/api/sync')) return json(200, { accepted: [], rejected: [], events: [], cursor: 'c', more: false });
      return json(200, { courses: [] });
    });
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    submitLogin(sari.nip, 'Xy7kP2mQ9rTa');
    expect(await screen.findByRole('heading', { name: 'Buat kata sandi baru' })).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('sinau.deviceKeys')!)).toEqual({ [sari.nip]: 'kunci-baru' });
    expect(useSession.getState().token).toBeNull(); // nothing else may use this token yet
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/auth/login']);

    const choose = async (next: string, repeat = next) => {
      fireEvent.input(screen.getByLabelText('Kata sandi baru'), { target: { value: next } });
      fireEvent.input(screen.getByLabelText('Ulangi kata sandi baru'), { target: { value: repeat } });
      fireEvent.submit(screen.getByRole('button', { name: 'Simpan kata sandi' }).closest('form')!);
    };
    await choose('pendek');
    expect((await screen.findByRole('alert')).textContent).toBe('Kata sandi minimal 8 karakter.');
    await choose(sari.nip);
    expect(screen.getByRole('alert').textContent).toBe('Kata sandi tidak boleh sama dengan NIP.');
    await choose('sandi-sari-baru', 'sandi-sari-lain');
    expect(screen.getByRole('alert').textContent).toBe('Kedua kata sandi baru tidak sama.');
    expect(fetchMock).toHaveBeenCalledTimes(1);

    await choose('sandi-sari-baru');
    await vi.waitFor(() => expect(useSession.getState().token).toBe('sekali'));
    expect(bodyOf(fetchMock, '/api/auth/password')).toEqual({ current: 'Xy7kP2mQ9rTa', next: 'sandi-sari-baru' });
    expect(await screen.findByRole('heading', { name: 'Kursus saya' })).toBeTruthy();
  });

  it('lets a learner whose session ended keep studying while they choose the new password', async () => {
    useSession.setState({ token: null, user: sari as never });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith('/api/auth/login')
          ? json(200, { token: 'sekali', expiresAt: 0, user: sari, deviceKey: 'k', mustChangePassword: true })
          : json(200, { courses: [] }),
      ),
    );
    render(<App />);
    fireEvent.input(screen.getByLabelText('Kata sandi'), { target: { value: 'Xy7kP2mQ9rTa' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Masuk' }).closest('form')!);
    expect(await screen.findByRole('heading', { name: 'Buat kata sandi baru' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Kursus saya' })).toBeTruthy(); // the downloaded courses stay open
    expect(useSession.getState()).toMatchObject({ token: null, user: sari });
  });

  it('switches to English and back', async () => {
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    fireEvent.click(screen.getByRole('button', { name: 'Bahasa Indonesia' }));
    expect(await screen.findByRole('heading', { name: 'Masuk' })).toBeTruthy();
  });
});
