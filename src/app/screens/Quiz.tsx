// Taking a quiz offline. Answers are saved as they are given, so closing the app loses
// nothing. Practice quizzes are scored at once with the shared scoring code; graded tests
// wait for the server's grade, which sync brings.
import { useState } from 'preact/hooks';
import { attemptLimit } from '../../domain/attempts.js';
import type { Quiz as KeyedQuiz, PublicQuestion, PublicQuiz, Question } from '../../domain/course.js';
import { lockOf } from '../../domain/locks.js';
import { type Answer, isCorrect, type QuizResult, scoreQuiz } from '../../domain/scoring.js';
import { LockedStep } from '../components/LockedStep.js';
import { useStoredPackage } from '../courses/hooks.js';
import { quizDraft, saveAnswer, submitDraft } from '../db/drafts.js';
import { courseProgress } from '../db/events.js';
import { useLiveQuery } from '../db/live.js';
import { type Translate, useSession, useTranslate } from '../session.js';
import './study.css';

type AnyQuestion = Question | PublicQuestion;

export function Quiz({ courseId, quizId }: { courseId: string; quizId: string }) {
  const t = useTranslate();
  const user = useSession((s) => s.user)!;
  const stored = useStoredPackage(courseId);
  const key = { userId: user.id, courseId, quizId };
  const draft = useLiveQuery(() => quizDraft(key), [user.id, courseId, quizId]);
  const progress = useLiveQuery(async () => (stored ? courseProgress(user.id, stored.pkg) : undefined), [stored, user.id]);
  const [shown, setShown] = useState<{ responses: Record<string, Answer>; result: QuizResult | null } | null>(null);
  const [retake, setRetake] = useState(false);

  if (!stored || draft === undefined || !progress) return null;
  const { pkg } = stored;
  const quiz = [pkg.preTest, pkg.postTest, ...pkg.quizzes].find((q) => q?.id === quizId);
  if (!quiz) return <p>{t('quizNotFound')}</p>;
  const attempts = progress.attempts[quizId] ?? [];
  const isPreTest = pkg.preTest?.id === quizId;
  // The same limit the server enforces, so a learner knows before starting, offline too.
  const limit = attemptLimit(quiz, isPreTest ? 'pre-test' : pkg.postTest?.id === quizId ? 'post-test' : 'practice');
  const usedUp = limit > 0 && attempts.length >= limit;
  const base = `/kursus/${courseId}`;

  const answer = (questionId: string, value: Answer) => saveAnswer(key, questionId, value);

  const submit = async (event: Event) => {
    event.preventDefault();
    const responses = draft?.responses ?? {};
    await submitDraft(key, stored.version, draft);
    setShown({ responses, result: quiz.feedback === 'immediate' ? scoreQuiz(quiz as KeyedQuiz, responses) : null });
    setRetake(false);
    window.scrollTo({ top: 0 });
  };

  const header = (
    <>
      <a href={base} class="back">
        ← {pkg.title}
      </a>
      <h1 id="quiz-title">{quiz.title}</h1>
    </>
  );

  if (shown) return <Result t={t} quiz={quiz} header={header} {...shown} base={base} />;

  // Opened before its time (from the lesson pager or a typed address): why, and the way on.
  const lock = lockOf(pkg, progress, { quizId });
  if (lock)
    return (
      <section aria-labelledby="quiz-title">
        {header}
        <LockedStep reason={lock} pkg={pkg} progress={progress} />
      </section>
    );

  // The pre-test measures what a learner knew before: its first attempt is the one that
  // counts, so it allows one; graded tests allow a few (the server refuses more).
  if ((usedUp || (attempts.length > 0 && !draft)) && !retake) {
    const last = attempts[attempts.length - 1]!;
    return (
      <section aria-labelledby="quiz-title">
        {header}
        <p>{t('attempts', { n: attempts.length })}</p>
        <p class="note" role="status">
          {last.result ? t('lastScore', { n: last.result.score }) : t('awaitingGradeLong')}
        </p>
        {limit > 0 && (
          <p>{usedUp ? t('attemptsUsedUp', { total: limit }) : t('attemptsLeft', { n: limit - attempts.length, total: limit })}</p>
        )}
        {!usedUp && (
          <button type="button" onClick={() => setRetake(true)}>
            {t('tryAgain')}
          </button>
        )}
        <p>
          <a href={base}>{t('backToCourse')}</a>
        </p>
      </section>
    );
  }

  const responses = draft?.responses ?? {};
  const answered = quiz.questions.filter((q) => responses[q.id] !== undefined && responses[q.id] !== '').length;
  return (
    <form class="quiz" onSubmit={submit} aria-labelledby="quiz-title">
      {header}
      <p class="muted">
        {quiz.feedback === 'immediate' ? t('practiceHint') : t('gradedHint')} {t('answersSaved')}
      </p>
      {limit > 0 && <p class="note">{t('attemptsLeft', { n: limit - attempts.length, total: limit })}</p>}
      {quiz.questions.map((q, i) => (
        <QuestionField key={q.id} number={i + 1} question={q} value={responses[q.id]} onChange={(v) => void answer(q.id, v)} t={t} />
      ))}
      <p class="muted" role="status">
        {t('answeredOf', { n: answered, total: quiz.questions.length })}
      </p>
      <button type="submit">{t('submitAnswers')}</button>
    </form>
  );
}

