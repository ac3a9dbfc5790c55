import { describe, expect, it } from 'vitest';
import { checkInUrl, parseCheckInUrl } from '../../src/app/shared/check-in-link.js';

describe('the check-in link in the facilitator QR', () => {
  const link = { courseId: 'orientasi-pppk', sessionId: 'Sx7_k2', code: '042917' };

  it('round-trips through the address, whatever the origin', () => {
    const url = checkInUrl('https://sinau.example.go.id', link);
    expect(url).toBe('https://sinau.example.go.id/kursus/orientasi-pppk?hadir=Sx7_k2&kode=042917');
    expect(parseCheckInUrl(url)).toEqual(link);
    expect(parseCheckInUrl(` ${checkInUrl('http://10.0.0.2:8080', link)}\n`)).toEqual(link);
  });

  it('keeps characters of a course id that need escaping', () => {
    const odd = { ...link, courseId: 'a b' };
    expect(parseCheckInUrl(checkInUrl('http://x', odd))).toEqual(odd);
  });

  it('reads anything else as no check-in', () => {
    for (const text of [
      '',
      'hello',
      '042917',
      'https://x/kursus/a?hadir=s',
      'https://x/kursus/a?hadir=s&kode=12345',
      'https://x/kursus/a?hadir=s&kode=1234567',
      'https://x/kursus/a?kode=123456',
      'https://x/kursus/a/pelajaran/b?hadir=s&kode=123456',
      'https://x/kursus/%E0%A4%A?hadir=s&kode=123456',
    ])
      expect(parseCheckInUrl(text), text).toBeNull();
  });
});
