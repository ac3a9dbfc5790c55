// Text and JSON a careless or hostile client sends, for property tests of the server:
// NUL, lone surrogates, bidi overrides, CSV and JSON punctuation, huge and negative
// numbers, long runs, and bodies that are not JSON at all.
import fc from 'fast-check';
import { isWellFormedText } from '../../src/domain/text.js';

const MALFORMED = ['\u0000', '\ud800', '\udc00'];
const AWKWARD = [
  '\u202e',
  '\u2066',
  '\u200f',
  '\ufeff',
  '"',
  "'",
  ',',
  ';',
  '\n',
  '\r\n',
  '\r',
  '\\',
  '=1+1',
  '-1+1',
  '@',
  '🔑',
  'é',
  ' ',
  '\t',
];

const pieces = (maxLength: number, from: string[]) =>
  fc.array(fc.oneof(fc.constantFrom(...from), fc.string({ maxLength: 4 })), { maxLength: Math.ceil(maxLength / 2) }).map((p) => p.join(''));

/** Any UTF-16 at all, awkward pieces and long runs more often than chance would give them. */
export const text = (maxLength = 24): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }),
    pieces(maxLength, [...MALFORMED, ...AWKWARD]),
    fc
      .tuple(fc.constantFrom('a', 'é', '🔑', '\u202e', '\u0000', ' ', '9'), fc.integer({ min: 100, max: 5000 }))
      .map(([c, n]) => c.repeat(n)),
  );

/** Text Sinau accepts (no NUL, no lone surrogate), awkward all the same. */
export const wellFormed = (maxLength: number) =>
  fc
    .oneof(fc.string({ unit: 'binary', maxLength }), pieces(maxLength, AWKWARD))
    .filter((s) => s.length <= maxLength && isWellFormedText(s));

/** A value as it arrives after a JSON round trip. */
export const toJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

/** Any JSON value, with the numbers and near-miss ids that break careless code. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  text(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -1, 0, 0.5, 5e-324, true, null, [], {}, '1', 'M1-L1', 'ORIENTASI-PPPK', 'tidak-ada'),
  fc.anything({ maxDepth: 2 }).map(toJson),
);

/** Request bodies as raw text, most of them not JSON at all. */
export const rawBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  text(60),
  fc.constantFrom(
    '{"__proto__":{"role":"admin"}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{',
    'null',
    '""',
    '{"a":1}{"b":2}',
    '\ufeff{}',
  ),
);

/** JSON nested `depth` deep, which code that recurses cannot walk; built when sent, so a failure prints short. */
export const nested = (depth: number, shape: 'array' | 'object') =>
  shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
