// What of a video or audio lesson has actually been played (DESIGN.md §15): the lesson
// completes at 90 % of its duration played, not skipped over. Playback reports its time in
// small steps; a jump (a seek, or a gap the clock cannot explain) adds nothing.

/** A stretch of media time played, in seconds, start before end. */
export type Span = readonly [start: number, end: number];

/** The share of the duration that must have been played for the lesson to complete. */
export const PLAYED_TO_COMPLETE = 0.9;

/** The spans sorted, with overlapping or touching ones joined and empty ones dropped. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * `played` with the step from one reported time to the next, if it was playback: forward,
 * and no longer than `maxStep` seconds. Anything else (a seek either way, a stall) is left out.
 */
export function addStep(played: readonly Span[], from: number, to: number, maxStep: number): Span[] {
  const step = to - from;
  if (!(step > 0 && step <= maxStep)) return [...played];
  return mergeSpans([...played, [from, to]]);
}

/** Seconds played, counting each second once, within [0, duration] when one is given. */
export function playedSeconds(played: readonly Span[], duration = Number.POSITIVE_INFINITY): number {
  return mergeSpans(played).reduce((n, [a, b]) => n + Math.max(0, Math.min(b, duration) - Math.max(a, 0)), 0);
}

export const playedEnough = (played: readonly Span[], duration: number): boolean =>
  duration > 0 && Number.isFinite(duration) && playedSeconds(played, duration) >= PLAYED_TO_COMPLETE * duration;
