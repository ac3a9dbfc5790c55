// Question text from a bank as the plain text a quiz holds: the app shows prompts, options and
// explanations as text, never as HTML, so markup is taken out here rather than escaped there.

export type TextFormat = 'moodle' | 'html' | 'plain' | 'markdown';

const FORMATS = new Set<string>(['moodle', 'html', 'plain', 'markdown']);

/** A leading `[html]`, `[moodle]`, `[plain]` or `[markdown]` marker, and the text after it. */
export function withFormat(text: string, fallback: TextFormat): { format: TextFormat; text: string } {
  const marker = /^\[([a-z]+)\]/.exec(text);
  if (marker && FORMATS.has(marker[1]!)) return { format: marker[1] as TextFormat, text: text.slice(marker[0].length) };
  return { format: fallback, text };
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  deg: '°',
  times: '×',
  divide: '÷',
  plusmn: '±',
  le: '≤',
  ge: '≥',
  ne: '≠',
  middot: '·',
  bull: '•',
  copy: '©',
  reg: '®',
  euro: '€',
  shy: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    // Not a character, or a control one: leave the reference as written rather than invent one.
    return code > 0x1f && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

// Elements that end a line when shown; every other tag just disappears.
const BREAKING = /<\/?(?:br|p|div|li|ul|ol|tr|table|h[1-6]|pre|blockquote)\b[^>]*>/gi;
const TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->/gi;

export interface PlainText {
  text: string;
  /** How many images the markup had: text cannot carry them, so the reader is told. */
  images: number;
}

/** The text a learner reads: HTML (Moodle's own format allows it too) without tags and with entities decoded. */
export function plainText(text: string, format: TextFormat): PlainText {
  let images = 0;
  let out = text;
  if (format === 'html' || format === 'moodle') {
    images = (out.match(/<img\b/gi) ?? []).length;
    // In HTML a line break in the source is a space; Moodle's own format shows it as a break.
    if (format === 'html') out = out.replace(/\s*\n\s*/g, ' ');
    out = out
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(BREAKING, '\n')
      .replace(TAG, '');
    out = decodeEntities(out);
  }
  return { text: tidy(out), images };
}

/** Spaces collapsed within lines, lines trimmed, at most one empty line in a row. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
