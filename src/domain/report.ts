// The evaluation report (docs/evaluation.md): its shape, shown by the admin screens, and how
// one learner's events are summed up for it. The server reads the database and fills it in.
import { type CourseOutline, type FoldEvent, foldProgress } from './progress.js';
import { cleanText } from './text.js';

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

export type Band = 'low' | 'medium' | 'high';

export interface Figures {
  enrolled: number;
  started: number;
  finishedLessons: number;
  tookPostTest: number;
  passedPostTest: number;
  completed: number;
  /** Certificates issued and not revoked (docs/certificates.md). */
  certificates: number;
  preTest: { n: number; mean: number | null };
  postTest: { n: number; mean: number | null };
  /** Mean of per-learner g over learners with both tests (pre = 100 left out and counted). */
  normalizedGain: { n: number; mean: number | null; band: Band | null; excludedPreTest100: number };
  /** (mean post − mean pre) / (100 − mean pre) over the same matched learners. */
  normalizedGainOfMeans: { n: number; value: number | null; band: Band | null };
  jpAwarded: number;
  studyHours: number;
  survey: {
    responses: number;
    questions: { id: string; prompt: string; type: string; n: number; mean: number | null }[];
    comments: string[];
  };
}

/** A work unit's figures. */
export interface UnitFigures extends Figures {
  unit: string;
}

export interface Report extends Figures {
  courseId: string;
  version: number;
  title: string;
  jp: number;
  category: string;
  filters: ReportFilters;
  byUnit: UnitFigures[];
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

// ---- the arithmetic (docs/evaluation.md) -----------------------------------------------

export const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
export const round = (x: number | null, digits = 3): number | null => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
/** Hake's bands, taken from the unrounded g. */
export const band = (g: number | null): Band | null => (g === null ? null : g < 0.3 ? 'low' : g <= 0.7 ? 'medium' : 'high');

/** Hake's normalized gain of one learner; null without both scores, or with a pre-test of 100 (no room left to gain). */
export const gainOf = (pre: number | null, post: number | null): number | null =>
  pre !== null && post !== null && pre < 100 ? (post - pre) / (100 - pre) : null;

/** Both forms of the gain over the learners who have both scores, in the order given. */
export function normalizedGains(matched: { pre: number; post: number }[]): Pick<Figures, 'normalizedGain' | 'normalizedGainOfMeans'> {
  const gains = matched.map((m) => gainOf(m.pre, m.post)).filter((g): g is number => g !== null);
  const meanGain = mean(gains);
  const pre = mean(matched.map((m) => m.pre));
  const post = mean(matched.map((m) => m.post));
  const ofMeans = pre === null || post === null || pre >= 100 ? null : (post - pre) / (100 - pre);
  return {
    normalizedGain: { n: gains.length, mean: round(meanGain), band: band(meanGain), excludedPreTest100: matched.length - gains.length },
    normalizedGainOfMeans: { n: matched.length, value: round(ofMeans), band: band(ofMeans) },
  };
}

/** A learner in the report: the row shown and exported, and the summary behind it. */
export interface ReportLearner {
  row: LearnerRow;
  summary: ProgressSummary;
  /** Holds a certificate of the course that is not revoked. */
  certified: boolean;
}

export function learnerOf(
  account: Pick<LearnerRow, 'nip' | 'name' | 'unit' | 'position'>,
  s: ProgressSummary,
  courseJp: number,
  certified = false,
): ReportLearner {
  return {
    summary: s,
    certified,
    row: {
      nip: account.nip,
      name: account.name,
      unit: account.unit,
      position: account.position,
      started: s.startedAt !== null,
      lessonsDone: s.lessonsDone,
      lessonsTotal: s.lessonsTotal,
      pre: s.pre,
      post: s.post,
      gain: round(gainOf(s.pre, s.post)),
      completedAt: s.completedAt,
      jp: s.complete ? courseJp : 0,
      studySeconds: s.studySeconds,
    },
  };
}

export type ReportQuestion = { id: string; type: string; prompt: string };

/** The funnel, the tests, both gains, JP, study hours and the survey of a group of learners. */
export function figuresOf(group: ReportLearner[], questions: ReportQuestion[]): Figures {
  const pres = group.map((l) => l.row.pre).filter((x): x is number => x !== null);
  const posts = group.map((l) => l.row.post).filter((x): x is number => x !== null);
  const matched = group.flatMap(({ row: { pre, post } }) => (pre !== null && post !== null ? [{ pre, post }] : []));
  const surveyed = group.filter((l) => l.summary.survey);
  return {
    enrolled: group.length,
    started: group.filter((l) => l.row.started).length,
    finishedLessons: group.filter((l) => l.row.lessonsDone === l.row.lessonsTotal).length,
    tookPostTest: group.filter((l) => l.summary.postAttempts > 0).length,
    passedPostTest: group.filter((l) => l.summary.postPassed).length,
    completed: group.filter((l) => l.summary.complete).length,
    certificates: group.filter((l) => l.certified).length,
    preTest: { n: pres.length, mean: round(mean(pres), 2) },
    postTest: { n: posts.length, mean: round(mean(posts), 2) },
    ...normalizedGains(matched),
    jpAwarded: group.reduce((n, l) => n + l.row.jp, 0),
    studyHours: round(group.reduce((n, l) => n + l.row.studySeconds, 0) / 3600, 1) ?? 0,
    survey: {
      responses: surveyed.length,
      questions: questions.map((q) => {
        const values = surveyed.map((l) => l.summary.survey![q.id]).filter((v): v is number => typeof v === 'number');
        return { id: q.id, prompt: q.prompt, type: q.type, n: values.length, mean: q.type === 'likert' ? round(mean(values), 2) : null };
      }),
      comments: surveyed.flatMap((l) =>
        questions
          .filter((q) => q.type === 'text')
          .map((q) => l.summary.survey![q.id])
          // Cleaned here rather than only on the way in: rows stored before the server
          // refused NUL and stray surrogates still hold them.
          .filter((v): v is string => typeof v === 'string')
          .map(cleanText)
          .filter((v) => v.trim() !== ''),
      ),
    },
  };
}

/** The figures again per work unit, units in alphabetical order. */
export function figuresByUnit(learners: ReportLearner[], questions: ReportQuestion[]): Report['byUnit'] {
  const units = [...new Set(learners.map((l) => l.row.unit))].sort();
  return units.map((unit) => ({
    unit,
    ...figuresOf(
      learners.filter((l) => l.row.unit === unit),
      questions,
    ),
  }));
}