function QuestionField({
  number,
  question: q,
  value,
  onChange,
  t,
}: {
  number: number;
  question: AnyQuestion;
  value: Answer | undefined;
  onChange: (v: Answer) => void;
  t: Translate;
}) {
  const name = `q-${q.id}`;
  const legend = (
    <legend>
      <span class="qnum">{number}.</span> {q.prompt}
    </legend>
  );
  if (q.type === 'short')
    return (
      <fieldset class="question">
        {legend}
        <label>
          <span class="visually-hidden">{t('yourAnswer')}</span>
          <input
            name={name}
            value={typeof value === 'string' ? value : ''}
            onInput={(e) => onChange((e.target as HTMLInputElement).value)}
            autoComplete="off"
          />
        </label>
      </fieldset>
    );
  if (q.type === 'truefalse')
    return (
      <fieldset class="question">
        {legend}
        {[true, false].map((option) => (
          <label key={String(option)} class="option">
            <input type="radio" name={name} checked={value === option} onChange={() => onChange(option)} />
            {option ? t('true') : t('false')}
          </label>
        ))}
      </fieldset>
    );
  const chosen = Array.isArray(value) ? value : [];
  return (
    <fieldset class="question">
      {legend}
      {q.type === 'multiple' && <p class="muted">{t('chooseAll')}</p>}
      {q.options.map((o) =>
        q.type === 'single' ? (
          <label key={o.id} class="option">
            <input type="radio" name={name} checked={value === o.id} onChange={() => onChange(o.id)} />
            {o.text}
          </label>
        ) : (
          <label key={o.id} class="option">
            <input
              type="checkbox"
              name={name}
              checked={chosen.includes(o.id)}
              onChange={(e) => onChange((e.target as HTMLInputElement).checked ? [...chosen, o.id] : chosen.filter((id) => id !== o.id))}
            />
            {o.text}
          </label>
        ),
      )}
    </fieldset>
  );
}

function Result({
  t,
  quiz,
  header,
  responses,
  result,
  base,
}: {
  t: Translate;
  quiz: PublicQuiz;
  header: preact.JSX.Element;
  responses: Record<string, Answer>;
  result: QuizResult | null;
  base: string;
}) {
  return (
    <section aria-labelledby="quiz-title">
      {header}
      {result ? (
        <>
          <p class={result.passed ? 'ready' : 'note'} role="status">
            {t('yourScore', { n: result.score, points: result.points, total: result.questions })}{' '}
            {result.passed ? t('passed') : t('notPassed', { n: quiz.passingScore })}
          </p>
          <ol class="review">
            {(quiz as KeyedQuiz).questions.map((q) => {
              const correct = isCorrect(q, responses[q.id]);
              return (
                <li key={q.id} class={correct ? 'right' : 'wrong'}>
                  <p>
                    <strong>{correct ? `✓ ${t('correct')}` : `✗ ${t('incorrect')}`}</strong> {q.prompt}
                  </p>
                  {q.explanation && <p class="muted">{q.explanation}</p>}
                </li>
              );
            })}
          </ol>
        </>
      ) : (
        <p class="note" role="status">
          {t('submittedAwaiting')}
        </p>
      )}
      <p>
        <a href={base}>{t('backToCourse')}</a>
      </p>
    </section>
  );
}
