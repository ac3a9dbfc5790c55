// The report's arithmetic (docs/evaluation.md), without a database: gain, bands, rounding,
// the funnel and the survey, as the server computes them for each group of learners.
import { describe, expect, it } from 'vitest';
import type { FoldEvent } from '../../src/domain/progress.js';
import {
  band,
  figuresByUnit,
  figuresOf,
  gainOf,
  learnerOf,
  mean,
  normalizedGains,
  notStarted,
  type ProgressSummary,
  type ReportQuestion,
  round,
  summarize,
} from '../../src/domain/report.js';

const account = (unit = 'Unit A', name = 'Sari') => ({ nip: '199203152025212001', name, unit, position: 'Analis' });
const summary = (s: Partial<ProgressSummary> = {}): ProgressSummary => ({
  ...notStarted(3),
  startedAt: Date.parse('2026-11-02T01:00:00Z'),
  ...s,
});

describe('the normalized gain of one learner', () => {
  it('is the share of the room for improvement used', () => {
    expect(gainOf(40, 70)).toBe(0.5);
    expect(gainOf(0, 100)).toBe(1);
    expect(gainOf(50, 50)).toBe(0);
    expect(gainOf(60, 40)).toBe(-0.5);
  });

  it('is undefined without both scores, or with a pre-test of 100', () => {
    expect(gainOf(null, 80)).toBeNull();
    expect(gainOf(40, null)).toBeNull();
    expect(gainOf(100, 100)).toBeNull();
    expect(gainOf(100, 90)).toBeNull();
  });
});

describe('bands and rounding', () => {
  it('bands g as low below 0.3, medium from 0.3 to 0.7 inclusive, high above', () => {
    expect(band(0.2999)).toBe('low');
    expect(band(-0.5)).toBe('low');
    expect(band(0.3)).toBe('medium');
    expect(band(0.7)).toBe('medium');
    expect(band(0.7001)).toBe('high');
    expect(band(null)).toBeNull();
  });

  it('rounds to three decimals unless told, and keeps null', () => {
    expect(round(1 / 3)).toBe(0.333);
    expect(round(2 / 3, 2)).toBe(0.67);
    expect(round(null)).toBeNull();
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 4])).toBe(7 / 3);
  });
});

describe('both forms of the gain over a group', () => {
  it('leaves a pre-test of 100 out of the per-learner mean, counts it, and keeps it in the gain of means', () => {
    const gains = normalizedGains([
      { pre: 40, post: 70 }, // g = 0.5
      { pre: 80, post: 100 }, // g = 1
      { pre: 100, post: 90 }, // undefined
    ]);
    expect(gains.normalizedGain).toEqual({ n: 2, mean: 0.75, band: 'high', excludedPreTest100: 1 });
    // Means over all three: pre 220/3, post 260/3 → (40/3) / (80/3) = 0.5.
    expect(gains.normalizedGainOfMeans).toEqual({ n: 3, value: 0.5, band: 'medium' });
  });

  it('has no value when nobody has both scores, or when their mean pre-test is 100', () => {
    expect(normalizedGains([])).toEqual({
      normalizedGain: { n: 0, mean: null, band: null, excludedPreTest100: 0 },
      normalizedGainOfMeans: { n: 0, value: null, band: null },
    });
    expect(normalizedGains([{ pre: 100, post: 100 }])).toEqual({
      normalizedGain: { n: 0, mean: null, band: null, excludedPreTest100: 1 },
      normalizedGainOfMeans: { n: 1, value: null, band: null },
    });
  });

  it('takes the band from the unrounded value', () => {
    // g = 0.29996 shows as 0.3 but is below the medium band's edge.
    const gains = normalizedGains([{ pre: 0, post: 29.996 }]);
    expect(gains.normalizedGain).toMatchObject({ mean: 0.3, band: 'low' });
    expect(gains.normalizedGainOfMeans).toMatchObject({ value: 0.3, band: 'low' });
  });
});

describe('a learner in the report', () => {
  it('shows the gain to three decimals and credits JP only once complete', () => {
    const done = learnerOf(
      account(),
      summary({ pre: 30, post: 80, complete: true, completedAt: '2026-11-03T00:00:00.000Z', lessonsDone: 3 }),
      12,
    );
    expect(done.row).toEqual({
      ...account(),
      started: true,
      lessonsDone: 3,
      lessonsTotal: 3,
      pre: 30,
      post: 80,
      gain: 0.714,
      completedAt: '2026-11-03T00:00:00.000Z',
      jp: 12,
      studySeconds: 0,
    });
    expect(learnerOf(account(), summary({ pre: 100, post: 100 }), 12).row).toMatchObject({ gain: null, jp: 0 });
    expect(learnerOf(account(), notStarted(3), 12).row).toMatchObject({ started: false, gain: null, lessonsDone: 0 });
  });
});

