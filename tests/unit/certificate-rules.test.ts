import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODE_PATTERN,
  codeFromBytes,
  factsOf,
  fromBase64url,
  indonesianDate,
  jakartaYear,
  maskNip,
  normalizeCode,
  splitPayload,
  toBase64url,
  verifyUrlOf,
} from '../../src/domain/certificates.js';

describe('certificate codes', () => {
  it('makes 10 Crockford characters from random bytes, different each time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => codeFromBytes(randomBytes(7))));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(CODE_PATTERN);
  });

  it('uses all 50 bits: the first and last character follow the first and last bits', () => {
    expect(codeFromBytes(new Uint8Array(7))).toBe('0000000000');
    expect(codeFromBytes(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('ZZZZZZZZZZ');
    expect(codeFromBytes(new Uint8Array([0x80, 0, 0, 0, 0, 0, 0]))).toBe('G000000000');
    expect(codeFromBytes(new Uint8Array([0, 0, 0, 0, 0, 0, 0x40]))).toBe('0000000001');
    expect(() => codeFromBytes(new Uint8Array(6))).toThrow('7 random bytes');
  });

  it('reads a code as people type it, and nothing else', () => {
    expect(normalizeCode('7k3m-9q2x-ab')).toBe('7K3M9Q2XAB');
    expect(normalizeCode(' 7K3M 9Q2X AB ')).toBe('7K3M9Q2XAB');
    expect(normalizeCode('OIL0000000')).toBe('0110000000');
    expect(normalizeCode('7K3M9Q2XA')).toBeNull();
    expect(normalizeCode('7K3M9Q2XABC')).toBeNull();
    expect(normalizeCode('7K3M9Q2XAU')).toBeNull();
    expect(normalizeCode('../../etc/passwd')).toBeNull();
    expect(normalizeCode('x'.repeat(10_000))).toBeNull();
  });
});

describe('how a certificate shows a NIP and a date', () => {
  it('masks the appointment month and sex of a NIP, and refuses to mask what is not one', () => {
    expect(maskNip('199203152025212001')).toBe('19920315 ****** * 001');
    expect(maskNip('19920315')).toBe('');
  });

  it('prints the day in Asia/Jakarta, in Indonesian', () => {
    expect(indonesianDate('2026-11-28T10:00:00Z')).toBe('28 November 2026');
    // 18:00 UTC on 31 December is already 1 January in Jakarta (UTC+7).
    expect(indonesianDate('2026-12-31T18:00:00Z')).toBe('1 Januari 2027');
    expect(indonesianDate('2026-08-16T16:59:59Z')).toBe('16 Agustus 2026');
    expect(jakartaYear('2026-12-31T16:59:59Z')).toBe(2026);
    expect(jakartaYear('2026-12-31T17:00:00Z')).toBe(2027);
  });
});

describe('the signed payload', () => {
  it('writes and reads base64url exactly as Node does, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it('refuses text that is not base64url', () => {
    expect(fromBase64url('ab+/')).toBeNull();
    expect(fromBase64url('abcde')).toBeNull();
    expect(fromBase64url('ab=')).toBeNull();
  });

  it('splits a payload into its JSON and a 64-byte signature, and refuses other shapes', () => {
    const json = Buffer.from('{"v":1}');
    const signature = randomBytes(64);
    const payload = `${json.toString('base64url')}.${signature.toString('base64url')}`;
    expect(splitPayload(payload)).toEqual({ json: new Uint8Array(json), signature: new Uint8Array(signature) });
    expect(splitPayload(`${json.toString('base64url')}.${randomBytes(63).toString('base64url')}`)).toBeNull();
    expect(splitPayload(`${payload}.x`)).toBeNull();
    expect(splitPayload('no-dot')).toBeNull();
    expect(splitPayload(`${'A'.repeat(5000)}.${signature.toString('base64url')}`)).toBeNull();
  });

  const facts = {
    v: 1,
    code: '7K3M9Q2XAB',
    name: 'Sari Wulandari',
    nipMasked: '19920315 ****** * 001',
    courseId: 'orientasi-pppk',
    courseTitle: 'Orientasi PPPK',
    jp: 10,
    category: 'orientasi',
    completedAt: '2026-11-28T10:00:00.000Z',
    issuedAt: '2026-11-28T10:00:05.000Z',
    issuer: 'BKPSDM',
    signerName: '',
    signerTitle: '',
  };

  it('takes facts only when every field has its kind', () => {
    expect(factsOf(facts)).toEqual(facts);
    expect(factsOf({ ...facts, v: 2 })).toBeNull();
    expect(factsOf({ ...facts, jp: '10' })).toBeNull();
    expect(factsOf({ ...facts, code: 'not-a-code' })).toBeNull();
    expect(factsOf({ ...facts, completedAt: 'yesterday' })).toBeNull();
    const { name: _, ...nameless } = facts;
    expect(factsOf(nameless)).toBeNull();
    expect(factsOf(null)).toBeNull();
    expect(factsOf('facts')).toBeNull();
  });

  it('puts the payload after the # of the verify address, so servers never log it', () => {
    expect(verifyUrlOf('https://sinau.example.go.id/', '7K3M9Q2XAB', 'abc.def')).toBe('https://sinau.example.go.id/v/7K3M9Q2XAB#abc.def');
  });
});
