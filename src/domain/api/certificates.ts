// Certificates (docs/certificates.md): a learner's own list and PDFs, the public key and
// verification anyone may ask for, and the agency's list, CSV and revocation.
import { z } from 'zod';
import { USER_FIELD_MAX } from '../staff.js';

/** A code as the URL carries it; whether it is one is the route's question ("unknown", not 400). */
export const CodeParams = z.object({ code: z.string().min(1).max(64) });

/** A certificate as its learner's list and the agency's list show it. */
export const Certificate = z.object({
  code: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  jp: z.number(),
  category: z.string(),
  name: z.string(),
  nip: z.string(),
  /** ISO 8601; the date printed is this instant's day in Asia/Jakarta. */
  completedAt: z.string(),
  issuedAt: z.string(),
  issuer: z.string(),
  signerName: z.string(),
  signerTitle: z.string(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  /** base64url(JSON facts) "." base64url(Ed25519 signature over those bytes). */
  payload: z.string(),
  /** `<origin>/v/<code>#<payload>`: what the QR holds. */
  verifyUrl: z.string(),
});
export type Certificate = z.infer<typeof Certificate>;

export const CertificateList = z.object({ certificates: z.array(Certificate) });
export type CertificateList = z.infer<typeof CertificateList>;

/** The server's public key as a JWK, for WebCrypto's importKey('jwk', …, 'Ed25519'). */
export const CertificateKey = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string() });
export type CertificateKey = z.infer<typeof CertificateKey>;

/** GET /api/verify/:code: only what the public page shows; the NIP masked. */
export const VerifyReply = z.union([
  z.object({ status: z.literal('unknown') }),
  z.object({
    status: z.enum(['valid', 'revoked']),
    name: z.string(),
    nipMasked: z.string(),
    courseTitle: z.string(),
    jp: z.number(),
    completedAt: z.string(),
    issuer: z.string(),
    revokedAt: z.string().nullable(),
  }),
]);
export type VerifyReply = z.infer<typeof VerifyReply>;

// ---- the agency's side ------------------------------------------------------------------

export const AdminCertificatesQuery = z.object({
  courseId: z.string().max(64).optional(),
  /** Of the completion, in Asia/Jakarta. */
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  unit: z.string().max(USER_FIELD_MAX).optional(),
});
export type AdminCertificatesQuery = z.infer<typeof AdminCertificatesQuery>;

export const AdminCertificate = Certificate.omit({ payload: true, verifyUrl: true }).extend({ unit: z.string() });
export type AdminCertificate = z.infer<typeof AdminCertificate>;
export const AdminCertificateList = z.object({ certificates: z.array(AdminCertificate) });
export type AdminCertificateList = z.infer<typeof AdminCertificateList>;

export const RevokeBody = z.object({ reason: z.string().trim().min(3).max(500) });
export const RevokeReply = z.object({ code: z.string(), revokedAt: z.string(), revokedReason: z.string() });
export type RevokeReply = z.infer<typeof RevokeReply>;
