// The byte-range arithmetic the media route and the service worker share, against a model as
// plain as RFC 9110 says it: a single `bytes=` range, clamped to the file, or the whole file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunksOf, contentRange, MEDIA_CHUNK_BYTES, parseRange } from '../../src/domain/media.js';

/** The model: which bytes of `size` the header asks for, as a list of byte positions. */
function model(first: number | undefined, last: number | undefined, size: number): number[] | 'unsatisfiable' | null {
  if (first === undefined && last === undefined) return null;
  if (first === undefined) {
    if (last === 0 || size === 0) return 'unsatisfiable';
    const from = Math.max(0, size - (last as number));
    return Array.from({ length: size - from }, (_, i) => from + i);
  }
  if (first >= size) return 'unsatisfiable';
  const to = last === undefined ? size - 1 : Math.min(last, size - 1);
  if (to < first) return null;
  return Array.from({ length: to - first + 1 }, (_, i) => first + i);
}

const positions = (range: { start: number; end: number }) => Array.from({ length: range.end - range.start + 1 }, (_, i) => range.start + i);

describe('parseRange', () => {
  it('agrees with the model for every single range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        (size, first, last) => {
          const header = `bytes=${first ?? ''}-${last ?? ''}`;
          const got = parseRange(header, size);
          const want = model(first, last, size);
          if (got === null || got === 'unsatisfiable') expect(got).toBe(want);
          else {
            expect(positions(got)).toEqual(want);
            expect(got.end).toBeLessThan(size);
          }
        },
      ),
    );
  });

  it('answers the whole file to what it does not serve', () => {
    for (const header of [undefined, '', 'bytes=x', 'bytes=0-1,4-5', 'items=0-1', 'bytes=-', 'bytes=5-2', 'bytes 0-1'])
      expect(parseRange(header, 100)).toBeNull();
  });

  it('takes the usual requests of players', () => {
    expect(parseRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=0-1', 1000)).toEqual({ start: 0, end: 1 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=990-2000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });
});

describe('contentRange', () => {
  it('names the range and the size, or only the size when unsatisfiable', () => {
    expect(contentRange({ start: 0, end: 9 }, 100)).toBe('bytes 0-9/100');
    expect(contentRange('unsatisfiable', 100)).toBe('bytes */100');
  });
});

describe('chunksOf', () => {
  it('covers every byte from `from` once, in order, in chunks of at most the chunk size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 700 }),
        (size, from, chunk) => {
          const ranges = chunksOf(size, from, chunk);
          const covered = ranges.flatMap(positions);
          expect(covered).toEqual(Array.from({ length: Math.max(0, size - from) }, (_, i) => from + i));
          for (const r of ranges) expect(r.end - r.start + 1).toBeLessThanOrEqual(chunk);
          // Only the last may be short.
          for (const r of ranges.slice(0, -1)) expect(r.end - r.start + 1).toBe(chunk);
        },
      ),
    );
  });

  it('downloads in MiB by default', () => {
    expect(chunksOf(2.5 * MEDIA_CHUNK_BYTES)).toEqual([
      { start: 0, end: MEDIA_CHUNK_BYTES - 1 },
      { start: MEDIA_CHUNK_BYTES, end: 2 * MEDIA_CHUNK_BYTES - 1 },
      { start: 2 * MEDIA_CHUNK_BYTES, end: 2.5 * MEDIA_CHUNK_BYTES - 1 },
    ]);
  });
});
