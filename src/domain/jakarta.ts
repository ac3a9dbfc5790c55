// The agency's days, clocks and years are Jakarta's (WIB), whatever zone a server, an office
// PC or a phone is set to. Asia/Jakarta is UTC+7 all year, with no daylight saving, so a
// fixed offset is exact and no time-zone database is needed. (The progress fold, in the app
// shell, keeps its own copy of jakartaDay: see domain/progress.ts.)

export const JAKARTA_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

const msOf = (at: string | number) => (typeof at === 'number' ? at : Date.parse(at));

/**
 * A moment (ISO text or milliseconds) as ISO text of Jakarta's wall clock: `.slice(0, 10)`
 * is its day (yyyy-mm-dd), `.slice(11, 16)` its time (HH:MM). The trailing Z is not a zone.
 */
export const jakartaIso = (at: string | number): string => new Date(msOf(at) + JAKARTA_OFFSET_MS).toISOString();

/** A moment's day in Jakarta as a number (days since 1970-01-01 there). */
export const jakartaDay = (at: string | number): number => Math.floor((msOf(at) + JAKARTA_OFFSET_MS) / DAY_MS);

/** When Jakarta's day number `day` begins, in milliseconds. */
export const jakartaDayStart = (day: number): number => day * DAY_MS - JAKARTA_OFFSET_MS;

/** When a year begins in Jakarta (17:00 UTC on the 31st of December before), in milliseconds. */
export const jakartaYearStart = (year: number): number => Date.UTC(year, 0, 1) - JAKARTA_OFFSET_MS;

/** A day (yyyy-mm-dd) and an HH:MM in Jakarta as an ISO moment. */
export const fromJakarta = (date: string, time: string): string =>
  new Date(Date.parse(`${date}T${time}:00Z`) - JAKARTA_OFFSET_MS).toISOString();
