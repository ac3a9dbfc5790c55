import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CourseOutline, type FoldEvent, foldProgress, outlineOf } from '../../src/domain/progress.js';
import type { QuizResult } from '../../src/domain/scoring.js';

// ---- helpers -------------------------------------------------------------------------

const outline: CourseOutline = { lessonIds: ['l1', 'l2', 'l3'], preTestId: 'pre', postTestId: 'post' };
const lessonsOnly: CourseOutline = { lessonIds: ['l1', 'l2'] };

/** Minute `m` of one study day, as the ISO string the app writes. */
const t = (m: number) => new Date(Date.UTC(2026, 10, 28, 8, m)).toISOString();

let counter = 0;
const nextId = () => `e${String(++counter).padStart(4, '0')}`;

function ev(type: string, at: string, data: Record<string, unknown>, extra: Partial<FoldEvent> = {}): FoldEvent {
  return { id: nextId(), type, courseVersion: 1, at, data, ...extra };
}

const opened = (lessonId: string, at: string, extra?: Partial<FoldEvent>) => ev('lesson.opened', at, { lessonId }, extra);
const position = (lessonId: string, pos: number, at: string, extra?: Partial<FoldEvent>) =>
  ev('lesson.position', at, { lessonId, position: pos }, extra);
const completed = (lessonId: string, at: string, extra?: Partial<FoldEvent>) => ev('lesson.completed', at, { lessonId }, extra);
const studied = (lessonId: string, seconds: number, at: string, extra?: Partial<FoldEvent>) =>
  ev('study.time', at, { lessonId, seconds }, extra);

const graded = (score: number, passingScore = 70): QuizResult => ({
  score,
  points: score / 10,
  questions: 10,
  passed: score >= passingScore,
});

function submitted(quizId: string, attemptId: string, at: string, result: QuizResult | null = null, extra?: Partial<FoldEvent>) {
  return ev('quiz.submitted', at, { quizId, attemptId, responses: {}, startedAt: at }, { result, ...extra });
}

const allLessonsDone = (o: CourseOutline, minute = 1) => o.lessonIds.map((id, i) => completed(id, t(minute + i)));

// ---- examples ------------------------------------------------------------------------

