import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/domain/text.js';

describe('cleaning typed text for others to read', () => {
  it('drops NUL', () => {
    expect(cleanText('Bagus\u0000 sekali\0')).toBe('Bagus sekali');
  });

  it('drops bidi embeddings, overrides and isolates, so nothing reads backwards', () => {
    expect(cleanText('bagus \u202Etxt.exe\u202C')).toBe('bagus txt.exe');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'])
      expect(cleanText(`a${c}b`), c.codePointAt(0)!.toString(16)).toBe('ab');
  });

  it('replaces a lone surrogate and keeps real pairs', () => {
    expect(cleanText('a\uD83Db')).toBe('a\uFFFDb');
    expect(cleanText('a\uDE00')).toBe('a\uFFFD');
    expect(cleanText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    expect(cleanText('mantap 😀')).toBe('mantap 😀');
    // Removing what sat between two halves must not join them into a character.
    expect(cleanText('\uD83D\0\uDE00')).toBe('\uFFFD\uFFFD');
  });

  it('leaves ordinary text alone, Arabic and marks included', () => {
    for (const text of ['Materi sangat bermanfaat.\nTerima kasih!', 'مرحبا', 'a\u200Fb', 'tab\there', ''])
      expect(cleanText(text)).toBe(text);
  });
});
