// Aiken: a question's text, its options `A)` or `A.` one to a line, then `ANSWER: X`. Every
// question is single choice and has no name, so ids are q1, q2, … by place in the bank.
import type { QuestionSource } from '../course.js';
import { type BankProblem, type BankQuestions, bankLines, checked, optionId, QuestionIds, questionLabel } from './shared.js';
import { tidy } from './text.js';

const OPTION = /^([A-Z])[.)]\s+(.*)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

interface Pending {
  line: number;
  prompt: string[];
  options: { letter: string; text: string; line: number }[];
}

export function readAiken(bank: string): BankQuestions {
  const questions: QuestionSource[] = [];
  const problems: BankProblem[] = [];
  const ids = new QuestionIds();
  let position = 0;
  let pending: Pending | undefined;
  const label = (q: Pending) => questionLabel(undefined, q.prompt.join(' '));
  const abandon = (q: Pending) =>
    problems.push({ line: q.line, message: `question ${label(q)} has no "ANSWER: X" line after its options; left out` });

  for (const [i, raw] of bankLines(bank).entries()) {
    const text = raw.trim();
    const line = i + 1;
    if (text === '') continue;
    const option = OPTION.exec(text);
    const answer = ANSWER.exec(text);
    if (pending && option && !answer) {
      pending.options.push({ letter: option[1]!, text: option[2]!, line });
    } else if (pending && answer) {
      position++;
      const q = pending;
      pending = undefined;
      const letter = answer[1]!.trim().toUpperCase();
      const correct = q.options.findIndex((o) => o.letter === letter);
      const letters = q.options.map((o) => o.letter);
      if (q.options.length < 2) problems.push({ line: q.line, message: `question ${label(q)} has fewer than two options; left out` });
      else if (new Set(letters).size !== letters.length)
        problems.push({ line: q.line, message: `question ${label(q)} has two options with the same letter; left out` });
      else if (correct < 0)
        problems.push({
          line,
          message: `question ${label(q)}: "ANSWER: ${answer[1]!.trim()}" names none of its options (${letters.join(', ')}); left out`,
        });
      else {
        const question = checked(
          {
            id: ids.next(undefined, position),
            type: 'single',
            prompt: tidy(q.prompt.join('\n')),
            options: q.options.map((o, k) => ({ id: optionId(k), text: tidy(o.text), ...(k === correct ? { correct: true } : {}) })),
          },
          label(q),
          q.line,
          problems,
        );
        if (question) questions.push(question);
      }
    } else if (answer) {
      problems.push({ line, message: `"${text}" answers no question; left out` });
    } else {
      // Text after options means the last question never got its ANSWER line: a new one starts.
      if (pending && pending.options.length > 0) {
        position++;
        abandon(pending);
        pending = undefined;
      }
      pending ??= { line, prompt: [], options: [] };
      pending.prompt.push(text);
    }
  }
  if (pending) abandon(pending);
  return { questions, problems };
}
