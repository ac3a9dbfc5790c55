import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { loadCourse } from '../services/courses/load.js';
import { PublishError, publishCourse } from '../services/courses/publish.js';
import { formatProblem } from '../services/courses/yaml-source.js';

export type ImportOutcome =
  | { ok: true; id: string; version: number; outcome: 'published' | 'unchanged'; downloadBytes: number }
  | { ok: false; problems: string[] };

export async function importCourseDir(db: Kysely<Database>, dir: string): Promise<ImportOutcome> {
  const loaded = await loadCourse(dir);
  if (!loaded.ok) return { ok: false, problems: loaded.problems.map(formatProblem) };
  const { course } = loaded;
  try {
    const outcome = await publishCourse(db, course);
    return { ok: true, id: course.package.id, version: course.package.version, outcome, downloadBytes: course.downloadBytes };
  } catch (error) {
    if (error instanceof PublishError) return { ok: false, problems: [error.message] };
    throw error;
  }
}
