// The one mapping between a learner's summary and their `progress` row: what the keeper
// writes, the report reads back unchanged.
import { describe, expect, it } from 'vitest';
import { notStarted, type ProgressSummary } from '../../src/domain/report.js';
import { REFOLDED_COLUMNS, rowOf, SUMMARY_COLUMNS, type SummaryRow, summaryOf } from '../../src/server/db/progress-table.js';

const fold = { userId: 'u1', courseId: 'orientasi-pppk', courseVersion: 2, foldedSeq: 50 };
const now = Date.parse('2026-11-05T00:00:00Z');

const summaryRow = (row: ReturnType<typeof rowOf>) =>
  Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, row[c] ?? null])) as unknown as SummaryRow;

describe('a progress row', () => {
  it('reads back the summary it was written from', () => {
    const complete: ProgressSummary = {
      startedAt: Date.parse('2026-11-02T01:00:00Z'),
      lessonsDone: 16,
      lessonsTotal: 16,
      pre: 40,
      post: 90,
      postAttempts: 2,
      postPassed: true,
      complete: true,
      completedAt: '2026-11-03T04:05:06.007Z',
      studySeconds: 9600,
      survey: { useful: 5, note: 'Bagus' },
    };
    const partial: ProgressSummary = { ...notStarted(16), startedAt: Date.parse('2026-11-02T01:00:00Z'), lessonsDone: 3, pre: 100 };
    for (const s of [complete, partial]) expect(summaryOf(summaryRow(rowOf(s, fold, now)))).toEqual(s);
  });

  it('keeps the fold it came from and when it was written', () => {
    expect(rowOf(notStarted(16), fold, now)).toMatchObject({
      user_id: 'u1',
      course_id: 'orientasi-pppk',
      course_version: 2,
      folded_seq: 50,
      started_at: now,
      updated_at: now,
    });
  });

  it('is replaced by a newer fold in every column it writes but the key', () => {
    const written = Object.keys(rowOf(notStarted(16), fold, now));
    expect(REFOLDED_COLUMNS).toEqual(written.filter((c) => c !== 'user_id' && c !== 'course_id'));
    expect(REFOLDED_COLUMNS).toHaveLength(13);
  });

  it('reads epoch milliseconds and counters as numbers, whichever driver returned them', () => {
    const row = summaryRow(rowOf({ ...notStarted(16), startedAt: 1, completedAt: '2026-11-03T00:00:00.000Z', complete: true }, fold, now));
    const asText = { ...row, started_at: '1', completed_at: String(row.completed_at), study_seconds: '0' } as unknown as SummaryRow;
    expect(summaryOf(asText)).toEqual(summaryOf(row));
  });
});
