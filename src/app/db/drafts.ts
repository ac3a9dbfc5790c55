// A quiz in progress: its answers are kept as they are given, so they survive closing the
// app, and submitting turns them into one quiz.submitted event (docs/offline.md).
import type { Answer } from '../../domain/scoring.js';
import { db, type QuizDraft } from '../shared/database.js';
import { recordEvent } from './events.js';

export interface DraftKey {
  userId: string;
  courseId: string;
  quizId: string;
}

const keyOf = ({ userId, courseId, quizId }: DraftKey): [string, string, string] => [userId, courseId, quizId];

/** The learner's unsubmitted answers to this quiz, or null. */
export const quizDraft = async (key: DraftKey): Promise<QuizDraft | null> => (await db.drafts.get(keyOf(key))) ?? null;

/**
 * Keeps one answer. Read-modify-write inside one transaction: quick answers in a row must
 * not overwrite each other with a stale copy of the draft.
 */
export const saveAnswer = (key: DraftKey, questionId: string, value: Answer): Promise<void> =>
  db.transaction('rw', db.drafts, async () => {
    const current: QuizDraft = (await db.drafts.get(keyOf(key))) ?? {
      ...key,
      attemptId: crypto.randomUUID(),
      startedAt: new Date().toISOString(),
      responses: {},
      updatedAt: 0,
    };
    await db.drafts.put({ ...current, responses: { ...current.responses, [questionId]: value }, updatedAt: Date.now() });
  });

/** Records the attempt with the draft's answers and drops the draft, in one transaction. */
export const submitDraft = (key: DraftKey, courseVersion: number, draft: QuizDraft | null | undefined): Promise<void> =>
  db.transaction('rw', [db.events, db.drafts], async () => {
    await recordEvent({
      userId: key.userId,
      type: 'quiz.submitted',
      courseId: key.courseId,
      courseVersion,
      data: {
        quizId: key.quizId,
        attemptId: draft?.attemptId ?? crypto.randomUUID(),
        responses: draft?.responses ?? {},
        startedAt: draft?.startedAt ?? new Date().toISOString(),
      },
    });
    await db.drafts.delete(keyOf(key));
  });
