// The verify page's judgement: a payload checked offline with WebCrypto Ed25519 and the kept
// key, and the server's answer taking precedence once there is one.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateKey, VerifyReply } from '../../src/app/certificates/api.js';
import { checkSignature, verdictOf } from '../../src/app/certificates/verify.js';
import { type CertificateFacts, toBase64url } from '../../src/domain/certificates.js';

const CODE = '7K3M9QXT2B';

const facts: CertificateFacts = {
  v: 1,
  code: CODE,
  name: 'Sari Wulandari',
  nipMasked: '19920315 ****** * 001',
  courseId: 'orientasi-pppk',
  courseTitle: 'Orientasi PPPK',
  jp: 10,
  category: 'orientasi',
  completedAt: '2026-11-28T03:15:00.000Z',
  issuedAt: '2026-11-28T03:16:00.000Z',
  issuer: 'BKPSDM',
  signerName: '',
  signerTitle: '',
};

let key: CertificateKey;
let otherKey: CertificateKey;
let sign: (json: Uint8Array<ArrayBuffer>) => Promise<string>;

const publicJwk = async (pair: CryptoKeyPair): Promise<CertificateKey> => {
  const { kty, crv, x } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { kty: kty as 'OKP', crv: crv as 'Ed25519', x: x! };
};

beforeAll(async () => {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  key = await publicJwk(pair);
  otherKey = await publicJwk((await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair);
  sign = async (json: Uint8Array<ArrayBuffer>) => {
    const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', pair.privateKey, json));
    return `${toBase64url(json)}.${toBase64url(signature)}`;
  };
});

const payloadOf = (f: object) => sign(new TextEncoder().encode(JSON.stringify(f)));

describe('checking a payload offline', () => {
  it('holds for the signed facts of the code in the address', async () => {
    expect(await checkSignature(CODE, await payloadOf(facts), key)).toEqual({ kind: 'valid', facts });
  });

  it('says not valid when one character of the JSON part is changed', async () => {
    const payload = await payloadOf(facts);
    const [json, signature] = payload.split('.') as [string, string];
    // A name changed in the JSON, re-encoded: still well-formed, no longer what was signed.
    const forged = toBase64url(new TextEncoder().encode(JSON.stringify({ ...facts, name: 'Sari Wulandary' })));
    expect(await checkSignature(CODE, `${forged}.${signature}`, key)).toEqual({ kind: 'invalid' });
    // One base64url character of the JSON part swapped for another.
    const i = 20;
    const swapped = `${json.slice(0, i)}${json[i] === 'A' ? 'B' : 'A'}${json.slice(i + 1)}`;
    expect(await checkSignature(CODE, `${swapped}.${signature}`, key)).toEqual({ kind: 'invalid' });
  });

  it('says not valid when the signature is changed', async () => {
    const [json, signature] = (await payloadOf(facts)).split('.') as [string, string];
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await checkSignature(CODE, `${json}.${flipped}`, key)).toEqual({ kind: 'invalid' });
  });

  it('says not valid for a genuine payload behind another code, or signed by another key', async () => {
    const payload = await payloadOf(facts);
    expect(await checkSignature('0000000000', payload, key)).toEqual({ kind: 'invalid' });
    expect(await checkSignature(CODE, payload, otherKey)).toEqual({ kind: 'invalid' });
  });

  it('says not valid for signed JSON that is not a certificate, and for what is not a payload at all', async () => {
    expect(await checkSignature(CODE, await payloadOf({ ...facts, v: 2 }), key)).toEqual({ kind: 'invalid' });
    expect(await checkSignature(CODE, await sign(new TextEncoder().encode('not json')), key)).toEqual({ kind: 'invalid' });
    for (const junk of ['', 'abc', 'a.b.c', '!!!.???', `${toBase64url(new Uint8Array(10))}.${toBase64url(new Uint8Array(10))}`])
      expect(await checkSignature(CODE, junk, key), junk).toEqual({ kind: 'invalid' });
  });

  it('cannot check yet without a stored key, and says so rather than "not valid"', async () => {
    expect(await checkSignature(CODE, await payloadOf(facts), null)).toEqual({ kind: 'no-key' });
  });

  it('says when the browser has no WebCrypto Ed25519', async () => {
    const payload = await payloadOf(facts);
    expect(await checkSignature(CODE, payload, key, null)).toEqual({ kind: 'unsupported' });
    const noEd25519 = {
      importKey: () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError')),
    } as unknown as SubtleCrypto;
    expect(await checkSignature(CODE, payload, key, noEd25519)).toEqual({ kind: 'unsupported' });
  });
});

describe('the verdict', () => {
  const live = (status: 'valid' | 'revoked', revokedAt: string | null = null): VerifyReply => ({
    status,
    name: 'Sari Wulandari',
    nipMasked: '19920315 ****** * 001',
    courseTitle: 'Orientasi PPPK',
    jp: 10,
    completedAt: facts.completedAt,
    issuer: 'BKPSDM',
    revokedAt,
  });
  const details = { name: 'Sari Wulandari', nipMasked: '19920315 ****** * 001', courseTitle: 'Orientasi PPPK', jp: 10 };

  it('takes the server’s answer over the payload’s', () => {
    const signed = { kind: 'valid', facts } as const;
    expect(verdictOf(live('revoked', '2026-12-01T02:00:00.000Z'), signed)).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-12-01T02:00:00.000Z',
      details,
    });
    expect(verdictOf({ status: 'unknown' }, signed)).toEqual({ status: 'unknown' });
    expect(verdictOf(live('valid'), signed)).toMatchObject({ status: 'valid', by: 'server', details });
    expect(verdictOf(live('valid'), signed)).not.toHaveProperty('mismatch');
  });

  it('shows the server’s facts for a real code behind a tampered payload, and says the link does not match', () => {
    expect(verdictOf(live('valid'), { kind: 'invalid' })).toMatchObject({ status: 'valid', by: 'server', mismatch: true });
  });

  it('offline, is the payload’s check, or says a link without one needs signal', () => {
    expect(verdictOf('none', { kind: 'valid', facts })).toMatchObject({ status: 'valid', by: 'signature', details });
    expect(verdictOf('none', { kind: 'invalid' })).toEqual({ status: 'invalid' });
    expect(verdictOf('none', { kind: 'no-key' })).toEqual({ status: 'no-key' });
    expect(verdictOf('none', { kind: 'unsupported' })).toEqual({ status: 'unsupported' });
    expect(verdictOf('none', undefined)).toEqual({ status: 'no-payload' });
  });

  it('while the server is asked, shows a holding signature at once and waits on anything less', () => {
    expect(verdictOf('pending', { kind: 'valid', facts })).toMatchObject({ status: 'valid', by: 'signature' });
    expect(verdictOf('pending', { kind: 'invalid' })).toEqual({ status: 'checking' });
    expect(verdictOf('pending', undefined)).toEqual({ status: 'checking' });
  });
});
