// Jakarta's days, clocks and years, the same whatever zone the machine running them is set to.
import { describe, expect, it } from 'vitest';
import { fromJakarta, jakartaDay, jakartaDayStart, jakartaIso, jakartaYearStart } from '../../src/domain/jakarta.js';

describe('Jakarta time', () => {
  it('reads a moment on the wall clock of Jakarta, seven hours ahead of UTC', () => {
    expect(jakartaIso('2026-12-31T16:59:59.000Z')).toBe('2026-12-31T23:59:59.000Z');
    expect(jakartaIso('2026-12-31T17:00:00.000Z').slice(0, 16)).toBe('2027-01-01T00:00');
    expect(jakartaIso(Date.parse('2026-11-28T01:30:00Z')).slice(11, 16)).toBe('08:30');
  });

  it('numbers days from Jakarta’s midnight, and says when each begins', () => {
    const before = jakartaDay('2026-11-28T16:59:59.999Z');
    const after = jakartaDay(Date.parse('2026-11-28T17:00:00.000Z'));
    expect(after).toBe(before + 1);
    expect(new Date(jakartaDayStart(after)).toISOString()).toBe('2026-11-28T17:00:00.000Z');
    expect(jakartaDay(jakartaDayStart(after))).toBe(after);
  });

  it('starts a year at 17:00 UTC on the 31st of December before', () => {
    expect(new Date(jakartaYearStart(2027)).toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('turns a day and an HH:MM written in Jakarta into the moment, and back', () => {
    const at = fromJakarta('2026-12-01', '08:00');
    expect(at).toBe('2026-12-01T01:00:00.000Z');
    expect(jakartaIso(at).slice(0, 16)).toBe('2026-12-01T08:00');
    expect(fromJakarta('2027-01-01', '00:30')).toBe('2026-12-31T17:30:00.000Z');
  });
});