describe('the figures of a group', () => {
  const questions: ReportQuestion[] = [
    { id: 'useful', type: 'likert', prompt: 'Bermanfaat?' },
    { id: 'note', type: 'text', prompt: 'Saran' },
  ];
  const learners = [
    // Finished everything and passed.
    learnerOf(
      account('Unit B', 'Ani'),
      summary({
        lessonsDone: 3,
        pre: 40,
        post: 70,
        postAttempts: 1,
        postPassed: true,
        complete: true,
        completedAt: '2026-11-03T00:00:00.000Z',
        studySeconds: 5400,
        survey: { useful: 5, note: ' Bagus\u0000 ' },
      }),
      10,
    ),
    // Finished the lessons, took the post-test, not graded yet.
    learnerOf(account('Unit A', 'Budi'), summary({ lessonsDone: 3, pre: 100, postAttempts: 1, studySeconds: 1800 }), 10),
    // Only the pre-test, and a blank comment.
    learnerOf(account('Unit A', 'Citra'), summary({ lessonsDone: 1, pre: 20, survey: { useful: 2, note: '  ' } }), 10),
    learnerOf(account('Unit B', 'Dewi'), notStarted(3), 10),
  ];

  it('counts the funnel, each test over whoever has its score, JP and study hours', () => {
    const figures = figuresOf(learners, questions);
    expect(figures).toMatchObject({
      enrolled: 4,
      started: 3,
      finishedLessons: 2,
      tookPostTest: 2,
      passedPostTest: 1,
      completed: 1,
      preTest: { n: 3, mean: 53.33 },
      postTest: { n: 1, mean: 70 },
      normalizedGain: { n: 1, mean: 0.5, band: 'medium', excludedPreTest100: 0 },
      normalizedGainOfMeans: { n: 1, value: 0.5, band: 'medium' },
      jpAwarded: 10,
      studyHours: 2,
    });
  });

  it('averages likert answers, and lists text answers cleaned, blank ones dropped', () => {
    expect(figuresOf(learners, questions).survey).toEqual({
      responses: 2,
      questions: [
        { id: 'useful', prompt: 'Bermanfaat?', type: 'likert', n: 2, mean: 3.5 },
        { id: 'note', prompt: 'Saran', type: 'text', n: 0, mean: null },
      ],
      comments: [' Bagus '],
    });
  });

  it('gives the same figures per work unit, units in alphabetical order', () => {
    const byUnit = figuresByUnit(learners, questions);
    expect(byUnit.map((u) => [u.unit, u.enrolled, u.completed])).toEqual([
      ['Unit A', 2, 0],
      ['Unit B', 2, 1],
    ]);
    expect(byUnit[0]).toEqual({ unit: 'Unit A', ...figuresOf(learners.slice(1, 3), questions) });
  });

  it('has no means for an empty group', () => {
    expect(figuresOf([], questions)).toMatchObject({
      enrolled: 0,
      preTest: { n: 0, mean: null },
      postTest: { n: 0, mean: null },
      studyHours: 0,
      survey: { responses: 0, comments: [] },
    });
  });
});

describe('a learner summed up from their events', () => {
  const course = { outline: { lessonIds: ['l1'], postTestId: 'post' }, surveyId: 'reaksi' };
  const ev = (id: string, type: string, at: string, data: Record<string, unknown>): FoldEvent => ({ id, type, courseVersion: 1, at, data });

  it('started with the earliest event and answered the survey with the newest answers (by time, then id)', () => {
    const s = summarize(course, [
      ev('e3', 'survey.submitted', '2026-11-02T03:00:00.000Z', { surveyId: 'reaksi', answers: { useful: 4 } }),
      ev('e1', 'lesson.opened', '2026-11-02T01:00:00.000Z', { lessonId: 'l1' }),
      ev('e4', 'survey.submitted', '2026-11-02T03:00:00.000Z', { surveyId: 'reaksi', answers: { useful: 5 } }),
      ev('e2', 'survey.submitted', '2026-11-02T02:00:00.000Z', { surveyId: 'reaksi', answers: { useful: 1 } }),
      ev('e5', 'survey.submitted', '2026-11-02T04:00:00.000Z', { surveyId: 'another', answers: { useful: 2 } }),
    ]);
    expect(s).toMatchObject({ startedAt: Date.parse('2026-11-02T01:00:00Z'), survey: { useful: 5 }, lessonsTotal: 1 });
  });

  it('has not started without events', () => {
    expect(summarize(course, [])).toEqual(notStarted(1));
  });
});
