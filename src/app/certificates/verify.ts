// Whether a certificate holds: offline from the signed payload its QR carries (WebCrypto
// Ed25519 with the stored key), online from the server, whose answer wins because only it
// knows of a revocation.
import { type CertificateFacts, factsOf, splitPayload } from '../../domain/certificates.js';
import type { CertificateKey, VerifyReply } from './api.js';

export type SignatureCheck =
  | { kind: 'valid'; facts: CertificateFacts }
  /** Not shaped as a payload, a signature that does not hold, or the facts of another code. */
  | { kind: 'invalid' }
  | { kind: 'no-key' }
  /** This browser has no Ed25519 in WebCrypto, or no WebCrypto at all (an insecure origin). */
  | { kind: 'unsupported' };

export async function checkSignature(
  code: string,
  payload: string,
  key: CertificateKey | null,
  subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null,
): Promise<SignatureCheck> {
  const parts = splitPayload(payload);
  if (!parts) return { kind: 'invalid' };
  if (!key) return { kind: 'no-key' };
  if (!subtle) return { kind: 'unsupported' };
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x }, { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    return { kind: (error as Error).name === 'NotSupportedError' ? 'unsupported' : 'no-key' };
  }
  // Copies: WebCrypto takes buffers of its own realm, and these may come from another.
  const holds = await subtle
    .verify({ name: 'Ed25519' }, publicKey, new Uint8Array(parts.signature), new Uint8Array(parts.json))
    .catch(() => false);
  if (!holds) return { kind: 'invalid' };
  let facts: CertificateFacts | null = null;
  try {
    facts = factsOf(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(parts.json)));
  } catch {}
  // A genuine payload copied behind another code's address says nothing about that code.
  if (!facts || facts.code !== code) return { kind: 'invalid' };
  return { kind: 'valid', facts };
}

/** What the verify page shows of a certificate. */
export interface Details {
  name: string;
  nipMasked: string;
  courseTitle: string;
  jp: number;
  completedAt: string;
  issuer: string;
}

export type Verdict =
  | { status: 'checking' }
  | { status: 'valid'; by: 'server' | 'signature'; details: Details; mismatch?: boolean }
  | { status: 'revoked'; details: Details; revokedAt: string | null }
  | { status: 'invalid' }
  | { status: 'unknown' }
  | { status: 'no-key' | 'unsupported' | 'no-payload' };

/**
 * Combines the server's answer with the payload's check.
 * @param live the server's answer; 'pending' while it is asked; 'none' offline or when it could not be asked
 * @param signature the payload's check; undefined when the address carries no payload
 */
export function verdictOf(live: VerifyReply | 'pending' | 'none', signature: SignatureCheck | undefined): Verdict {
  if (live !== 'pending' && live !== 'none') {
    if (live.status === 'unknown') return { status: 'unknown' };
    const { name, nipMasked, courseTitle, jp, completedAt, issuer } = live;
    const details = { name, nipMasked, courseTitle, jp, completedAt, issuer };
    if (live.status === 'revoked') return { status: 'revoked', details, revokedAt: live.revokedAt };
    return { status: 'valid', by: 'server', details, ...(signature?.kind === 'invalid' ? { mismatch: true } : {}) };
  }
  if (signature?.kind === 'valid') return { status: 'valid', by: 'signature', details: signature.facts };
  // Anything short of a holding signature waits for the server, whose answer may still be "valid".
  if (live === 'pending') return { status: 'checking' };
  return { status: signature ? signature.kind : 'no-payload' };
}
