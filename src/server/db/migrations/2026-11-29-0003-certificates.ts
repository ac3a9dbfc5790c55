import { generateKeyPairSync } from 'node:crypto';
import type { Kysely } from 'kysely';

// Certificates (docs/certificates.md):
// - certificates: one per learner and course, whatever the number of syncs, devices or
//   server processes that see the completion: UNIQUE(user_id, course_id) decides, so a
//   revoked certificate is never issued again either. What it certifies is copied in at
//   issue (name, NIP, unit, course title, JP, …) and signed, so later edits to an account
//   or a course never change a certificate already handed out.
// - the server's Ed25519 signing key, in `secrets`, shared by every replica.
// - completed progress folded before this migration: marked stale, so the next fold issues
//   their certificates too.
const SIGNING_KEY_SECRET = 'certificate-signing-key';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('certificates')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('course_version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('nip', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('course_title', 'text', (c) => c.notNull())
    .addColumn('jp', 'real', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signer_title', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_reason', 'text')
    .addColumn('revoked_by', 'text')
    .addUniqueConstraint('certificates_user_course', ['user_id', 'course_id'])
    .execute();
  // The agency's list: by course, in order of completion (a year is a range of it).
  await db.schema.createIndex('certificates_course_completed').on('certificates').columns(['course_id', 'completed_at']).execute();

  const { privateKey } = generateKeyPairSync('ed25519');
  await db
    .insertInto('secrets')
    .values({ name: SIGNING_KEY_SECRET, value: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();

  await db
    .insertInto('progress_stale')
    .columns(['user_id', 'course_id', 'seq'])
    .expression((eb) => eb.selectFrom('progress').select(['user_id', 'course_id', 'folded_seq']).where('completed_at', 'is not', null))
    .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  // The signing key stays: payloads already shared keep verifying against the published key.
  await db.schema.dropTable('certificates').execute();
}
