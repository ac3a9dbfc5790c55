import { describe, expect, it } from 'vitest';
import { parseNips } from '../../src/app/admin/nips.js';

const SARI = '199203152025212001';
const AGUS = '199507202025211002';
const DEWI = '199811052025212003';

describe('a pasted list of NIPs', () => {
  it('reads one per line, or several separated by commas, semicolons or spaces', () => {
    const list = parseNips(`${SARI}\n${AGUS}, ${DEWI}\r\n\n  ${SARI};${AGUS}  ${DEWI}  `);
    expect(list.nips).toEqual([SARI, AGUS, DEWI]);
    expect(list.bad).toEqual([]);
    expect(list.lineOf.get(DEWI)).toBe(2);
  });

  it('points at every entry that is not 18 digits, with its line', () => {
    const list = parseNips(`${SARI}\n123, ${AGUS}\n\n${DEWI}x 12345678901234567890 123`);
    expect(list.nips).toEqual([SARI, AGUS]);
    expect(list.bad).toEqual([
      { line: 2, text: '123' },
      { line: 4, text: `${DEWI}x` },
      { line: 4, text: '12345678901234567890' },
      { line: 4, text: '123' },
    ]);
  });

  it('reads a NIP written in its printed groups as one NIP', () => {
    expect(parseNips('19920315 202521 2 001, 19950720  202521 1 002').nips).toEqual([SARI, AGUS]);
    // Spaces elsewhere still separate entries.
    expect(parseNips('1992031520 2521 2 001').bad.map((b) => b.text)).toEqual(['1992031520', '2521', '2', '001']);
  });

  it('is empty for blank text', () => {
    expect(parseNips(' \n ,, \n')).toMatchObject({ nips: [], bad: [] });
  });
});
