// Check-in codes of a course session (docs/sessions.md): TOTP, RFC 6238, with HMAC-SHA-256,
// a 30 s step and 6 digits. The facilitator's screen computes them in the browser with no
// signal and the server checks them, so both run this module; it needs no platform crypto.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of the event's time a code is still good for: ±1 min covers a code
 * read just before it changed and a phone whose clock was corrected to the second. */
export const TOTP_WINDOW = 2;

/** The step a moment falls in (RFC 6238's T, with T0 = 0). */
export function stepOf(ms: number): number {
  return Math.floor(ms / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of one step, `digits` long with leading zeros (RFC 4226 dynamic truncation). */
export function totp(secret: Uint8Array, stepIndex: number, digits = TOTP_DIGITS): string {
  const counter = new Uint8Array(8);
  // The step needs more than 32 bits only after the year 6000, but split it anyway so the
  // counter is exactly the 64-bit big-endian number the RFC hashes.
  const high = Math.floor(stepIndex / 2 ** 32);
  const view = new DataView(counter.buffer);
  view.setUint32(0, high);
  view.setUint32(4, stepIndex - high * 2 ** 32);
  const mac = hmac(sha256, secret, counter);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** Whether `code` is the code of a step within ±`window` steps of `atMs`. */
export function codeMatches(secret: Uint8Array, code: string, atMs: number, window = TOTP_WINDOW): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const step = stepOf(atMs);
  let found = false;
  // Every step is computed, found or not, so the time taken says nothing about which matched.
  for (let d = -window; d <= window; d++) if (totp(secret, step + d) === code) found = true;
  return found;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 (RFC 4648) without padding, as authenticator apps take a secret. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and `=` padding as people type them; throws on any
 * other character. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`not base32: "${ch}"`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}
