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
    expect(screen.getByText(/16 pelajaran/).textContent).toBe('5 modul · 16 pelajaran · 10 JP · Unduhan 96 KB');
    expect(JSON.parse(localStorage.getItem('sinau.session')!)).toMatchObject({ token: 't0k3n' });
    const [, init] = fetchMock.mock.calls.find(([url]) => url === '/api/courses') as unknown as [string, RequestInit];
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer t0k3n');
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
