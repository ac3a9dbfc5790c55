// Issuing (docs/certificates.md): inside the transaction that writes a fold of learners'
// progress, every one whose course is now complete and who has no certificate for it gets
// one. UNIQUE(user_id, course_id) keeps it to one whatever the number of syncs, devices,
// retries and server processes folding the same learner at once; a code collision is the
// only reason an insert can leave a learner without one, and is retried with new codes.

import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { codeFromBytes, maskNip } from '../../../domain/certificates.js';
import type { CertificatesTable, Database } from '../../db/schema.js';
import type { VersionFacts } from '../course-versions.js';
import type { CertificateSettings } from './settings.js';
import { signFacts } from './signing.js';

/** 50 bits a code: a second collision in a row means something else is wrong. */
const ATTEMPTS = 5;

interface Due {
  user_id: string;
  completed_at: number;
  name: string;
  nip: string;
  unit: string;
  position: string;
}

/**
 * Issues the certificates `users` are due in `course`: those whose kept progress, folded
 * against this version, is complete. Run inside the fold's transaction (`trx`), after its
 * progress rows are written. Returns how many were issued.
 */
export async function issueCertificates(
  trx: Kysely<Database>,
  course: VersionFacts,
  users: string[],
  issuer: Pick<CertificateSettings, 'agency' | 'signerName' | 'signerTitle'>,
  key: KeyObject,
): Promise<number> {
  if (users.length === 0) return 0;
  // Read back rather than taken from the fold just computed: a process that folded more
  // events may have written the row, and the certificate follows what is kept.
  let due: Due[] = await trx
    .selectFrom('progress')
    .innerJoin('users', 'users.id', 'progress.user_id')
    .select(['progress.user_id', 'progress.completed_at', 'users.name', 'users.nip', 'users.unit', 'users.position'])
    .where('progress.course_id', '=', course.courseId)
    .where('progress.user_id', 'in', users)
    .where('progress.course_version', '=', course.version)
    .where('progress.completed_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('certificates')
            .select('certificates.code')
            .whereRef('certificates.user_id', '=', 'progress.user_id')
            .where('certificates.course_id', '=', course.courseId),
        ),
      ),
    )
    .orderBy('progress.user_id')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, completed_at: Number(r.completed_at) })));

  let issued = 0;
  for (let attempt = 0; due.length > 0; attempt++) {
    if (attempt === ATTEMPTS) throw new Error(`No free certificate code after ${ATTEMPTS} attempts`);
    const now = Date.now();
    const rows = due.map((d) => certificateRow(d, course, issuer, key, now));
    for (let i = 0; i < rows.length; i += 100) {
      const result = await trx
        .insertInto('certificates')
        .values(rows.slice(i, i + 100))
        // Either key: a learner certified meanwhile by another process (the one certificate
        // stays theirs), or a code already taken (retried below).
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      issued += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    const certified = new Set(
      (
        await trx
          .selectFrom('certificates')
          .select('user_id')
          .where('course_id', '=', course.courseId)
          .where(
            'user_id',
            'in',
            due.map((d) => d.user_id),
          )
          .execute()
      ).map((r) => r.user_id),
    );
    due = due.filter((d) => !certified.has(d.user_id));
  }
  return issued;
}

function certificateRow(
  d: Due,
  course: VersionFacts,
  issuer: Pick<CertificateSettings, 'agency' | 'signerName' | 'signerTitle'>,
  key: KeyObject,
  now: number,
): Insertable<CertificatesTable> {
  const code = codeFromBytes(randomBytes(7));
  const completedAt = new Date(d.completed_at).toISOString();
  const issuedAt = new Date(now).toISOString();
  const payload = signFacts(key, {
    v: 1,
    code,
    name: d.name,
    nipMasked: maskNip(d.nip),
    courseId: course.courseId,
    courseTitle: course.title,
    jp: course.jp,
    category: course.category,
    completedAt,
    issuedAt,
    issuer: issuer.agency,
    signerName: issuer.signerName,
    signerTitle: issuer.signerTitle,
  });
  return {
    code,
    user_id: d.user_id,
    course_id: course.courseId,
    course_version: course.version,
    name: d.name,
    nip: d.nip,
    unit: d.unit,
    position: d.position,
    course_title: course.title,
    jp: course.jp,
    category: course.category,
    completed_at: d.completed_at,
    issued_at: now,
    issuer: issuer.agency,
    signer_name: issuer.signerName,
    signer_title: issuer.signerTitle,
    payload,
    revoked_at: null,
    revoked_reason: null,
    revoked_by: null,
  };
}
