// What the device keeps of certificates: the learner's own, the server's list with each PDF,
// so a certificate opens and is shared with no signal (kept per learner, like everything
// personal); and the server's public key, kept from the app's first open (logged in or not)
// so that the verify page can check a certificate's signature with no signal.

import { fromBase64url } from '../../domain/certificates.js';
import { type ServerProgress, serverProgressKey } from '../courses/catalogue.js';
import { courseProgress } from '../db/events.js';
import { useSession } from '../session.js';
import { db, type StoredCertificate } from '../shared/database.js';
import { type CertificateKey, type CertificateList, certificatesApi } from './api.js';

export const certificateOf = async (userId: string, courseId: string): Promise<StoredCertificate | null> =>
  (await db.certificates.where('[userId+courseId]').equals([userId, courseId]).first()) ?? null;

/**
 * Stores the server's list for this learner: new certificates, changes (a revocation drops
 * the PDF), and none the server no longer lists. Then fetches each PDF still missing; one
 * that fails is tried again on the next refresh.
 */
export async function storeCertificates(userId: string, token: string, list: CertificateList): Promise<void> {
  const { certificates } = list;
  const fetchedAt = Date.now();
  await db.transaction('rw', db.certificates, async () => {
    const listed = new Set(certificates.map((c) => c.code));
    const mine = db.certificates.where('userId').equals(userId);
    await mine.filter((c) => !listed.has(c.code)).delete();
    for (const c of certificates) {
      const pdf = c.revokedAt ? null : ((await db.certificates.get([userId, c.code]))?.pdf ?? null);
      await db.certificates.put({ ...c, userId, fetchedAt, pdf });
    }
  });
  for (const c of certificates) {
    if (c.revokedAt || (await db.certificates.get([userId, c.code]))?.pdf) continue;
    const pdf = await certificatesApi.pdf(token, c.code).catch(() => null);
    if (!pdf) continue;
    await db.transaction('rw', db.certificates, async () => {
      // Revoked meanwhile by a later refresh: its PDF is not kept.
      const now = await db.certificates.get([userId, c.code]);
      if (now && !now.revokedAt) await db.certificates.update([userId, c.code], { pdf });
    });
  }
}

const lastFetch = new Map<string, number>();
let running: Promise<void> | undefined;
let again = false;

/**
 * Asks the server for the logged-in learner's certificates and stores them. `maxAgeMs`: do
 * nothing when this learner's list was fetched that recently. Never throws: offline, the
 * stored certificates serve.
 */
export function refreshCertificates(maxAgeMs = 0): Promise<void> {
  const { user } = useSession.getState();
  if (!user || Date.now() - (lastFetch.get(user.id) ?? 0) < maxAgeMs) return running ?? Promise.resolve();
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      const { token, user } = useSession.getState();
      if (!token || !user || !navigator.onLine) return;
      try {
        await storeCertificates(user.id, token, await certificatesApi.list(token));
        lastFetch.set(user.id, Date.now());
      } catch {
        return; // offline or logged out: the next sync or course screen asks again
      }
    } while (again);
  })().finally(() => {
    running = undefined;
  });
  return running;
}

/** A course this learner completed, as this device knows it, that has no certificate here yet. */
async function awaitsCertificate(userId: string): Promise<boolean> {
  const have = new Set((await db.certificates.where('userId').equals(userId).toArray()).map((c) => c.courseId));
  for (const stored of await db.packages.toArray())
    if (!have.has(stored.courseId) && (await courseProgress(userId, stored.pkg)).complete) return true;
  for (const entry of await db.catalogue.where('userId').equals(userId).toArray()) {
    const known = (await db.meta.get(serverProgressKey(userId, entry.id)))?.value as ServerProgress | undefined;
    if (!have.has(entry.id) && known?.progress.complete) return true;
  }
  return false;
}

const askedThisSession = new Set<string>();

/**
 * After a sync: the list is asked for once per session (a revocation, a certificate from
 * another device) and otherwise only when a completed course still lacks its certificate,
 * so studying does not cost a request per sync.
 */
export async function certificatesAfterSync(userId: string): Promise<void> {
  if (askedThisSession.has(userId) && !(await awaitsCertificate(userId))) return;
  askedThisSession.add(userId);
  await refreshCertificates();
}

// ---- the public key ----------------------------------------------------------------------

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
