// The server's Ed25519 key (made by the migration that added certificates, kept in
// `secrets`): it signs each certificate's facts, and its public half is published so that
// anyone, the app offline included, can check a payload (docs/certificates.md).
import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CertificateKey } from '../../../domain/api/certificates.js';
import { type CertificateFacts, toBase64url } from '../../../domain/certificates.js';
import type { Database } from '../../db/schema.js';

const SECRET_NAME = 'certificate-signing-key';

const keys = new WeakMap<Kysely<Database>, Promise<KeyObject>>();

/** The private key, read once per process and database. */
export function signingKey(db: Kysely<Database>): Promise<KeyObject> {
  let key = keys.get(db);
  if (!key) {
    key = (async () => {
      const row = await db.selectFrom('secrets').select('value').where('name', '=', SECRET_NAME).executeTakeFirst();
      if (!row) throw new Error('The certificate signing key is missing: run `sinau migrate`.');
      return createPrivateKey({ key: Buffer.from(row.value, 'base64'), format: 'der', type: 'pkcs8' });
    })();
    // A failed read (a database briefly gone) must not stick.
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

/** The public key as a JWK, as WebCrypto's importKey('jwk', …, 'Ed25519') takes it. */
export async function publicJwk(db: Kysely<Database>): Promise<CertificateKey> {
  const jwk = createPublicKey(await signingKey(db)).export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x! };
}

/**
 * base64url(JSON) "." base64url(signature over those very bytes). The JSON is written from
 * the facts in CertificateFacts' key order, so every payload reads alike.
 */
export function signFacts(key: KeyObject, facts: CertificateFacts): string {
  const ordered: CertificateFacts = {
    v: 1,
    code: facts.code,
    name: facts.name,
    nipMasked: facts.nipMasked,
    courseId: facts.courseId,
    courseTitle: facts.courseTitle,
    jp: facts.jp,
    category: facts.category,
    completedAt: facts.completedAt,
    issuedAt: facts.issuedAt,
    issuer: facts.issuer,
    signerName: facts.signerName,
    signerTitle: facts.signerTitle,
  };
  const json = Buffer.from(JSON.stringify(ordered), 'utf8');
  return `${toBase64url(json)}.${toBase64url(sign(null, json, key))}`;
}
