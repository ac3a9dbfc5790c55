import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LearnerRow, Report } from '../../src/domain/report.js';
import { csvCell, toCsv } from '../../src/server/services/csv.js';
import { reportCsv } from '../../src/server/services/report.js';

describe('a CSV cell', () => {
  it('keeps a spreadsheet from running a cell that starts like a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('-1+HYPERLINK("x")')).toBe(`"'-1+HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+6281234')).toBe('+6281234'); // a plain number, even with its sign
    expect(csvCell('+1 ')).toBe(`"'+1 "`);
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('-')).toBe("'-");
  });

  it('leaves plain numbers as numbers', () => {
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell('+1')).toBe('+1');
    expect(csvCell('3.5')).toBe('3.5');
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell('-0,5')).toBe('"-0,5"'); // quoted for its comma, not prefixed
    expect(csvCell(0)).toBe('0');
  });

  it('quotes what would break the row, and writes booleans and blanks in Indonesian', () => {
    expect(csvCell('Wulandari, Sari')).toBe('"Wulandari, Sari"');
    expect(csvCell('kata "baik"')).toBe('"kata ""baik"""');
    expect(csvCell('baris satu\nbaris dua')).toBe('"baris satu\nbaris dua"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell(' spasi')).toBe('" spasi"');
    expect(csvCell(true)).toBe('ya');
    expect(csvCell(false)).toBe('tidak');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes a whole file with a BOM and CRLF that parses back to the same text', () => {
    const file = toCsv(
      ['nip', 'name'],
      [
        ['19920315 202521 2 001', 'Sari\r\n"Ibu" Wulandari'],
        ['x', '=1+1'],
      ],
    );
    expect(file.startsWith('\uFEFFnip,name\r\n')).toBe(true);
    expect(file.endsWith('\r\n')).toBe(true);
    expect(parse(file.slice(1), { columns: true })).toEqual([
      { nip: '19920315 202521 2 001', name: 'Sari\r\n"Ibu" Wulandari' },
      { nip: 'x', name: "'=1+1" },
    ]);
  });
});

describe('the report CSV', () => {
  const row = (fields: Partial<LearnerRow>): LearnerRow => ({
    nip: '199203152025212001',
    name: 'Sari',
    unit: 'Dinas Pendidikan',
    position: 'Guru',
    started: true,
    lessonsDone: 3,
    lessonsTotal: 10,
    pre: 40,
    post: null,
    gain: null,
    completedAt: null,
    jp: 0,
    studySeconds: 0,
    ...fields,
  });
  const report = (learners: LearnerRow[]) => ({ learners }) as unknown as Report;

  it('follows the one CSV rule: number-shaped formulas are text, negative gains stay numbers', () => {
    const csv = reportCsv(
      report([
        row({ name: '-1+HYPERLINK("http://x")', unit: '-1+1', position: '+1' }),
        row({ nip: '199507202025211002', name: 'Agus', gain: -0.25, post: 30 }),
      ]),
    );
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe(`19920315 202521 2 001,"'-1+HYPERLINK(""http://x"")",'-1+1,+1,ya,3/10,40,,,,0`);
    expect(lines[2]).toBe('19950720 202521 1 002,Agus,Dinas Pendidikan,Guru,ya,3/10,40,30,-0.25,,0');
  });

  it('keeps its bytes: BOM, CRLF and the Indonesian header', () => {
    const csv = reportCsv(report([row({ completedAt: '2026-11-28T08:00:00.000Z', jp: 10 })]));
    expect(csv).toBe(
      '\uFEFFNIP,Nama,Unit kerja,Jabatan,Mulai,Pelajaran selesai,Pre-test,Post-test,Gain (g),Selesai pada,JP\r\n' +
        '19920315 202521 2 001,Sari,Dinas Pendidikan,Guru,ya,3/10,40,,,2026-11-28T08:00:00.000Z,10\r\n',
    );
  });
});
