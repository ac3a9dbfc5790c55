// The server's public key, kept on the device from the app's first open (logged in or not)
// so that the verify page can check a certificate's signature with no signal.
import { fromBase64url } from '../../domain/certificates.js';
import { db } from '../shared/database.js';
import { type CertificateKey, certificatesApi } from './api.js';

const META_KEY = 'certificateKey';
// The key is not expected to change; asking again now and then lets a replaced one arrive.
const REFRESH_MS = 7 * 24 * 3_600_000;

interface KeptKey {
  key: CertificateKey;
  fetchedAt: number;
}

/** Only an Ed25519 public key in JWK form (32 bytes of x) is worth keeping. */
export const isPublicKey = (key: unknown): key is CertificateKey => {
  const k = key as Partial<CertificateKey> | null;
  return k?.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string' && fromBase64url(k.x)?.length === 32;
};

const kept = async () => (await db.meta.get(META_KEY))?.value as KeptKey | undefined;

export async function storedKey(): Promise<CertificateKey | null> {
  return (await kept().catch(() => undefined))?.key ?? null;
}

let waitingForSignal = false;

/** The stored key, fetched first when there is none (or it is old) and the phone has signal. */
export async function keepPublicKey(): Promise<CertificateKey | null> {
  const known = await kept().catch(() => undefined);
  if (known && Date.now() - known.fetchedAt < REFRESH_MS) return known.key;
  if (!navigator.onLine) {
    // Known offline: no request now; the first signal fetches it.
    if (!known && !waitingForSignal) {
      waitingForSignal = true;
      window.addEventListener(
        'online',
        () => {
          waitingForSignal = false;
          void keepPublicKey();
        },
        { once: true },
      );
    }
    return known?.key ?? null;
  }
  try {
    const key = await certificatesApi.key();
    if (!isPublicKey(key)) return known?.key ?? null;
    const fresh = { kty: key.kty, crv: key.crv, x: key.x };
    await db.meta.put({ key: META_KEY, value: { key: fresh, fetchedAt: Date.now() } satisfies KeptKey });
    return fresh;
  } catch {
    return known?.key ?? null;
  }
}