describe('foldProgress', () => {
  it('gives empty progress for no events', () => {
    const p = foldProgress(outline, []);
    expect(p).toMatchObject({
      started: false,
      lessonsDone: {},
      lessonsTotal: 3,
      resume: null,
      attempts: {},
      preTest: null,
      postTest: null,
      postTestPending: false,
      studySeconds: 0,
      complete: false,
      completedAt: null,
      surveyDone: false,
    });
  });

  describe('lessons done', () => {
    it('records each completed lesson with the time of its first completion', () => {
      const p = foldProgress(outline, [completed('l2', t(9)), completed('l1', t(5)), completed('l2', t(3))]);
      expect(p.lessonsDone).toEqual({ l1: t(5), l2: t(3) });
      expect(p.lessonsTotal).toBe(3);
    });

    it('ignores lessons the course does not have', () => {
      const p = foldProgress(outline, [completed('gone', t(1)), completed('l1', t(2))]);
      expect(p.lessonsDone).toEqual({ l1: t(2) });
      expect(Object.keys(p.lessonsDone)).not.toContain('gone');
    });
  });

  describe('resume point', () => {
    it('is the newest opened/position event by `at`, not by arrival order', () => {
      const p = foldProgress(outline, [position('l3', 0.4, t(10)), opened('l1', t(2)), position('l2', 0.7, t(5))]);
      expect(p.resume).toEqual({ lessonId: 'l3', position: 0.4, at: t(10) });
    });

    it('breaks a tie on `at` by event id', () => {
      const a = opened('l1', t(4), { id: 'aaa' });
      const b = opened('l2', t(4), { id: 'bbb' });
      expect(foldProgress(outline, [a, b]).resume?.lessonId).toBe('l2');
      expect(foldProgress(outline, [b, a]).resume?.lessonId).toBe('l2');
    });

    it('keeps the last position of a lesson when the learner reopens it', () => {
      const events = [position('l1', 0.2, t(1)), position('l1', 0.6, t(2)), opened('l2', t(3)), opened('l1', t(4))];
      expect(foldProgress(outline, events).resume).toEqual({ lessonId: 'l1', position: 0.6, at: t(4) });
    });

    it('takes the newest position of the lesson even when an older one arrives last', () => {
      const events = [position('l1', 0.9, t(8)), position('l1', 0.1, t(2))];
      expect(foldProgress(outline, events).resume).toEqual({ lessonId: 'l1', position: 0.9, at: t(8) });
    });

    it('starts an opened lesson without a position at 0', () => {
      expect(foldProgress(outline, [opened('l2', t(1))]).resume).toEqual({ lessonId: 'l2', position: 0, at: t(1) });
    });

    it('ignores lessons the course does not have', () => {
      const p = foldProgress(outline, [position('l1', 0.5, t(1)), opened('gone', t(5)), position('gone', 0.8, t(6))]);
      expect(p.resume).toEqual({ lessonId: 'l1', position: 0.5, at: t(1) });
      expect(foldProgress(outline, [opened('gone', t(5))]).resume).toBeNull();
    });
  });

  describe('pre-test', () => {
    it('counts the first attempt by `at`, whatever its score and arrival order', () => {
      const later = submitted('pre', 'a-later', t(9), graded(90));
      const first = submitted('pre', 'a-first', t(2), graded(30));
      const p = foldProgress(outline, [later, first]);
      expect(p.preTest).toMatchObject({ attemptId: 'a-first', eventId: first.id, at: t(2), result: graded(30) });
      expect(p.attempts.pre?.map((a) => a.attemptId)).toEqual(['a-first', 'a-later']);
    });

    it('breaks a tie on `at` by event id', () => {
      const x = submitted('pre', 'ax', t(3), graded(40), { id: 'zzz' });
      const y = submitted('pre', 'ay', t(3), graded(80), { id: 'aaa' });
      expect(foldProgress(outline, [x, y]).preTest?.attemptId).toBe('ay');
      expect(foldProgress(outline, [y, x]).preTest?.attemptId).toBe('ay');
    });

    it('is taken but not yet graded while its result is unknown', () => {
      const p = foldProgress(outline, [submitted('pre', 'a1', t(1))]);
      expect(p.preTest).toMatchObject({ attemptId: 'a1', result: null });
    });
  });

  describe('post-test', () => {
    it('counts the best graded attempt, not the first or the last', () => {
      const events = [
        submitted('post', 'p1', t(1), graded(50)),
        submitted('post', 'p2', t(2), graded(90)),
        submitted('post', 'p3', t(3), graded(70)),
      ];
      const p = foldProgress(outline, events);
      expect(p.postTest).toMatchObject({ attemptId: 'p2', result: graded(90) });
      expect(p.postTestPending).toBe(false);
    });

    it('ignores ungraded attempts for the score and says one is pending', () => {
      const events = [submitted('post', 'p1', t(1), graded(60)), submitted('post', 'p2', t(2))];
      const p = foldProgress(outline, events);
      expect(p.postTest?.attemptId).toBe('p1');
      expect(p.postTestPending).toBe(true);
      expect(foldProgress(outline, [submitted('post', 'p9', t(1))]).postTest).toBeNull();
    });

    it('uses the graded copy of an event that also arrives ungraded, in either order', () => {
      const ungraded = submitted('post', 'p1', t(1), null, { id: 'same' });
      const withResult = { ...ungraded, result: graded(80) };
      for (const events of [
        [ungraded, withResult],
        [withResult, ungraded],
      ]) {
        const p = foldProgress(outline, events);
        expect(p.postTest?.result).toEqual(graded(80));
        expect(p.postTestPending).toBe(false);
        expect(p.attempts.post).toHaveLength(1);
      }
    });
  });

  it('counts one attempt sent under two event ids once', () => {
    const a = submitted('post', 'attempt-1', t(5), graded(80), { id: 'ev-a' });
    const b = submitted('post', 'attempt-1', t(5), graded(80), { id: 'ev-b' });
    for (const events of [
      [a, b],
      [b, a],
    ]) {
      const p = foldProgress(outline, events);
      expect(p.attempts.post).toHaveLength(1);
      expect(p.attempts.post?.[0]?.eventId).toBe('ev-a');
    }
  });

  it('keeps attempts of different quizzes apart even with the same attempt id', () => {
    const p = foldProgress(outline, [submitted('pre', 'x', t(1), graded(20)), submitted('post', 'x', t(2), graded(90))]);
    expect(p.preTest?.result?.score).toBe(20);
    expect(p.postTest?.result?.score).toBe(90);
  });

  describe('completion', () => {
    it('needs every lesson and a passed post-test', () => {
      const lessons = allLessonsDone(outline);
      const pass = submitted('post', 'p1', t(20), graded(80));
      expect(foldProgress(outline, lessons).complete).toBe(false);
      expect(foldProgress(outline, [...lessons.slice(1), pass]).complete).toBe(false);
      const p = foldProgress(outline, [...lessons, pass]);
      expect(p.complete).toBe(true);
      expect(p.completedAt).toBe(t(20));
    });

    it('is not complete with a failed or an ungraded post-test', () => {
      const lessons = allLessonsDone(outline);
      expect(foldProgress(outline, [...lessons, submitted('post', 'p1', t(20), graded(60))]).complete).toBe(false);
      const p = foldProgress(outline, [...lessons, submitted('post', 'p2', t(21))]);
      expect(p.complete).toBe(false);
      expect(p.completedAt).toBeNull();
    });

    it('needs only the lessons when the course has no post-test', () => {
      expect(foldProgress(lessonsOnly, [completed('l1', t(1))]).complete).toBe(false);
      const p = foldProgress(lessonsOnly, [completed('l2', t(7)), completed('l1', t(3))]);
      expect(p.complete).toBe(true);
      expect(p.completedAt).toBe(t(7));
    });

    it('is completed when the last lesson is done, if the post-test was passed earlier', () => {
      const events = [completed('l1', t(1)), completed('l2', t(2)), submitted('post', 'p1', t(5), graded(75)), completed('l3', t(30))];
      expect(foldProgress(outline, events).completedAt).toBe(t(30));
    });

    it('dates completion by the first passing attempt, not the best one', () => {
      const events = [
        ...allLessonsDone(outline),
        submitted('post', 'p1', t(10), graded(50)),
        submitted('post', 'p2', t(20), graded(75)),
        submitted('post', 'p3', t(40), graded(100)),
      ];
      const p = foldProgress(outline, events);
      expect(p.postTest?.attemptId).toBe('p3');
      expect(p.completedAt).toBe(t(20));
    });

    it('does not let a completed unknown lesson stand in for a missing one', () => {
      const events = [completed('l1', t(1)), completed('gone', t(2))];
      expect(foldProgress(lessonsOnly, events).complete).toBe(false);
    });
  });

  describe('study time', () => {
    it('sums distinct study.time events', () => {
      const a = studied('l1', 120, t(1));
      const b = studied('l2', 45, t(2));
      const p = foldProgress(outline, [a, b, a, { ...a }, b]);
      expect(p.studySeconds).toBe(165);
    });

    it('counts two separate sessions of the same length twice', () => {
      expect(foldProgress(outline, [studied('l1', 60, t(1)), studied('l1', 60, t(1))]).studySeconds).toBe(120);
    });

    it('counts at most 16 hours a calendar day in Jakarta, however many hours were claimed', () => {
      const claims = Array.from({ length: 500 }, () => studied('l1', 3600, t(1)));
      expect(foldProgress(outline, claims).studySeconds).toBe(16 * 3600);
    });

    it('draws the day line at midnight in Jakarta (17:00 UTC), not in UTC', () => {
      // 16:30 UTC and 17:30 UTC are two days in Jakarta, though one day in UTC.
      const evening = Array.from({ length: 10 }, () => studied('l1', 3600, '2026-11-28T16:30:00.000Z'));
      const night = Array.from({ length: 10 }, () => studied('l1', 3600, '2026-11-28T17:30:00.000Z'));
      expect(foldProgress(outline, [...evening, ...night]).studySeconds).toBe(2 * 10 * 3600);
      expect(foldProgress(outline, [...evening, ...evening.map((e) => ({ ...e, id: `${e.id}b` }))]).studySeconds).toBe(16 * 3600);
    });
  });

  describe('started', () => {
    it('is true once any event of the course is stored', () => {
      expect(foldProgress(outline, []).started).toBe(false);
      expect(foldProgress(outline, [ev('survey.submitted', t(1), { surveyId: 's', answers: {} })]).started).toBe(true);
      expect(foldProgress(outline, [opened('l1', t(1))]).started).toBe(true);
    });
  });

  it('notes a submitted survey', () => {
    expect(foldProgress(outline, [ev('survey.submitted', t(1), { surveyId: 's', answers: { q1: 4 } })]).surveyDone).toBe(true);
  });
});

