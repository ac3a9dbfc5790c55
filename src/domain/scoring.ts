// Quiz scoring (docs/course-format.md): one point a question; `multiple` scores only when the chosen
// set equals the correct set; a quiz's score is round(100 × points / questions).
import type { Question, Quiz } from './course.js';

export type Answer = string | string[] | boolean;
export type Responses = Record<string, Answer | undefined>;

export interface QuizResult {
  score: number;
  points: number;
  questions: number;
  passed: boolean;
}

const normalise = (s: string) => s.trim().toLocaleLowerCase('id');

export function isCorrect(question: Question, answer: Answer | undefined): boolean {
  switch (question.type) {
    case 'single':
      return typeof answer === 'string' && question.options.some((o) => o.correct && o.id === answer);
    case 'multiple': {
      if (!Array.isArray(answer)) return false;
      const chosen = new Set(answer);
      const correct = question.options.filter((o) => o.correct).map((o) => o.id);
      return chosen.size === correct.length && correct.every((id) => chosen.has(id));
    }
    case 'truefalse':
      return answer === question.answer;
    case 'short':
      return typeof answer === 'string' && question.accept.some((a) => normalise(a) === normalise(answer));
  }
}

export function scoreQuiz(quiz: Quiz, responses: Responses): QuizResult {
  const points = quiz.questions.filter((q) => isCorrect(q, responses[q.id])).length;
  const questions = quiz.questions.length;
  const score = Math.round((100 * points) / questions);
  return { score, points, questions, passed: score >= quiz.passingScore };
}
