// Question banks written for Moodle (GIFT, Aiken) as a quiz of the course format (section 8),
// with every problem on its line. No Node, no DOM: the CLI and the server call the same code.
import { type QuizFeedback, QuizSource } from '../course.js';
import { readAiken } from './aiken.js';
import { readGift } from './gift.js';
import type { BankProblem } from './shared.js';

export type { BankProblem } from './shared.js';
export { slug } from './shared.js';

export const BANK_FORMATS = ['gift', 'aiken'] as const;
export type BankFormat = (typeof BANK_FORMATS)[number];

export interface ConvertOptions {
  /** The quiz's id (the course format's id rule); default `bank-soal`. */
  id?: string;
  title?: string;
  /** Default `after-sync`: banks are mostly graded tests, whose key stays on the server. */
  feedback?: QuizFeedback;
  passingScore?: number;
}

export interface Conversion {
  /** Null when no question converted: a quiz needs at least one. */
  quiz: QuizSource | null;
  /** Ordered by line. */
  problems: BankProblem[];
}

/** Whether `id` may name a quiz (the course format's id rule). */
export const isQuizId = (id: string): boolean => QuizSource.shape.id.safeParse(id).success;

export function convertBank(format: BankFormat, text: string, options: ConvertOptions = {}): Conversion {
  const { questions, problems } = format === 'gift' ? readGift(text) : readAiken(text);
  problems.sort((a, b) => a.line - b.line);
  if (questions.length === 0) return { quiz: null, problems };
  const quiz: QuizSource = {
    id: options.id ?? 'bank-soal',
    title: options.title?.trim() || 'Bank soal',
    feedback: options.feedback ?? 'after-sync',
    passingScore: options.passingScore ?? 70,
    questions,
  };
  // Each question was checked on its own; what is left to fail is the caller's id or score.
  QuizSource.parse(quiz);
  return { quiz, problems };
}
