// Text as Sinau takes and shows it. Every string it accepts is well-formed Unicode without
// NUL: PostgreSQL cannot store U+0000 in text at all (the insert fails and takes its whole
// batch with it), and SQLite stores a lone surrogate as bytes that are not UTF-8, which later
// readers choke on. Text people typed is also cleaned before it is shown to someone else,
// since rows stored before the server refused such characters may still hold them.

// A lone half of a surrogate pair: no character at all, and invalid in UTF-8 output.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A NUL, or a UTF-16 surrogate without its partner. */
const MALFORMED = new RegExp(`\\u0000|${LONE_SURROGATE.source}`);

export const isWellFormedText = (s: string): boolean => !MALFORMED.test(s);

// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder whatever follows
// them: in a report, a comment could make the next column or line read backwards. The marks
// U+200E/U+200F only affect neutral characters and are left alone.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text without NUL and bidi embedding/override/isolate controls, with each lone surrogate
 * replaced by U+FFFD, so that what remains is well-formed and reads in the order it was typed.
 */
export function cleanText(text: string): string {
  // Surrogates first: removing a NUL between two halves must not pair them up.
  return text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\0', '').replace(BIDI_CONTROL, '');
}

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
