// A small course in the app's offline store, for screens rendered in happy-dom.

import { recordEvent } from '../../src/app/db/events.js';
import { db } from '../../src/app/shared/database.js';
import type { CoursePackage, PublicQuiz } from '../../src/domain/course.js';
import type { QuizResult } from '../../src/domain/scoring.js';

export const learner = { id: 'u-sari', nip: '199203152025212001', name: 'Sari', unit: 'Dinas', position: 'Guru', role: 'learner' as const };

const test = (id: string, title: string, attempts?: number): PublicQuiz => ({
  id,
  title,
  feedback: 'after-sync',
  passingScore: 70,
  ...(attempts === undefined ? {} : { attempts }),
  questions: [{ id: 'q1', type: 'truefalse', prompt: 'ASN terdiri atas PNS dan PPPK.' }],
});

/** Two modules of two lessons, a pre-test, a post-test and one practice quiz. */
export function samplePackage(options: { postTestAttempts?: number } = {}): CoursePackage {
  const lesson = (id: string, title: string) => ({ id, title, minutes: 5, html: `<p>${title}</p>`, assets: [] });
  return {
    format: 1,
    id: 'c',
    version: 1,
    title: 'Kursus Uji',
    summary: 'uji',
    language: 'id',
    category: 'orientasi',
    jp: 2,
    modules: [
      { id: 'm1', title: 'Modul 1', lessons: [lesson('l1', 'Pelajaran Satu'), lesson('l2', 'Pelajaran Dua')] },
      { id: 'm2', title: 'Modul 2', lessons: [lesson('l3', 'Pelajaran Tiga'), lesson('l4', 'Pelajaran Empat')] },
    ],
    preTest: test('pre', 'Pre-test'),
    postTest: test('post', 'Post-test', options.postTestAttempts),
    quizzes: [{ ...test('latihan', 'Latihan 1'), feedback: 'immediate' }],
    assets: [],
  };
}

export async function storeCourse(pkg: CoursePackage): Promise<void> {
  await Promise.all([db.packages.clear(), db.events.clear(), db.catalogue.clear(), db.drafts.clear(), db.downloads.clear()]);
  await db.packages.put({ courseId: pkg.id, version: pkg.version, pkg, bytes: 1000, storedAt: Date.now() });
}

export const completeLessons = async (pkg: CoursePackage, ...lessonIds: string[]) => {
  for (const lessonId of lessonIds)
    await recordEvent({ userId: learner.id, type: 'lesson.completed', courseId: pkg.id, courseVersion: pkg.version, data: { lessonId } });
};

/** A submitted attempt, graded by the server (a score) or still waiting (null). */
export async function submitAttempt(pkg: CoursePackage, quizId: string, score: number | null, passingScore = 70): Promise<void> {
  const event = await recordEvent({
    userId: learner.id,
    type: 'quiz.submitted',
    courseId: pkg.id,
    courseVersion: pkg.version,
    data: { quizId, attemptId: crypto.randomUUID(), responses: {}, startedAt: new Date().toISOString() },
  });
  const result: QuizResult | null = score === null ? null : { score, points: score / 10, questions: 10, passed: score >= passingScore };
  await db.events.update(event.id, { status: 'synced', result });
}
