import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuizConversion } from '../../src/app/admin/api.js';
import { QuizBank } from '../../src/app/admin/QuizBank.js';
import { useSession } from '../../src/app/session.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const CONVERTED: QuizConversion = {
  quiz: {
    id: 'etika-asn',
    title: 'Bank soal',
    feedback: 'after-sync',
    passingScore: 70,
    questions: [
      {
        id: 'nilai-dasar',
        type: 'single',
        prompt: 'Nilai dasar ASN disingkat',
        options: [
          { id: 'a', text: 'BerAKHLAK', correct: true },
          { id: 'b', text: 'PANCASILA' },
        ],
        explanation: 'Tujuh nilai dasar.',
      },
      { id: 'q2', type: 'truefalse', prompt: 'PPPK adalah ASN.', answer: true },
      { id: 'q3', type: 'short', prompt: 'Kepanjangan ASN', accept: ['Aparatur Sipil Negara', 'aparatur sipil negara'] },
    ],
  },
  problems: [{ line: 9, message: 'question "Esai" is an essay ({}), which a quiz cannot grade; left out' }],
};

describe('question bank screen', () => {
  beforeEach(() => useSession.setState({ token: 'admin-token', lang: 'id' }));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('sends the pasted bank, then shows each question with its key and each problem with its line', async () => {
    const fetchMock = vi.fn(async () => json(200, CONVERTED));
    vi.stubGlobal('fetch', fetchMock);
    render(<QuizBank />);
    expect(screen.getByRole('heading', { name: 'Bank soal (GIFT atau Aiken)' })).toBeTruthy();
    const convert = screen.getByRole('button', { name: 'Ubah menjadi kuis' }) as HTMLButtonElement;
    expect(convert.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Isi bank soal'), { target: { value: 'Siapa?\nA) Saya\nB) Anda\nANSWER: B' } });
    const format = screen.getByLabelText('Format') as HTMLSelectElement;
    format.value = 'aiken';
    // A real change event: with preact/compat loaded (zustand), fireEvent.change sends `input`.
    fireEvent(format, new Event('change', { bubbles: true }));
    fireEvent.input(screen.getByLabelText(/Id kuis/), { target: { value: 'etika-asn' } });
    fireEvent.click(convert);

    expect(await screen.findByText('3 soal berhasil diubah.')).toBeTruthy();
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/admin/quiz/convert');
    expect(JSON.parse(init.body as string)).toEqual({
      format: 'aiken',
      text: 'Siapa?\nA) Saya\nB) Anda\nANSWER: B',
      feedback: 'after-sync',
      id: 'etika-asn',
    });
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer admin-token');

    expect(screen.getByText('Baris 9')).toBeTruthy();
    expect(screen.getByText(/"Esai" is an essay/)).toBeTruthy();
    const questions = screen.getAllByRole('list').find((l) => l.classList.contains('quiz-bank-questions'))!;
    const first = within(questions).getAllByRole('listitem')[0]!;
    expect(within(first).getByText(/BerAKHLAK/).textContent).toBe('✓ BerAKHLAK (kunci)');
    expect(within(first).getByText('PANCASILA')).toBeTruthy();
    expect(within(first).getByText('Tujuh nilai dasar.')).toBeTruthy();
    expect(screen.getByText('Kunci: Benar')).toBeTruthy();
    expect(screen.getByText('Jawaban diterima: Aparatur Sipil Negara · aparatur sipil negara')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unduh YAML kuis' })).toBeTruthy();
  });

  it('says when nothing converted, offers no download, and words a refusal', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(json(200, { quiz: null, problems: [{ line: 1, message: 'question "Esai" is an essay' }] }))
      .mockResolvedValueOnce(json(413, { error: 'payload-too-large', message: 'Request body is too large' }));
    vi.stubGlobal('fetch', fetchMock);
    render(<QuizBank />);
    fireEvent.input(screen.getByLabelText('Isi bank soal'), { target: { value: 'Esai {}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ubah menjadi kuis' }));
    expect(await screen.findByText('Tidak ada soal yang bisa diubah.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unduh YAML kuis' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Ubah menjadi kuis' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/lebih dari 2 MB/));
  });
});
