// Certificates (docs/certificates.md): the code, the signed payload the QR carries, and how
// a certificate shows a date and a NIP. The server signs, the app's verify page checks the
// signature offline; both read the payload through this module.
import { JAKARTA_OFFSET_MS } from './jakarta.js';
import { NIP_PATTERN } from './nip.js';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
export const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** A code from random bytes (at least 7: 10 characters of 5 bits each). */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 7) throw new Error('A certificate code needs 7 random bytes');
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(bytes[i]!);
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[Number((bits >> BigInt(51 - 5 * i)) & 31n)];
  return code;
}

/**
 * A code as someone typed it, or null when it cannot be one: case, hyphens and spaces do not
 * matter, and the letters Crockford's alphabet leaves out read as the digits they resemble.
 */
export function normalizeCode(input: string): string | null {
  if (input.length > 40) return null;
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return CODE_PATTERN.test(code) ? code : null;
}

/** What a certificate's signature covers, and what its QR shows offline. */
export interface CertificateFacts {
  v: 1;
  code: string;
  name: string;
  /** Only masked: the QR and the public page never carry the whole NIP. */
  nipMasked: string;
  courseId: string;
  courseTitle: string;
  jp: number;
  category: string;
  /** The skew-corrected time of the event that completed the course (ISO 8601). */
  completedAt: string;
  issuedAt: string;
  issuer: string;
  signerName: string;
  signerTitle: string;
}

/** "19920315 ****** * 001": birth date and serial, the appointment month and sex hidden. */
export const maskNip = (nip: string): string => (NIP_PATTERN.test(nip) ? `${nip.slice(0, 8)} ****** * ${nip.slice(15)}` : '');

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const inJakarta = (at: string) => new Date(Date.parse(at) + JAKARTA_OFFSET_MS);

/** "28 November 2026": the day in Asia/Jakarta, as a certificate prints it. */
export function indonesianDate(at: string): string {
  const d = inJakarta(at);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The year a certificate counts in: that of its completion in Asia/Jakarta. */
export const jakartaYear = (at: string): number => inJakarta(at).getUTCFullYear();

// ---- the signed payload: base64url(JSON) "." base64url(signature over those JSON bytes) ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out;
}

/** The bytes of a base64url text, or null when it is not one. */
export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const c = [0, 1, 2, 3].map((k) => (i + k < text.length ? B64.indexOf(text[i + k]!) : 0));
    const n = (c[0]! << 18) | (c[1]! << 12) | (c[2]! << 6) | c[3]!;
    out[o++] = (n >> 16) & 255;
    if (i + 2 < text.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < text.length) out[o++] = n & 255;
  }
  return out;
}

/** A payload's two parts, or null when it is not shaped like one. Checking the signature is the caller's. */
export function splitPayload(payload: string): { json: Uint8Array; signature: Uint8Array } | null {
  if (payload.length > 4000) return null;
  const parts = payload.split('.');
  if (parts.length !== 2) return null;
  const json = fromBase64url(parts[0]!);
  const signature = fromBase64url(parts[1]!);
  // An Ed25519 signature is 64 bytes.
  return json && signature && signature.length === 64 ? { json, signature } : null;
}

/** The facts in a payload's JSON once its signature holds, or null when they are not facts. */
export function factsOf(json: unknown): CertificateFacts | null {
  if (typeof json !== 'object' || json === null) return null;
  const f = json as Record<string, unknown>;
  const texts = [
    'code',
    'name',
    'nipMasked',
    'courseId',
    'courseTitle',
    'category',
    'completedAt',
    'issuedAt',
    'issuer',
    'signerName',
    'signerTitle',
  ];
  if (f.v !== 1 || typeof f.jp !== 'number' || !texts.every((k) => typeof f[k] === 'string')) return null;
  if (!CODE_PATTERN.test(f.code as string) || Number.isNaN(Date.parse(f.completedAt as string))) return null;
  return f as unknown as CertificateFacts;
}

/** Where a certificate's QR leads: the public page, with the payload after the # so it never reaches a server log. */
export const verifyUrlOf = (origin: string, code: string, payload: string): string => `${origin.replace(/\/+$/, '')}/v/${code}#${payload}`;