// ---- property: a fold over a set -----------------------------------------------------

const LESSONS = ['l1', 'l2', 'l3', 'gone'];
const QUIZZES = ['pre', 'post', 'practice'];

const resultArb = fc.option(
  fc.integer({ min: 0, max: 10 }).map((points) => graded(points * 10)),
  { nil: null },
);

/** One event without its id; ids are assigned afterwards so they are unique. */
const eventBodyArb = fc.record({
  minute: fc.integer({ min: 0, max: 15 }), // few distinct times, so ties happen
  kind: fc.oneof(
    fc.record({ type: fc.constant('lesson.opened'), lessonId: fc.constantFrom(...LESSONS) }),
    fc.record({
      type: fc.constant('lesson.position'),
      lessonId: fc.constantFrom(...LESSONS),
      position: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    }),
    fc.record({ type: fc.constant('lesson.completed'), lessonId: fc.constantFrom(...LESSONS) }),
    fc.record({ type: fc.constant('study.time'), lessonId: fc.constantFrom(...LESSONS), seconds: fc.integer({ min: 1, max: 3600 }) }),
    fc.record({
      type: fc.constant('quiz.submitted'),
      quizId: fc.constantFrom(...QUIZZES),
      attemptId: fc.constantFrom('a1', 'a2', 'a3', 'a4'), // shared ids: one attempt under several event ids
      result: resultArb,
    }),
    fc.record({ type: fc.constant('survey.submitted'), surveyId: fc.constant('s') }),
  ),
});

