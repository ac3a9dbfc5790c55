// Who certificates name as issuer and signer, and where their QR codes lead (SINAU_AGENCY,
// SINAU_SIGNER_NAME, SINAU_SIGNER_TITLE, SINAU_PUBLIC_URL; docs/certificates.md).
import type { Kysely } from 'kysely';
import { DEFAULTS } from '../../config.js';
import type { Database } from '../../db/schema.js';

export interface CertificateSettings {
  /** The origin a certificate's QR leads to: <publicUrl>/v/<code>. */
  publicUrl: string;
  agency: string;
  signerName: string;
  signerTitle: string;
}

export const DEFAULT_CERTIFICATE_SETTINGS: CertificateSettings = {
  publicUrl: DEFAULTS.publicUrl,
  agency: DEFAULTS.agency,
  signerName: DEFAULTS.signerName,
  signerTitle: DEFAULTS.signerTitle,
};

// Certificates are issued by the fold that keeps progress, and that fold runs from several
// places handed only the database (the background keeper, a course report, the JP list).
// The app says once, when it is built, which issuer its database's certificates name.
const byDatabase = new WeakMap<Kysely<Database>, CertificateSettings>();

export function useCertificateSettings(db: Kysely<Database>, settings: CertificateSettings): void {
  byDatabase.set(db, settings);
}

export const certificateSettings = (db: Kysely<Database>): CertificateSettings => byDatabase.get(db) ?? DEFAULT_CERTIFICATE_SETTINGS;
