// The evaluation report's shape (docs/evaluation.md): computed by the server, shown by the
// admin screens.
export interface ReportFilters {
  unit?: string;
  /** Only events at or after this time (epoch ms). */
  from?: number;
  /** Only events before this time (epoch ms). */
  to?: number;
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
