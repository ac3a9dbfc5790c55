import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { describeRefusal } from './files.js';
import { type LoadedCourse, MAX_ASSET_BYTES } from './load.js';
import { storeMedia } from './media.js';
import { Problem } from './yaml-source.js';

export type PublishOutcome = 'published' | 'unchanged';

/** A course that may not be published as it is; the problem is about course.yaml. */
export class PublishError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/**
 * Publishes a loaded course as its version. The same version again is a no-op when its
 * content is identical and refused when it differs: learners may hold it offline.
 */
type Reader = Kysely<Database> | Transaction<Database>;

/**
 * Why this course cannot be published as it is, in words for whoever fixes it, or undefined.
 * `unchanged` when the same version is already published with identical content.
 */
export async function publishRefusal(db: Reader, course: LoadedCourse): Promise<Problem | 'unchanged' | undefined> {
  const { package: pkg } = course;
  const existing = await db
    .selectFrom('course_versions')
    .select('content_hash')
    .where('course_id', '=', pkg.id)
    .where('version', '=', pkg.version)
    .executeTakeFirst();
  if (existing) {
    if (existing.content_hash === course.contentHash) return 'unchanged';
    return new Problem(
      'course.yaml',
      undefined,
      'version-conflict',
      { id: pkg.id, version: pkg.version, next: pkg.version + 1 },
      `${pkg.id} version ${pkg.version} is already published with different content. Learners may hold it offline, so it cannot change: raise "version" in course.yaml to ${pkg.version + 1} and import again.`,
    );
  }
  const current = await db.selectFrom('courses').select('current_version').where('id', '=', pkg.id).executeTakeFirst();
  if (current && current.current_version > pkg.version)
    return new Problem(
      'course.yaml',
      undefined,
      'version-backwards',
      { id: pkg.id, current: current.current_version, version: pkg.version },
      `${pkg.id} is already at version ${current.current_version}; version ${pkg.version} would go backwards.`,
    );
  return undefined;
}

/**
 * Publishes a loaded course as its version. The same version again is a no-op when its
 * content is identical and refused when it differs: learners may hold it offline.
 */
export async function publishCourse(db: Kysely<Database>, course: LoadedCourse, now = Date.now()): Promise<PublishOutcome> {
  const { package: pkg } = course;
  // Media first and outside the transaction: a few hundred MiB of chunks must not hold
  // SQLite's one writer for the whole publish. Its rows are content-addressed and harmless
  // should the publish then fail; a course that will be refused stores none.
  const early = course.media.length > 0 ? await publishRefusal(db, course) : undefined;
  if (early === 'unchanged') return 'unchanged';
  if (early) throw new PublishError(early);
  for (const media of course.media) {
    const stored = await storeMedia(db, course.source, media, now);
    if (!stored.ok)
      throw new PublishError(
        stored.why === 'changed'
          ? new Problem(
              'course.yaml',
              undefined,
              'publish-asset-changed',
              { path: media.path },
              `${media.path} changed while the course was being imported; import again`,
            )
          : new Problem(
              'course.yaml',
              undefined,
              'publish-asset-unreadable',
              { path: media.path },
              `${media.path} cannot be read (${stored.detail ?? 'error'}); import again`,
            ),
      );
  }
  return db.transaction().execute(async (trx) => {
    const refusal = await publishRefusal(trx, course);
    if (refusal === 'unchanged') return 'unchanged';
    if (refusal) throw new PublishError(refusal);

    // One image in memory at a time, read again from the course and held to the hash the
    // lessons were rendered with.
    const stored = new Set<string>();
    const hashes = course.assets.map((a) => a.sha256);
    for (let i = 0; i < hashes.length; i += 500)
      for (const row of await trx
        .selectFrom('assets')
        .select('sha256')
        .where('sha256', 'in', hashes.slice(i, i + 500))
        .execute())
        stored.add(row.sha256);
    for (const asset of course.assets) {
      if (stored.has(asset.sha256)) continue;
      const read = await course.source.read(asset.path, MAX_ASSET_BYTES);
      if (!read.ok)
        throw new PublishError(
          new Problem(
            'course.yaml',
            undefined,
            'publish-asset-unreadable',
            { path: asset.path },
            `${asset.path} ${describeRefusal(read)}; import again`,
          ),
        );
      if (createHash('sha256').update(read.data).digest('hex') !== asset.sha256)
        throw new PublishError(
          new Problem(
            'course.yaml',
            undefined,
            'publish-asset-changed',
            { path: asset.path },
            `${asset.path} changed while the course was being imported; import again`,
          ),
        );
      await trx
        .insertInto('assets')
        .values({ sha256: asset.sha256, mime: asset.mime, size: asset.size, data: read.data, created_at: now })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    }
    await trx
      .insertInto('courses')
      .values({ id: pkg.id, current_version: pkg.version, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ current_version: pkg.version, updated_at: now }))
      .execute();
    await trx
      .insertInto('course_versions')
      .values({
        course_id: pkg.id,
        version: pkg.version,
        title: pkg.title,
        summary: pkg.summary,
        category: pkg.category,
        jp: pkg.jp,
        source_json: JSON.stringify({ quizzes: course.quizzes }),
        package_json: JSON.stringify(pkg),
        content_hash: course.contentHash,
        download_bytes: course.downloadBytes,
        published_at: now,
      })
      .execute();
    return 'published';
  });
}
