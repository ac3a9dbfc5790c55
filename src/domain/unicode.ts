// Every string Sinau accepts is well-formed Unicode without NUL. PostgreSQL cannot store
// U+0000 in text at all (the insert fails and takes its whole batch with it), and SQLite
// stores a lone surrogate as bytes that are not UTF-8, which later readers choke on.

/** A NUL, or a UTF-16 surrogate without its partner. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const MALFORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (s: string): boolean => !MALFORMED.test(s);

/**
 * The path of a string (key or value) in a JSON-like value that is not
 * well-formed, or null when there is none. `skip` names top-level keys to leave out.
 * The walk keeps its own stack: a body nested thousands deep must not exhaust the call stack.
 */
export function malformedTextPath(value: unknown, skip: ReadonlySet<string> = new Set()): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (!isWellFormedText(item)) return path || '/';
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${path}/${i}`]);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (path === '' && item === value && skip.has(key)) continue;
        if (!isWellFormedText(key)) return `${path}/${key.replace(MALFORMED, '?')}`;
        stack.push([child, `${path}/${key}`]);
      }
    }
  }
  return null;
}
