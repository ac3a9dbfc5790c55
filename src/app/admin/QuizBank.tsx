// "Bank soal": a question bank written for Moodle (GIFT or Aiken), pasted or chosen as a
// file, converted by the server into a quiz of the course format. The admin sees every
// question with its key and every question left out with its line, then downloads the YAML
// to put in a course folder. Self-contained, so the admin layout can place it anywhere.
import { useState } from 'preact/hooks';
import type { QuestionSource } from '../../domain/course.js';
import { adminApi, type QuizConversion, saveFile } from './api.js';
import { describeError } from './errors.js';
import { useAdminTranslate } from './use-admin-translate.js';

type Format = 'gift' | 'aiken';

const ID_RULE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A file's name as a quiz id: what `sinau quiz convert` would choose. */
const idFromName = (name: string) =>
  name
    .replace(/(\.aiken)?\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, '');

export function QuizBank() {
  const t = useAdminTranslate();
  const [format, setFormat] = useState<Format>('gift');
  const [text, setText] = useState('');
  const [id, setId] = useState('');
  const [feedback, setFeedback] = useState<'after-sync' | 'immediate'>('after-sync');
  const [result, setResult] = useState<QuizConversion>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const choose = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    setText(await file.text());
    setResult(undefined);
    if (/\.gift$/i.test(file.name)) setFormat('gift');
    if (/aiken/i.test(file.name)) setFormat('aiken');
    setId(idFromName(file.name));
  };

  const convert = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(await adminApi.convertQuizBank({ format, text, feedback, ...(ID_RULE.test(id) ? { id } : {}) }));
    } catch (e) {
      setResult(undefined);
      setError((e as { status?: number }).status === 413 ? t('quizBankTooLarge') : t('quizBankFailed', { reason: describeError(t, e) }));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    if (!result?.quiz) return;
    const { stringify } = await import('yaml'); // only when a file is wanted
    saveFile(`${result.quiz.id}.yaml`, stringify(result.quiz, { lineWidth: 0 }), 'application/yaml;charset=utf-8');
  };

  const questions = result?.quiz?.questions ?? [];
  return (
    <section class="card quiz-bank" aria-labelledby="quiz-bank-title">
      <h2 id="quiz-bank-title">{t('quizBankTitle')}</h2>
      <p class="muted">{t('quizBankHint')}</p>
      <form onSubmit={convert}>
        <label>
          {t('quizBankFile')}
          <input type="file" accept=".txt,.gift,text/plain" onChange={choose} />
        </label>
        <label>
          {t('quizBankText')}
          <textarea rows={8} value={text} spellcheck={false} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        </label>
        <label>
          {t('quizBankFormat')}
          <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as Format)}>
            <option value="gift">GIFT</option>
            <option value="aiken">Aiken</option>
          </select>
        </label>
        <label>
          {t('quizBankId')}
          <input value={id} pattern={ID_RULE.source} placeholder="bank-soal" onInput={(e) => setId((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('quizBankFeedback')}
          <select value={feedback} onChange={(e) => setFeedback((e.target as HTMLSelectElement).value as typeof feedback)}>
            <option value="after-sync">{t('quizBankAfterSync')}</option>
            <option value="immediate">{t('quizBankImmediate')}</option>
          </select>
        </label>
        <button type="submit" disabled={busy || text.trim() === ''}>
          {busy ? t('quizBankConverting') : t('quizBankConvert')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="status">
          <p class={questions.length > 0 ? 'ready' : 'error'}>
            {questions.length > 0 ? t('quizBankSummary', { n: questions.length }) : t('quizBankNone')}
          </p>
          {result.problems.length > 0 && (
            <>
              <p>{t('quizBankProblems', { n: result.problems.length })}</p>
              <ul class="quiz-bank-problems">
                {result.problems.map((p) => (
                  <li key={`${p.line}-${p.message}`}>
                    <strong>{t('quizBankLine', { line: p.line })}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.quiz && (
            <button type="button" onClick={() => void download()}>
              {t('quizBankDownload')}
            </button>
          )}
        </div>
      )}
      {questions.length > 0 && (
        <ol class="quiz-bank-questions">
          {questions.map((q) => (
            <QuestionPreview key={q.id} question={q} />
          ))}
        </ol>
      )}
    </section>
  );
}

const TYPE_KEY = {
  single: 'quizBankSingle',
  multiple: 'quizBankMultiple',
  truefalse: 'quizBankTruefalse',
  short: 'quizBankShort',
} as const;

function QuestionPreview({ question: q }: { question: QuestionSource }) {
  const t = useAdminTranslate();
  return (
    <li>
      <p>
        <span style={{ whiteSpace: 'pre-line' }}>{q.prompt}</span>{' '}
        <small class="muted">
          ({t(TYPE_KEY[q.type])}, <code>{q.id}</code>)
        </small>
      </p>
      {(q.type === 'single' || q.type === 'multiple') && (
        <ul>
          {q.options.map((o) => (
            <li key={o.id} class={o.correct ? 'ready' : undefined}>
              {o.correct ? '✓ ' : ''}
              {o.text}
              {o.correct && <span class="visually-hidden"> ({t('quizBankCorrect')})</span>}
            </li>
          ))}
        </ul>
      )}
      {q.type === 'truefalse' && <p>{t('quizBankAnswer', { answer: q.answer ? t('quizBankTrue') : t('quizBankFalse') })}</p>}
      {q.type === 'short' && <p>{t('quizBankAccept', { list: q.accept.join(' · ') })}</p>}
      {q.explanation && (
        <p class="muted" style={{ whiteSpace: 'pre-line' }}>
          {q.explanation}
        </p>
      )}
    </li>
  );
}
