import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addStep, mergeSpans, PLAYED_TO_COMPLETE, playedEnough, playedSeconds, type Span } from '../../src/domain/played.js';

const span = fc
  .tuple(fc.double({ min: 0, max: 600, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true }))
  .map(([a, b]): Span => (a <= b ? [a, b] : [b, a]));
const covers = (spans: readonly Span[], t: number) => spans.some(([a, b]) => a <= t && t < b);

describe('played spans', () => {
  it('merging keeps every moment played, sorted and apart', () => {
    fc.assert(
      fc.property(fc.array(span), fc.double({ min: 0, max: 600, noNaN: true }), (spans, t) => {
        const merged = mergeSpans(spans);
        expect(covers(merged, t)).toBe(covers(spans, t));
        for (let i = 1; i < merged.length; i++) expect(merged[i]![0]).toBeGreaterThan(merged[i - 1]![1]);
        expect(mergeSpans(merged)).toEqual(merged);
      }),
    );
  });

  it('counts a second played twice once, and never more than was played or the duration', () => {
    fc.assert(
      fc.property(fc.array(span), (spans) => {
        const total = spans.reduce((n, [a, b]) => n + (b - a), 0);
        expect(playedSeconds(spans)).toBeLessThanOrEqual(total + 1e-9);
        expect(playedSeconds([...spans, ...spans])).toBeCloseTo(playedSeconds(spans), 9);
        expect(playedSeconds(spans, 100)).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('a seek, back or forward past the step allowed, never adds coverage', () => {
    fc.assert(
      fc.property(
        fc.array(span),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        (spans, from, to, maxStep) => {
          fc.pre(to <= from || to - from > maxStep);
          expect(playedSeconds(addStep(spans, from, to, maxStep))).toBe(playedSeconds(spans));
        },
      ),
    );
  });

  it('steps of playback add exactly what they cover', () => {
    let played: Span[] = [];
    for (let t = 0; t < 10; t += 0.25) played = addStep(played, t, t + 0.25, 1);
    expect(played).toEqual([[0, 10]]);
    played = addStep(played, 10, 60, 1); // a seek to 60 s
    for (let t = 60; t < 62; t += 0.5) played = addStep(played, t, t + 0.5, 1);
    expect(played).toEqual([
      [0, 10],
      [60, 62],
    ]);
    expect(playedSeconds(played)).toBe(12);
  });

  it('completes at 90 % of the duration played, not at the end reached by seeking', () => {
    expect(playedEnough([[0, 89]], 100)).toBe(false);
    expect(playedEnough([[0, 100 * PLAYED_TO_COMPLETE]], 100)).toBe(true);
    expect(
      playedEnough(
        [
          [0, 50],
          [55, 95],
        ],
        100,
      ),
    ).toBe(true);
    expect(playedEnough([[95, 100]], 100)).toBe(false);
    expect(playedEnough([[0, 10]], Number.NaN)).toBe(false);
    expect(playedEnough([[0, 10]], Number.POSITIVE_INFINITY)).toBe(false);
  });
});
