import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, codeMatches, stepOf, totp } from '../../src/domain/totp.js';

// RFC 6238, Appendix B, the SHA-256 rows: the seed is the 32-byte ASCII string below.
const seed = new TextEncoder().encode('12345678901234567890123456789012');
const vectors: [seconds: number, code: string][] = [
  [59, '46119246'],
  [1111111109, '68084774'],
  [1111111111, '67062674'],
  [1234567890, '91819424'],
  [2000000000, '90698825'],
  [20000000000, '77737706'],
];

describe('TOTP', () => {
  it.each(vectors)('matches RFC 6238 at T = %i s', (seconds, code) => {
    expect(totp(seed, stepOf(seconds * 1000), 8)).toBe(code);
    // Six digits are the same number modulo 10^6: the last six of the eight.
    expect(totp(seed, stepOf(seconds * 1000))).toBe(code.slice(2));
  });

  it('takes a code within two steps of the time and refuses one three steps off', () => {
    const at = 1_800_000_000_000;
    const step = stepOf(at);
    for (const d of [-2, -1, 0, 1, 2]) expect(codeMatches(seed, totp(seed, step + d), at)).toBe(true);
    for (const d of [-3, 3]) {
      const code = totp(seed, step + d);
      // A code of a far step that happens to equal a near one would pass, rightly.
      const nearby = [-2, -1, 0, 1, 2].some((n) => totp(seed, step + n) === code);
      expect(codeMatches(seed, code, at)).toBe(nearby);
    }
  });

  it('refuses anything that is not six digits', () => {
    const at = 1_800_000_000_000;
    const code = totp(seed, stepOf(at));
    for (const bad of [` ${code}`, `${code}0`, code.slice(1), '', 'abcdef']) {
      expect(codeMatches(seed, bad, at)).toBe(false);
    }
  });
});

describe('base32', () => {
  it('encodes the RFC 4648 test vectors', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base32Decode(`${encoded.toLowerCase()}===`))).toBe(plain);
    }
  });

  it('decodes what it encodes, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
  });

  it('refuses a character outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow();
  });
});
