// The end-of-course reaction survey (Kirkpatrick level 1): five statements on a 1–5 scale
// and a comment, answered offline and synced as survey.submitted.
import { useState } from 'preact/hooks';
import { useCourse } from '../courses/hooks.js';
import { recordEvent } from '../db/events.js';
import { useSession, useTranslate } from '../session.js';
import './study.css';

const SCALE = [1, 2, 3, 4, 5] as const;

export function Survey({ courseId }: { courseId: string }) {
  const t = useTranslate();
  const user = useSession((s) => s.user)!;
  const view = useCourse(user.id, courseId);
  const [answers, setAnswers] = useState<Record<string, number | string>>({});
  if (!view?.stored || !view.progress) return null;
  const { pkg } = view.stored;
  const survey = pkg.survey;
  const base = `/kursus/${courseId}`;
  if (!survey) return <p>{t('surveyNone')}</p>;

  const header = (
    <>
      <a href={base} class="back">
        ← {pkg.title}
      </a>
      <h1 id="survey-title">{survey.title ?? t('surveyTitle')}</h1>
    </>
  );
  if (view.progress.surveyDone)
    return (
      <section aria-labelledby="survey-title">
        {header}
        <p class="ready" role="status">
          ✓ {t('surveyThanks')}
        </p>
        <p>
          <a href={base}>{t('backToCourse')}</a>
        </p>
      </section>
    );

  const submit = async (event: Event) => {
    event.preventDefault();
    await recordEvent({
      userId: user.id,
      type: 'survey.submitted',
      courseId,
      courseVersion: view.stored!.version,
      data: { surveyId: survey.id, answers },
    });
  };
  const likert = survey.questions.filter((q) => q.type === 'likert');
  const complete = likert.every((q) => typeof answers[q.id] === 'number');

  return (
    <form class="quiz" onSubmit={submit} aria-labelledby="survey-title">
      {header}
      <p class="muted">{t('surveyHint')}</p>
      {survey.questions.map((q, i) =>
        q.type === 'likert' ? (
          <fieldset key={q.id} class="question">
            <legend>
              <span class="qnum">{i + 1}.</span> {q.prompt}
            </legend>
            <div class="scale">
              {SCALE.map((n) => (
                <label key={n} class="option">
                  <input type="radio" name={q.id} checked={answers[q.id] === n} onChange={() => setAnswers({ ...answers, [q.id]: n })} />
                  <span>
                    {n} <span class="muted">{t(`scale${n}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <div key={q.id} class="question">
            <label>
              <span>
                <span class="qnum">{i + 1}.</span> {q.prompt}
              </span>
              <textarea
                name={q.id}
                rows={4}
                maxLength={4000}
                onInput={(e) => setAnswers({ ...answers, [q.id]: (e.target as HTMLTextAreaElement).value })}
              />
            </label>
          </div>
        ),
      )}
      <button type="submit" disabled={!complete}>
        {t('surveySubmit')}
      </button>
    </form>
  );
}
