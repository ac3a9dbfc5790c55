import { describe, expect, it } from 'vitest';
import type { Quiz } from '../../src/domain/course.js';
import { isCorrect, scoreQuiz } from '../../src/domain/scoring.js';

const quiz: Quiz = {
  id: 'q',
  title: 'Kuis',
  feedback: 'immediate',
  passingScore: 70,
  questions: [
    {
      id: 's',
      type: 'single',
      prompt: 'p',
      options: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B' },
      ],
    },
    {
      id: 'm',
      type: 'multiple',
      prompt: 'p',
      options: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B', correct: true },
        { id: 'c', text: 'C' },
      ],
    },
    { id: 't', type: 'truefalse', prompt: 'p', answer: false },
    { id: 'x', type: 'short', prompt: 'p', accept: ['BerAKHLAK', 'Ber AKHLAK'] },
  ],
};
const [single, multiple, truefalse, short] = quiz.questions as [
  Quiz['questions'][number],
  Quiz['questions'][number],
  Quiz['questions'][number],
  Quiz['questions'][number],
];

describe('isCorrect', () => {
  it('scores single choice by the correct option id only', () => {
    expect(isCorrect(single, 'a')).toBe(true);
    expect(isCorrect(single, 'b')).toBe(false);
    expect(isCorrect(single, ['a'])).toBe(false);
    expect(isCorrect(single, undefined)).toBe(false);
  });

  it('scores multiple choice only when the chosen set equals the correct set', () => {
    expect(isCorrect(multiple, ['b', 'a'])).toBe(true);
    expect(isCorrect(multiple, ['a', 'a', 'b'])).toBe(true);
    expect(isCorrect(multiple, ['a'])).toBe(false);
    expect(isCorrect(multiple, ['a', 'b', 'c'])).toBe(false);
    expect(isCorrect(multiple, 'a')).toBe(false);
  });

  it('scores true/false by strict boolean', () => {
    expect(isCorrect(truefalse, false)).toBe(true);
    expect(isCorrect(truefalse, true)).toBe(false);
    expect(isCorrect(truefalse, 'false')).toBe(false);
  });

  it('scores short answers trimmed and case-insensitively', () => {
    expect(isCorrect(short, '  berakhlak ')).toBe(true);
    expect(isCorrect(short, 'BER AKHLAK')).toBe(true);
    expect(isCorrect(short, 'berakhlak!')).toBe(false);
    expect(isCorrect(short, true)).toBe(false);
  });
});

describe('scoreQuiz', () => {
  it('is round(100 × points / questions) with the passing score applied', () => {
    expect(scoreQuiz(quiz, { s: 'a', m: ['a', 'b'], t: false, x: 'berakhlak' })).toEqual({
      score: 100,
      points: 4,
      questions: 4,
      passed: true,
    });
    expect(scoreQuiz(quiz, { s: 'a', m: ['a', 'b'], t: false })).toEqual({ score: 75, points: 3, questions: 4, passed: true });
    expect(scoreQuiz(quiz, { s: 'a', m: ['a'] })).toEqual({ score: 25, points: 1, questions: 4, passed: false });
    expect(scoreQuiz({ ...quiz, questions: quiz.questions.slice(0, 3) }, { s: 'a' })).toMatchObject({ score: 33 });
    expect(scoreQuiz(quiz, {})).toMatchObject({ score: 0, passed: false });
  });
});
