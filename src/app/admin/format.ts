// Numbers and dates as the agency's written reports print them: Indonesian decimal comma, and
// dates day first (dd/mm/yyyy), whatever language the browser is set to.
import { JAKARTA_OFFSET_MS } from '../../domain/jakarta.js';

export const fmt = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '—' : x.toLocaleString('id-ID', { maximumFractionDigits: digits });

const two = (n: number) => String(n).padStart(2, '0');

/** A moment (an ISO timestamp or epoch milliseconds) as the local day, dd/mm/yyyy. */
export const formatDate = (at: string | number) => {
  const d = new Date(at);
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
};

/** A moment's day in Asia/Jakarta (UTC+7 all year), dd/mm/yyyy: the day a certificate prints. */
export const formatJakartaDate = (at: string) => {
  const d = new Date(Date.parse(at) + JAKARTA_OFFSET_MS);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};

/** An ISO day (yyyy-mm-dd), as the API takes it, written dd/mm/yyyy. */
export const isoToDisplay = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return y && m && d ? `${d}/${m}/${y}` : '';
};

/**
 * A day written dd/mm/yyyy (also d/m/yyyy, or with dots or dashes) as yyyy-mm-dd for the API;
 * undefined when it is not a day of the calendar (31/02/2026, 2026-02-01, 1/2/26).
 */
export function displayToIso(text: string): string | undefined {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${two(month)}-${two(day)}`;
}
