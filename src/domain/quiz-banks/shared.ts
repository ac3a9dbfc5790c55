// What the GIFT and Aiken readers share: lines, ids that satisfy the course format's id rule
// (docs/course-format.md, "Ids"), and problems that name a line of the bank.
import { QuestionSource } from '../course.js';

export interface BankProblem {
  /** 1-based line of the bank the problem is about: the question's first line, or the answer's. */
  line: number;
  message: string;
}

export interface BankQuestions {
  questions: QuestionSource[];
  problems: BankProblem[];
}

/** The bank's lines without a byte-order mark; CRLF, LF and a lone CR (old Macs) all end a line. */
export function bankLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

const ID_MAX = 64;

/** A name as an id: diacritics dropped, lowercase letters and digits, dashes between words. */
export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, ID_MAX)
    .replace(/^-+|-+$/g, '');
}

/** Hands out question ids in bank order; a name met again gets `-2`, `-3`, … and stays within 64 characters. */
export class QuestionIds {
  private readonly used = new Set<string>();
  /** The next suffix to try per name, so a bank of 20,000 questions all named alike stays linear. */
  private readonly suffix = new Map<string, number>();

  /** The slug of `name` when it has one, else `q<position>` (the question's place in the bank). */
  next(name: string | undefined, position: number): string {
    const base = (name && slug(name)) || `q${position}`;
    let id = base;
    let n = this.suffix.get(base) ?? 2;
    for (; this.used.has(id); n++) id = `${base.slice(0, ID_MAX - String(n).length - 1).replace(/-+$/, '')}-${n}`;
    if (id !== base) this.suffix.set(base, n);
    this.used.add(id);
    return id;
  }
}

/** Option ids in order: a … z, then aa, ab, … */
export function optionId(index: number): string {
  let id = '';
  for (let i = index + 1; i > 0; i = Math.floor((i - 1) / 26)) id = String.fromCharCode(97 + ((i - 1) % 26)) + id;
  return id;
}

/** How a problem names a question: its name, or the start of its prompt. */
export function questionLabel(name: string | undefined, prompt: string): string {
  const words = (name ?? prompt).replace(/\s+/g, ' ').trim();
  return `"${words.length > 48 ? `${words.slice(0, 47)}…` : words}"`;
}

/**
 * The question when the course format accepts it; otherwise a problem per issue, so what a
 * bank yields is always a valid quiz and nothing is dropped without saying why.
 */
export function checked(question: QuestionSource, label: string, line: number, problems: BankProblem[]): QuestionSource | undefined {
  const result = QuestionSource.safeParse(question);
  // The question itself rather than the parsed copy, whose keys come in the schema's order.
  if (result.success) return question;
  for (const issue of result.error.issues)
    problems.push({ line, message: `question ${label}: ${[...issue.path].join('.') || 'question'}: ${issue.message}; left out` });
  return undefined;
}
