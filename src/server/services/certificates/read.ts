// Certificates as they are read back: a learner's own, one by code, the agency's list, and
// revocation (docs/certificates.md).
import type { Kysely, Selectable } from 'kysely';
import type { AdminCertificate, AdminCertificatesQuery, Certificate } from '../../../domain/api/certificates.js';
import { verifyUrlOf } from '../../../domain/certificates.js';
import { jakartaYearStart } from '../../../domain/jakarta.js';
import { type CertificatesTable, type Database, isoOf } from '../../db/schema.js';

export type CertificateRow = Selectable<CertificatesTable>;

/** A row as the learner's list shows it, with what the QR holds. */
export function certificateOf(row: CertificateRow, publicUrl: string): Certificate {
  return {
    code: row.code,
    courseId: row.course_id,
    courseTitle: row.course_title,
    jp: Number(row.jp),
    category: row.category,
    name: row.name,
    nip: row.nip,
    completedAt: isoOf(row.completed_at),
    issuedAt: isoOf(row.issued_at),
    issuer: row.issuer,
    signerName: row.signer_name,
    signerTitle: row.signer_title,
    revokedAt: isoOf(row.revoked_at),
    revokedReason: row.revoked_reason,
    payload: row.payload,
    verifyUrl: verifyUrlOf(publicUrl, row.code, row.payload),
  };
}

export function adminCertificateOf(row: CertificateRow): AdminCertificate {
  const { payload: _payload, verifyUrl: _verifyUrl, ...rest } = certificateOf(row, '');
  return { ...rest, unit: row.unit };
}

export async function certificatesOf(db: Kysely<Database>, userId: string): Promise<CertificateRow[]> {
  return db.selectFrom('certificates').selectAll().where('user_id', '=', userId).orderBy('completed_at', 'desc').orderBy('code').execute();
}

export async function findCertificate(db: Kysely<Database>, code: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst();
}

/** What the public verification shows, by primary key: it must stay fast for anyone who scans a QR. */
export async function findForVerify(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('certificates')
    .select(['name', 'nip', 'course_title', 'jp', 'completed_at', 'issuer', 'revoked_at'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * The agency's list. `unit` is the certificate's, the learner's unit when it was issued, as
 * on the certificate's copy of name and NIP: the list of a year reads the same next year.
 */
export async function listCertificates(
  db: Kysely<Database>,
  filters: AdminCertificatesQuery,
  order: 'newest' | 'oldest',
): Promise<CertificateRow[]> {
  let query = db.selectFrom('certificates').selectAll();
  if (filters.courseId) query = query.where('course_id', '=', filters.courseId);
  if (filters.unit) query = query.where('unit', '=', filters.unit);
  if (filters.year !== undefined)
    query = query
      .where('completed_at', '>=', jakartaYearStart(filters.year))
      .where('completed_at', '<', jakartaYearStart(filters.year + 1));
  const direction = order === 'newest' ? 'desc' : 'asc';
  return query.orderBy('completed_at', direction).orderBy('code').execute();
}

export type RevokeOutcome = { revoked: CertificateRow } | { problem: 'unknown' | 'already-revoked' };

/** Marks a certificate revoked, once: the first reason and time stay. */
export async function revokeCertificate(db: Kysely<Database>, code: string, reason: string, by: string): Promise<RevokeOutcome> {
  const result = await db
    .updateTable('certificates')
    .set({ revoked_at: Date.now(), revoked_reason: reason, revoked_by: by })
    .where('code', '=', code)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const row = await findCertificate(db, code);
  if (!row) return { problem: 'unknown' };
  return Number(result.numUpdatedRows) === 1 ? { revoked: row } : { problem: 'already-revoked' };
}