function toEvent(body: { minute: number; kind: Record<string, unknown> }, index: number): FoldEvent {
  const { type, result, ...data } = body.kind as { type: string; result?: QuizResult | null };
  const event: FoldEvent = { id: `ev-${String(index).padStart(3, '0')}`, type, courseVersion: 1, at: t(body.minute), data };
  if (type === 'quiz.submitted') event.result = result ?? null;
  return event;
}

/** The events, a random choice of copies (some without the server's result), all shuffled. */
const scenarioArb = fc
  .array(eventBodyArb, { maxLength: 40 })
  .map((bodies) => bodies.map(toEvent))
  .chain((events) =>
    fc.array(fc.record({ pick: fc.nat(), stripResult: fc.boolean() }), { maxLength: events.length === 0 ? 0 : 30 }).map((copies) => {
      const dups = copies.map(({ pick, stripResult }) => {
        const original = events[pick % events.length]!;
        return stripResult && original.type === 'quiz.submitted' ? { ...original, result: null } : { ...original };
      });
      return { events, all: [...events, ...dups] };
    }),
  )
  .chain(({ events, all }) =>
    fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }).map((mixed) => ({ events, mixed })),
  );

describe('foldProgress as a fold over a set', () => {
  it('gives the same progress whatever the order and however often an event repeats', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(outline, lessonsOnly), ({ events, mixed }, course) => {
        expect(foldProgress(course, mixed)).toStrictEqual(foldProgress(course, events));
      }),
      { numRuns: 300 },
    );
  });
});

describe('outlineOf', () => {
  const quiz = (id: string) => ({ id, title: id, feedback: 'immediate' as const, passingScore: 70, questions: [] });
  const lesson = (id: string) => ({ id, title: id, minutes: 5, html: '', assets: [] });

  it('lists the lessons in course order and names the two tests', () => {
    const modules = [
      { id: 'm1', title: 'M1', lessons: [lesson('a'), lesson('b')] },
      { id: 'm2', title: 'M2', lessons: [lesson('c')] },
    ];
    expect(outlineOf({ modules, preTest: quiz('pre'), postTest: quiz('post') })).toStrictEqual({
      lessonIds: ['a', 'b', 'c'],
      preTestId: 'pre',
      postTestId: 'post',
    });
  });

  it('leaves out a test the course does not have, rather than naming it undefined', () => {
    expect(outlineOf({ modules: [{ id: 'm1', title: 'M1', lessons: [lesson('a')] }] })).toStrictEqual({ lessonIds: ['a'] });
  });
});
