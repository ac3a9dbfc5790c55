// Published course versions never change, so what grading and validation need of one is
// read once per process and kept.
import type { Kysely } from 'kysely';
import { attemptLimit, type CoursePackage, type Quiz, type SurveySource } from '../../domain/course.js';
import { type CourseOutline, outlineOf } from '../../domain/progress.js';
import type { Database } from '../db/schema.js';

export interface VersionFacts {
  courseId: string;
  version: number;
  title: string;
  lessonIds: Set<string>;
  /** Quizzes with their keys. */
  quizzes: Map<string, Quiz>;
  /** Quiz id → attempts a learner has (0 = unlimited). */
  attemptLimits: Map<string, number>;
  surveyId: string | undefined;
  /** The reaction survey's questions, in order, as the report lists them. */
  surveyQuestions: SurveySource['questions'];
  outline: CourseOutline;
  category: string;
  jp: number;
}

const cache = new Map<string, Promise<VersionFacts | null>>();

export function versionFacts(db: Kysely<Database>, courseId: string, version: number): Promise<VersionFacts | null> {
  const key = `${courseId}@${version}`;
  let facts = cache.get(key);
  if (!facts) {
    facts = load(db, courseId, version);
    cache.set(key, facts);
    // A version published later must be found: do not keep a miss.
    void facts.then(
      (f) => f ?? cache.delete(key),
      () => cache.delete(key),
    );
  }
  return facts;
}

async function load(db: Kysely<Database>, courseId: string, version: number): Promise<VersionFacts | null> {
  const row = await db
    .selectFrom('course_versions')
    .select(['title', 'package_json', 'source_json', 'category', 'jp'])
    .where('course_id', '=', courseId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return null;
  const pkg = JSON.parse(row.package_json) as CoursePackage;
  const { quizzes } = JSON.parse(row.source_json) as { quizzes: Quiz[] };
  const outline = outlineOf(pkg);
  const role = (id: string) => (id === pkg.preTest?.id ? 'pre-test' : id === pkg.postTest?.id ? 'post-test' : 'practice');
  return {
    courseId,
    version,
    title: row.title,
    lessonIds: new Set(outline.lessonIds),
    quizzes: new Map(quizzes.map((q) => [q.id, q])),
    attemptLimits: new Map(quizzes.map((q) => [q.id, attemptLimit(q, role(q.id))])),
    surveyId: pkg.survey?.id,
    surveyQuestions: pkg.survey?.questions ?? [],
    outline,
    category: row.category,
    jp: row.jp,
  };
}

export async function currentVersion(db: Kysely<Database>, courseId: string): Promise<number | undefined> {
  const row = await db.selectFrom('courses').select('current_version').where('id', '=', courseId).executeTakeFirst();
  return row?.current_version;
}

/** What grading and the report need of the course's current version; null for a course that does not exist. */
export async function currentFacts(db: Kysely<Database>, courseId: string): Promise<VersionFacts | null> {
  const version = await currentVersion(db, courseId);
  return version === undefined ? null : versionFacts(db, courseId, version);
}
