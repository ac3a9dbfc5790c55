// Every string Sinau accepts is well-formed Unicode without NUL. PostgreSQL cannot store
// U+0000 in text at all (the insert fails and takes its whole batch with it), and SQLite
// stores a lone surrogate as bytes that are not UTF-8, which later readers choke on.

/** A NUL, or a UTF-16 surrogate without its partner. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const MALFORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (s: string): boolean => !MALFORMED.test(s);

/**
 * The path of the first string (key or value) in a JSON-like value that is not
 * well-formed, or null when there is none. `skip` names top-level keys to leave out.
 */
export function malformedTextPath(value: unknown, skip: ReadonlySet<string> = new Set(), path = ''): string | null {
  if (typeof value === 'string') return isWellFormedText(value) ? null : path || '/';
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = malformedTextPath(item, undefined, `${path}/${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (path === '' && skip.has(key)) continue;
      if (!isWellFormedText(key)) return `${path}/${key.replace(MALFORMED, '?')}`;
      const found = malformedTextPath(item, undefined, `${path}/${key}`);
      if (found) return found;
    }
  }
  return null;
}
