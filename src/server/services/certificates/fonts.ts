// The certificate's typeface: Noto Sans (SIL Open Font License) as @fontsource ships it.
// Its WOFF2 files cannot be embedded: fontkit subsets a WOFF2 font by copying raw bytes out
// of a glyf table that WOFF2 stores transformed, and throws or writes broken glyphs. Its
// WOFF files can, but fontkit inflates a WOFF table in JavaScript every time it reads one,
// about 40 ms a certificate. So each WOFF is unwrapped once into the TrueType it wraps, with
// Node's zlib, and parsed once; every document then shares the parsed fonts, which is safe
// because a document reads them only synchronously while it is built. (fontkit remembers
// each glyph with the characters it was first drawn for, and pdfkit maps a glyph back to
// those when text is copied: no two characters of these fonts share a glyph, so what was
// rendered before never changes a certificate's bytes.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { create, type Font } from 'fontkit';

export interface CertificateFonts {
  regular: Font;
  bold: Font;
}

let loaded: CertificateFonts | undefined;

export function certificateFonts(): CertificateFonts {
  loaded ??= { regular: load(400), bold: load(700) };
  return loaded;
}

/**
 * `text` composed (e + accent as é) and with each letter the fonts lack (the Latin subset
 * has é but not ş or ễ) printed as its base letter, "Şahin" as "Sahin", rather than as an
 * empty box. Both weights cover the same characters.
 */
export function printable(text: string): string {
  const { regular } = certificateFonts();
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (regular.hasGlyphForCodePoint(char.codePointAt(0)!)) out += char;
    else {
      const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => regular.hasGlyphForCodePoint(c.codePointAt(0)!)) ? base : char;
    }
  }
  return out;
}

function load(weight: 400 | 700): Font {
  const path = createRequire(import.meta.url).resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`);
  const font = create(sfntFromWoff(readFileSync(path)));
  if (!('layout' in font)) throw new Error(`${path} is a font collection, not a font`);
  return font;
}

/** The TrueType/OpenType font a WOFF 1.0 file wraps (W3C WOFF 1.0, sections 3–5). */
export function sfntFromWoff(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const count = woff.readUInt16BE(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const entry = 44 + 20 * i;
    const offset = woff.readUInt32BE(entry + 4);
    const stored = woff.subarray(offset, offset + woff.readUInt32BE(entry + 8));
    const length = woff.readUInt32BE(entry + 12);
    return {
      tag: woff.subarray(entry, entry + 4),
      checksum: woff.readUInt32BE(entry + 16),
      // A table that zlib could not shrink is stored as it is.
      data: stored.length < length ? inflateSync(stored) : stored,
    };
  });
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(tables.reduce((size, t) => size + padded(t.data.length), 12 + 16 * count));
  const selector = Math.floor(Math.log2(count));
  out.writeUInt32BE(woff.readUInt32BE(4), 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(16 << selector, 6);
  out.writeUInt16BE(selector, 8);
  out.writeUInt16BE(16 * count - (16 << selector), 10);
  let at = 12 + 16 * count;
  // WOFF lists its tables sorted by tag, which is the order an sfnt directory needs.
  for (const [i, table] of tables.entries()) {
    table.tag.copy(out, 12 + 16 * i);
    out.writeUInt32BE(table.checksum, 16 + 16 * i);
    out.writeUInt32BE(at, 20 + 16 * i);
    out.writeUInt32BE(table.data.length, 24 + 16 * i);
    table.data.copy(out, at);
    at += padded(table.data.length);
  }
  return out;
}
