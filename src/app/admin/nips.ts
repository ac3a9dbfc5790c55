// Reading a pasted list of NIPs: one per line, or several on a line separated by commas,
// semicolons or spaces. Every entry keeps its line so a bad one can be pointed at.
import { NIP_PATTERN } from '../../domain/nip.js';

// NIPs are often written in their printed groups (birth date, appointment, sex, number):
// "19920315 202521 2 001" is one NIP, not four bad entries.
const GROUPED = /^\d{8} \d{6} \d \d{3}$/;

export interface NipEntry {
  line: number;
  text: string;
}

export interface NipList {
  /** Distinct valid NIPs, in the order first met. */
  nips: string[];
  /** Entries that are not 18 digits, with their line (1-based); each once per line. */
  bad: NipEntry[];
  /** The line each valid NIP was first met on. */
  lineOf: Map<string, number>;
}

export function parseNips(text: string): NipList {
  const lineOf = new Map<string, number>();
  const bad: NipEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((content, index) => {
    const line = index + 1;
    for (const piece of content.split(/[,;]/)) {
      const trimmed = piece.trim().replace(/\s+/g, ' ');
      const entries = GROUPED.test(trimmed) ? [trimmed.replaceAll(' ', '')] : trimmed.split(' ').filter(Boolean);
      for (const entry of entries) {
        if (NIP_PATTERN.test(entry)) {
          if (!lineOf.has(entry)) lineOf.set(entry, line);
        } else if (!bad.some((b) => b.line === line && b.text === entry)) bad.push({ line, text: entry });
      }
    }
  });
  return { nips: [...lineOf.keys()], bad, lineOf };
}
