// The evaluation report (docs/evaluation.md): its shape, shown by the admin screens, and how
// one learner's events are summed up for it. The server reads the database and fills it in.
import { type CourseOutline, type FoldEvent, foldProgress } from './progress.js';

export interface ReportFilters {
  unit?: string;
  /** Only events at or after this time (epoch ms). */
  from?: number;
  /** Only events before this time (epoch ms). */
  to?: number;
}

/** What the report needs of one learner's progress in one course; the server keeps it per learner. */
export interface ProgressSummary {
  startedAt: number | null;
  lessonsDone: number;
  lessonsTotal: number;
  pre: number | null;
  post: number | null;
  postAttempts: number;
  postPassed: boolean;
  complete: boolean;
  completedAt: string | null;
  studySeconds: number;
  /** The newest answers to the course's reaction survey. */
  survey: Record<string, number | string> | null;
}

export const notStarted = (lessonsTotal: number): ProgressSummary => ({
  startedAt: null,
  lessonsDone: 0,
  lessonsTotal,
  pre: null,
  post: null,
  postAttempts: 0,
  postPassed: false,
  complete: false,
  completedAt: null,
  studySeconds: 0,
  survey: null,
});

/** One learner's events in a course, folded (docs/sync.md) and summed up for the report. */
export function summarize(course: { outline: CourseOutline; surveyId: string | undefined }, events: FoldEvent[]): ProgressSummary {
  const progress = foldProgress(course.outline, events);
  const { postTestId } = course.outline;
  let survey: FoldEvent | undefined;
  let startedAt = Number.POSITIVE_INFINITY;
  for (const e of events) {
    startedAt = Math.min(startedAt, Date.parse(e.at));
    if (
      e.type === 'survey.submitted' &&
      e.data.surveyId === course.surveyId &&
      (!survey || e.at > survey.at || (e.at === survey.at && e.id > survey.id))
    )
      survey = e;
  }
  return {
    startedAt: events.length > 0 ? startedAt : null,
    lessonsDone: Object.keys(progress.lessonsDone).length,
    lessonsTotal: progress.lessonsTotal,
    pre: progress.preTest?.result?.score ?? null,
    post: progress.postTest?.result?.score ?? null,
    postAttempts: postTestId ? (progress.attempts[postTestId]?.length ?? 0) : 0,
    postPassed: !!progress.postTest?.result?.passed,
    complete: progress.complete,
    completedAt: progress.completedAt,
    studySeconds: progress.studySeconds,
    survey: (survey?.data.answers as Record<string, number | string> | undefined) ?? null,
  };
}

export interface LearnerRow {
  nip: string;
  name: string;
  unit: string;
  position: string;
  started: boolean;
  lessonsDone: number;
  lessonsTotal: number;
  pre: number | null;
  post: number | null;
  /** Hake's g for this learner; null without both tests, or with a pre-test of 100. */
  gain: number | null;
  completedAt: string | null;
  jp: number;
  studySeconds: number;
}

export interface Figures {
  enrolled: number;
  started: number;
  finishedLessons: number;
  tookPostTest: number;
  passedPostTest: number;
  completed: number;
  preTest: { n: number; mean: number | null };
  postTest: { n: number; mean: number | null };
  /** Mean of per-learner g over learners with both tests (pre = 100 left out and counted). */
  normalizedGain: { n: number; mean: number | null; band: 'low' | 'medium' | 'high' | null; excludedPreTest100: number };
  /** (mean post − mean pre) / (100 − mean pre) over the same matched learners. */
  normalizedGainOfMeans: { n: number; value: number | null; band: 'low' | 'medium' | 'high' | null };
  jpAwarded: number;
  studyHours: number;
  survey: {
    responses: number;
    questions: { id: string; prompt: string; type: string; n: number; mean: number | null }[];
    comments: string[];
  };
}

export interface Report extends Figures {
  courseId: string;
  version: number;
  title: string;
  jp: number;
  category: string;
  filters: ReportFilters;
  byUnit: ({ unit: string } & Figures)[];
  learners: LearnerRow[];
}

/** One learner's JP of a year from `bangkom` courses against the target (docs/evaluation.md). */
export interface JpRow {
  nip: string;
  name: string;
  unit: string;
  position: string;
  jp: number;
  target: number;
  shortfall: number;
  courses: { courseId: string; jp: number; completedAt: string }[];
}
