// Completing a course by sync, as the app does, and checking a certificate's signed payload
// as the verify page does. Needs only HTTP and the course folder, so a test against a served
// build can use it as well as one with the database at hand.
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import type { CertificateKey } from '../../src/domain/api/certificates.js';
import { type CertificateFacts, factsOf, splitPayload } from '../../src/domain/certificates.js';
import type { Quiz } from '../../src/domain/course.js';
import { loadCourse } from '../../src/server/services/courses/load.js';
import { answers } from './events.js';
import { SAMPLE_COURSE } from './server.js';

/** What completing a course takes: every lesson done and the post-test (if any) passed. */
export interface CourseToComplete {
  courseId: string;
  version: number;
  lessonIds: string[];
  postTest: Quiz | undefined;
}

let sample: Promise<CourseToComplete> | undefined;

/** The sample course, read from its folder with the post-test's key. */
export function sampleToComplete(): Promise<CourseToComplete> {
  sample ??= loadCourse(SAMPLE_COURSE).then((loaded) => {
    if (!loaded.ok) throw new Error(`the sample course has problems: ${loaded.problems.join('; ')}`);
    const { package: pkg, quizzes } = loaded.course;
    return {
      courseId: pkg.id,
      version: pkg.version,
      lessonIds: pkg.modules.flatMap((m) => m.lessons.map((l) => l.id)),
      postTest: quizzes.find((q) => q.id === pkg.postTest?.id),
    };
  });
  return sample;
}

export interface CompletionEvent {
  id: string;
  type: string;
  courseId: string;
  courseVersion: number;
  at: string;
  data: Record<string, unknown>;
}

/**
 * Every lesson completed, then the post-test passed with every answer right: one event a
 * `step` apart from `from` (epoch ms; by default so that the last is a minute ago). The last
 * event is the one that completes the course.
 */
export function completionEvents(course: CourseToComplete, { from, step = 60_000 }: { from?: number; step?: number } = {}) {
  const count = course.lessonIds.length + (course.postTest ? 1 : 0);
  let t = (from ?? Date.now() - 60_000 - (count - 1) * step) - step;
  const at = () => {
    t += step;
    return new Date(t).toISOString();
  };
  const event = (type: string, data: Record<string, unknown>): CompletionEvent => ({
    id: randomUUID(),
    type,
    courseId: course.courseId,
    courseVersion: course.version,
    at: at(),
    data,
  });
  const events = course.lessonIds.map((lessonId) => event('lesson.completed', { lessonId }));
  const post = course.postTest;
  if (post) {
    const startedAt = new Date(t).toISOString();
    events.push(
      event('quiz.submitted', { quizId: post.id, attemptId: randomUUID(), responses: answers(post, post.questions.length), startedAt }),
    );
  }
  return events;
}

/** POST /api/sync as one device; `clock` is the device's time when it sends (docs/sync.md). */
export async function syncEvents(
  baseUrl: string,
  token: string,
  events: unknown[],
  { deviceId = 'device-a', clock }: { deviceId?: string; clock?: string } = {},
): Promise<{ accepted: string[]; rejected: { id: string; reason: string }[] }> {
  const response = await fetch(`${baseUrl}/api/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ protocol: 1, deviceId, cursor: null, events, ...(clock ? { clock } : {}) }),
  });
  if (response.status !== 200) throw new Error(`sync failed: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ accepted: string[]; rejected: { id: string; reason: string }[] }>;
}

/** Completes the sample course for a logged-in, enrolled learner in one sync. */
export async function completeSample(baseUrl: string, token: string, options: { from?: number; deviceId?: string } = {}) {
  const events = completionEvents(await sampleToComplete(), options);
  const reply = await syncEvents(baseUrl, token, events, options);
  if (reply.accepted.length !== events.length) throw new Error(`events rejected: ${JSON.stringify(reply.rejected)}`);
  return events;
}

/** The facts of a payload whose signature holds under `key`, or null. */
export function verifiedFacts(payload: string, key: CertificateKey): CertificateFacts | null {
  const parts = splitPayload(payload);
  if (!parts) return null;
  const publicKey = createPublicKey({ key: { ...key }, format: 'jwk' });
  if (!verify(null, parts.json, publicKey, parts.signature)) return null;
  return factsOf(JSON.parse(new TextDecoder().decode(parts.json)));
}
