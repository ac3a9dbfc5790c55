// A session as an iCalendar file (RFC 5545) for "Tambah ke kalender": one VEVENT whose UID
// stays the same for the session, so importing it again after the admin moved or cancelled
// it updates the entry already in the calendar instead of adding a second one.
import type { Session } from '../../domain/api/sessions.js';
import { jakartaIso } from '../../domain/jakarta.js';

export interface IcsInput {
  session: Session;
  courseTitle: string;
  /** Words for the session's mode, in the learner's language ("Hybrid (…)"). */
  modeLabel: string;
  /** The app's host, so the UID is unique beyond this server: `sesi-<id>@<host>`. */
  host: string;
  now?: Date;
}

/** `20261201T010000Z`: every time in the file is UTC, so no VTIMEZONE is needed. */
export const icsTime = (iso: string | Date): string =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** TEXT values (§3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/\p{Cc}/gu, '');
}

const encoder = new TextEncoder();

/**
 * Lines longer than 75 octets are folded (§3.1): CRLF and one space, the space counting
 * toward the next line's 75. A line is cut between characters, never inside one, so a
 * multi-byte UTF-8 letter is never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** A line whose value is TEXT or URI; `null` leaves the property out. */
const property = (name: string, value: string | null, kind: 'text' | 'raw' = 'text') =>
  value === null ? [] : [`${name}:${kind === 'text' ? escapeText(value) : value.replace(/\p{Cc}/gu, '')}`];

export function sessionIcs({ session: s, courseTitle, modeLabel, host, now = new Date() }: IcsInput): string {
  const description = [courseTitle, modeLabel, ...(s.meetingUrl ? [s.meetingUrl] : [])].join('\n');
  // A later change of the session is a later revision of the same event (§3.8.7.4):
  // seconds since 2020 fit the 32-bit integer SEQUENCE is, for decades.
  const sequence = Math.max(0, Math.floor((Date.parse(s.updatedAt) - Date.UTC(2020, 0, 1)) / 1000));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Sinau//Sesi kursus//ID',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:sesi-${s.id}@${host}`,
    `DTSTAMP:${icsTime(now)}`,
    `LAST-MODIFIED:${icsTime(s.updatedAt)}`,
    `SEQUENCE:${sequence}`,
    `DTSTART:${icsTime(s.startsAt)}`,
    `DTEND:${icsTime(s.endsAt)}`,
    ...property('SUMMARY', s.title),
    ...property('LOCATION', s.place),
    ...property('URL', s.meetingUrl, 'raw'),
    ...property('DESCRIPTION', description),
    `STATUS:${s.cancelledAt ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** The file's name: the session's date in Jakarta and a short, safe form of its title. */
export function icsFileName(session: Session): string {
  const slug = session.title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 40)
    .replace(/-$/, '');
  return `sesi-${jakartaIso(session.startsAt).slice(0, 10)}${slug ? `-${slug}` : ''}.ics`;
}
