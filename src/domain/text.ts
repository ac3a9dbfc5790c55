// Text that people typed on a phone, cleaned before it is shown to someone else. Rows stored
// before the server refused such characters may still hold them.

// A lone half of a surrogate pair: no character at all, and invalid in UTF-8 output.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

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
