import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LoadedCourse } from './load.js';

export type PublishOutcome = 'published' | 'unchanged';

export class PublishError extends Error {}

/**
 * Publishes a loaded course as its version. The same version again is a no-op when its
 * content is identical and refused when it differs: learners may hold it offline.
 */
export async function publishCourse(db: Kysely<Database>, course: LoadedCourse, now = Date.now()): Promise<PublishOutcome> {
  const { package: pkg } = course;
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('course_versions')
      .select('content_hash')
      .where('course_id', '=', pkg.id)
      .where('version', '=', pkg.version)
      .executeTakeFirst();
    if (existing) {
      if (existing.content_hash === course.contentHash) return 'unchanged';
      throw new PublishError(
        `${pkg.id} version ${pkg.version} is already published with different content. Learners may hold it offline, so it cannot change: raise "version" in course.yaml to ${pkg.version + 1} and import again.`,
      );
    }
    const current = await trx.selectFrom('courses').select('current_version').where('id', '=', pkg.id).executeTakeFirst();
    if (current && current.current_version > pkg.version)
      throw new PublishError(`${pkg.id} is already at version ${current.current_version}; version ${pkg.version} would go backwards.`);

    for (const asset of course.assets)
      await trx
        .insertInto('assets')
        .values({ sha256: asset.sha256, mime: asset.mime, size: asset.size, data: asset.data, created_at: now })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
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
