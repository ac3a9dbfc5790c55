// The one way Sinau writes CSV (reports, password files, attendance lists): UTF-8 with a
// BOM and CRLF, RFC 4180 quoting, so Excel and LibreOffice open it as is.

/** A whole cell that is a plain number: the only kind allowed to start with "-" or "+". */
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before
 * one) as a formula, so `-1+HYPERLINK(…)` would be live. Such a cell is written with a
 * leading apostrophe, which spreadsheets show as text; a plain number stays a number.
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'ya' : 'tidak') : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole CSV file: a header row, then one row per record. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
