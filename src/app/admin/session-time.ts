// A session's times as the agency writes them: a day and HH:MM in Asia/Jakarta (WIB, UTC+7
// all year), whatever zone the office PC or the facilitator's laptop is set to. The server
// takes and gives ISO 8601.
import type { Session } from '../../domain/api/sessions.js';
import { jakartaIso } from '../../domain/jakarta.js';

/** The day (yyyy-mm-dd) and time (HH:MM) of a moment in Jakarta. */
export const jakartaParts = (at: string | number) => {
  const text = jakartaIso(at);
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
};

/** "08:00" or "8.00" (as Indonesians also write it) as HH:MM; undefined when it is no time of day. */
export function parseTime(text: string): string | undefined {
  const m = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
}

/** "123 456": two groups of three read aloud more easily in a room or a call. */
export const groupCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** Upcoming and running sessions first (soonest first), then past ones (latest first); cancelled ones keep their place. */
export function upcomingFirst(sessions: Session[], now: number): Session[] {
  const ended = (s: Session) => Date.parse(s.endsAt) < now;
  return [...sessions].sort((a, b) => {
    if (ended(a) !== ended(b)) return ended(a) ? 1 : -1;
    const order = Date.parse(a.startsAt) - Date.parse(b.startsAt);
    return ended(a) ? -order : order;
  });
}
