// "Tambah ke kalender": the .ics file a calendar app imports, read back the way RFC 5545 says
// a reader must (unfold, split at the first colon, unescape).
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, icsFileName, icsTime, sessionIcs } from '../../src/app/sessions/ics.js';
import type { Session } from '../../src/domain/api/sessions.js';

const session = (over: Partial<Session> = {}): Session => ({
  id: 'sess_7Kx2',
  courseId: 'orientasi-pppk',
  title: 'Pertemuan 1: Etika ASN',
  mode: 'hybrid',
  startsAt: '2026-12-01T01:00:00.000Z',
  endsAt: '2026-12-01T05:00:00.000Z',
  place: 'Aula BKPSDM, Lt. 2; Gedung B',
  meetingUrl: 'https://meet.example.go.id/abc-defg-hij?pwd=x,y;z',
  unit: null,
  cancelledAt: null,
  updatedAt: '2026-11-20T03:04:05.000Z',
  ...over,
});

const octets = (line: string) => new TextEncoder().encode(line).length;

/** Unfolds (CRLF followed by one space) and maps each property to its raw value. */
function read(ics: string): Map<string, string> {
  const lines = ics.replace(/\r\n /g, '').split('\r\n');
  const props = new Map<string, string>();
  for (const line of lines.filter((l) => l)) {
    const at = line.indexOf(':');
    props.set(line.slice(0, at), line.slice(at + 1));
  }
  return props;
}

const unescapeText = (value: string) => value.replace(/\\(.)/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

describe('the session calendar file', () => {
  const input = { session: session(), courseTitle: 'Orientasi PPPK', modeLabel: 'Hybrid', host: 'sinau.example.go.id' };

  it('ends every line with CRLF and keeps every line within 75 octets', () => {
    const ics = sessionIcs({ ...input, session: session({ title: `Rapat ${'panjang sekali, '.repeat(12)}` }) });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n').slice(0, -1);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    // The long title really was folded, and unfolds to what was escaped.
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(unescapeText(read(ics).get('SUMMARY')!)).toBe(`Rapat ${'panjang sekali, '.repeat(12)}`);
  });

  it('holds one event with the times in UTC, its place, link and the course', () => {
    const now = new Date('2026-11-29T10:11:12.345Z');
    const props = read(sessionIcs({ ...input, now }));
    expect(props.get('BEGIN')).toBe('VEVENT'); // the last BEGIN read
    expect(props.get('VERSION')).toBe('2.0');
    expect(props.get('PRODID')).toBeTruthy();
    expect(props.get('UID')).toBe('sesi-sess_7Kx2@sinau.example.go.id');
    expect(props.get('DTSTAMP')).toBe('20261129T101112Z');
    expect(props.get('DTSTART')).toBe('20261201T010000Z');
    expect(props.get('DTEND')).toBe('20261201T050000Z');
    expect(unescapeText(props.get('SUMMARY')!)).toBe('Pertemuan 1: Etika ASN');
    expect(props.get('LOCATION')).toBe('Aula BKPSDM\\, Lt. 2\\; Gedung B');
    // A URI is not TEXT: its commas and semicolons stay as they are.
    expect(props.get('URL')).toBe('https://meet.example.go.id/abc-defg-hij?pwd=x,y;z');
    expect(unescapeText(props.get('DESCRIPTION')!)).toBe('Orientasi PPPK\nHybrid\nhttps://meet.example.go.id/abc-defg-hij?pwd=x,y;z');
    expect(props.get('STATUS')).toBe('CONFIRMED');
  });

  it('keeps the UID of the session and raises SEQUENCE when the admin changes it, and marks a cancelled one', () => {
    const before = read(sessionIcs(input));
    const changed = session({
      startsAt: '2026-12-01T02:00:00.000Z',
      cancelledAt: '2026-11-28T00:00:00.000Z',
      updatedAt: '2026-11-28T00:00:00.000Z',
    });
    const after = read(sessionIcs({ ...input, session: changed }));
    expect(after.get('UID')).toBe(before.get('UID'));
    expect(Number(after.get('SEQUENCE'))).toBeGreaterThan(Number(before.get('SEQUENCE')));
    expect(after.get('STATUS')).toBe('CANCELLED');
    expect(after.get('DTSTART')).toBe('20261201T020000Z');
    expect(read(sessionIcs({ ...input, session: session({ id: 'other' }) })).get('UID')).not.toBe(before.get('UID'));
  });

  it('leaves out a place or link the session does not have', () => {
    const props = read(sessionIcs({ ...input, session: session({ place: null, meetingUrl: null }) }));
    expect(props.has('LOCATION')).toBe(false);
    expect(props.has('URL')).toBe(false);
    expect(unescapeText(props.get('DESCRIPTION')!)).toBe('Orientasi PPPK\nHybrid');
  });
});

describe('text and lines of iCalendar', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    expect(unescapeText(escapeText('Ruang 1, lt. 2; "Aula"\\B\nbaris'))).toBe('Ruang 1, lt. 2; "Aula"\\B\nbaris');
  });

  it('folds at 75 octets without splitting a multi-byte letter', () => {
    const line = `SUMMARY:${'é'.repeat(60)}😀${'x'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    expect(octets(parts[0]!)).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) {
      expect(part.startsWith(' ')).toBe(true);
      expect(octets(part)).toBeLessThanOrEqual(75);
    }
    // Each part is whole UTF-8: nothing became a replacement character.
    expect(folded).not.toContain('\uFFFD');
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('writes times in UTC basic format and names the file by the day in Jakarta', () => {
    expect(icsTime('2026-12-01T08:30:00+07:00')).toBe('20261201T013000Z');
    // 06:00 on 2 December in Jakarta is still 1 December in UTC.
    expect(icsFileName(session({ startsAt: '2026-12-01T23:00:00.000Z', title: 'Pertemuan 1: Etika ASN!' }))).toBe(
      'sesi-2026-12-02-pertemuan-1-etika-asn.ics',
    );
  });
});
