// The fold (docs/sync.md): a learner's events for one course → their progress. It reads the
// events as a set, so it gives the same answer whatever order they arrive in and however
// often one is repeated. The app and the server both use it.
import type { CoursePackage } from './course.js';
import type { QuizResult } from './scoring.js';

/** What the fold needs to know of a course version. */
export interface CourseOutline {
  lessonIds: string[];
  preTestId?: string;
  postTestId?: string;
}

/** A published package's outline: the phone folds against it, and so does the server. */
export function outlineOf(pkg: Pick<CoursePackage, 'modules' | 'preTest' | 'postTest'>): CourseOutline {
  return {
    lessonIds: pkg.modules.flatMap((m) => m.lessons.map((l) => l.id)),
    ...(pkg.preTest ? { preTestId: pkg.preTest.id } : {}),
    ...(pkg.postTest ? { postTestId: pkg.postTest.id } : {}),
  };
}

export interface FoldEvent {
  id: string;
  type: string;
  courseVersion: number;
  at: string;
  data: Record<string, unknown>;
  /** The server's grade of a quiz.submitted, once known. */
  result?: QuizResult | null;
}

export interface Attempt {
  attemptId: string;
  eventId: string;
  at: string;
  courseVersion: number;
  result: QuizResult | null;
}

export interface Progress {
  started: boolean;
  /** Lesson id → time of its first completion. */
  lessonsDone: Record<string, string>;
  lessonsTotal: number;
  resume: { lessonId: string; position: number; at: string } | null;
  /** Quiz id → attempts, oldest first. */
  attempts: Record<string, Attempt[]>;
  /** The pre-test's first attempt counts; null until taken, result null until graded. */
  preTest: Attempt | null;
  /** The post-test's best graded attempt. */
  postTest: Attempt | null;
  postTestPending: boolean;
  studySeconds: number;
  complete: boolean;
  completedAt: string | null;
  surveyDone: boolean;
}

/**
 * A moment's day in Asia/Jakarta (UTC+7 all year) as a number, for the fold's study time per
 * day. The app shell's own copy of domain/jakarta.ts's jakartaDay: importing that module
 * here made the bundler split it into a chunk of its own, fetched on every start. Its day
 * line is tested in tests/unit/progress.test.ts, the other's in tests/unit/jakarta.test.ts.
 */
const jakartaDay = (at: string): number => Math.floor((Date.parse(at) + 7 * 3_600_000) / 86_400_000);

/** Study time counted per learner and calendar day, at most (16 h). */
export const STUDY_SECONDS_PER_DAY = 16 * 3600;

const byTime = (a: { at: string; id?: string; eventId?: string }, b: { at: string; id?: string; eventId?: string }) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : (a.id ?? a.eventId ?? '') < (b.id ?? b.eventId ?? '') ? -1 : 1;

export function foldProgress(outline: CourseOutline, events: Iterable<FoldEvent>): Progress {
  const unique = new Map<string, FoldEvent>();
  for (const e of events) {
    const seen = unique.get(e.id);
    // A duplicate adds nothing, but a graded copy is better than an ungraded one.
    if (!seen || (!seen.result && e.result)) unique.set(e.id, e);
  }
  const sorted = [...unique.values()].sort(byTime);
  const lessons = new Set(outline.lessonIds);
  const lessonsDone: Record<string, string> = {};
  const attempts: Record<string, Attempt[]> = {};
  const attemptIds = new Set<string>();
  let here: { lessonId: string; at: string } | null = null;
  const positions = new Map<string, number>();
  const studyByDay = new Map<number, number>();
  let surveyDone = false;

  for (const e of sorted) {
    const lessonId = typeof e.data.lessonId === 'string' ? e.data.lessonId : undefined;
    switch (e.type) {
      case 'lesson.completed':
        if (lessonId && lessons.has(lessonId)) lessonsDone[lessonId] ??= e.at;
        break;
      // The newest opened/position event says which lesson the learner is in; the newest
      // position in that lesson says where (reopening a lesson does not lose the place).
      case 'lesson.opened':
      case 'lesson.position':
        if (lessonId && lessons.has(lessonId)) {
          here = { lessonId, at: e.at };
          const position = Number(e.data.position);
          if (e.type === 'lesson.position' && Number.isFinite(position)) positions.set(lessonId, position);
        }
        break;
      case 'study.time': {
        const day = jakartaDay(e.at);
        studyByDay.set(day, (studyByDay.get(day) ?? 0) + (Number(e.data.seconds) || 0));
        break;
      }
      case 'quiz.submitted': {
        const quizId = String(e.data.quizId);
        const attemptId = String(e.data.attemptId);
        // One attempt sent twice under two event ids still counts once.
        if (attemptIds.has(`${quizId}/${attemptId}`)) break;
        attemptIds.add(`${quizId}/${attemptId}`);
        const list = attempts[quizId] ?? [];
        list.push({ attemptId, eventId: e.id, at: e.at, courseVersion: e.courseVersion, result: e.result ?? null });
        attempts[quizId] = list;
        break;
      }
      case 'survey.submitted':
        surveyDone = true;
        break;
    }
  }

  let studySeconds = 0;
  for (const seconds of studyByDay.values()) studySeconds += Math.min(seconds, STUDY_SECONDS_PER_DAY);
  const resume = here ? { ...here, position: positions.get(here.lessonId) ?? 0 } : null;
  const preTest = outline.preTestId ? (attempts[outline.preTestId]?.[0] ?? null) : null;
  const post = outline.postTestId ? (attempts[outline.postTestId] ?? []) : [];
  const graded = post.filter((a) => a.result);
  const postTest = graded.reduce<Attempt | null>((best, a) => (!best || a.result!.score > best.result!.score ? a : best), null);
  const allLessons = outline.lessonIds.every((id) => lessonsDone[id]);
  const firstPass = graded.filter((a) => a.result!.passed).sort(byTime)[0];
  const complete = allLessons && (!outline.postTestId || !!firstPass);
  let completedAt: string | null = null;
  if (complete) {
    const times = [...outline.lessonIds.map((id) => lessonsDone[id]!), ...(firstPass ? [firstPass.at] : [])];
    completedAt = times.reduce((max, t) => (t > max ? t : max), '');
  }
  return {
    started: unique.size > 0,
    lessonsDone,
    lessonsTotal: outline.lessonIds.length,
    resume,
    attempts,
    preTest,
    postTest,
    postTestPending: post.some((a) => !a.result),
    studySeconds,
    complete,
    completedAt,
    surveyDone,
  };
}
