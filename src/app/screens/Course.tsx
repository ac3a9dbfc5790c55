// A course's outline: pre-test, modules and lessons, post-test, practice, progress, storage.
import { useState } from 'preact/hooks';
import { ErrorBoundary, lazy, useLocation } from 'preact-iso';
import { lockOf } from '../../domain/locks.js';
import type { Attempt } from '../../domain/progress.js';
import { DownloadButton } from '../components/DownloadButton.js';
import { focusOnMount } from '../components/focus.js';
import { CourseSizes } from '../courses/CourseSizes.js';
import { removeDownload } from '../courses/download.js';
import { useCourse } from '../courses/hooks.js';
import { testStatus, testStatusLabel } from '../courses/test-status.js';
import { formatBytes } from '../i18n.js';
import { type Translate, useSession, useTranslate } from '../session.js';
import './study.css';

// Its own chunk, shared with nothing the main bundle holds, loaded as the course opens.
const CertificateCard = lazy(() => import('../certificates/CertificateCard.js').then((m) => m.CertificateCard));
// Only a course with video, audio or PDF lessons loads the media store and its words.
const MediaDownloads = lazy(() => import('../courses/MediaDownloads.js').then((m) => m.MediaDownloads));
// The course's sessions and "Hadir"; the camera and its decoder are chunks of their own beyond.
const CourseSessions = lazy(() => import('../sessions/CourseSessions.js').then((m) => m.CourseSessions));

/** `query`: the address's, as the router passes it. */
export function Course({ courseId, query = {} }: { courseId: string; query?: Record<string, string> }) {
  const t = useTranslate();
  const { user, lang } = useSession();
  const view = useCourse(user!.id, courseId);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const location = useLocation();
  if (!view) return null;
  const { entry, stored, progress } = view;
  // `?hadir=<session>&kode=<code>`: the facilitator's QR read by the phone's own camera app.
  const sessions = (
    <ErrorBoundary>
      <CourseSessions
        courseId={courseId}
        courseTitle={stored?.pkg.title ?? entry?.title ?? courseId}
        courseVersion={stored?.version ?? entry?.version}
        link={query.hadir ? { sessionId: query.hadir, code: query.kode ?? null } : null}
        onLinkDone={() => location.route?.(`/kursus/${courseId}`, true)}
      />
    </ErrorBoundary>
  );
  if (!stored || !progress)
    return (
      <section>
        <h1>{entry?.title ?? courseId}</h1>
        <p>{t('notDownloaded')}</p>
        <ErrorBoundary>
          <CertificateCard userId={user!.id} courseId={courseId} complete={false} />
        </ErrorBoundary>
        {entry && <CourseSizes entry={entry} resuming={view.pendingBytes !== undefined} />}
        {sessions}
      </section>
    );

  const { pkg } = stored;
  const done = Object.keys(progress.lessonsDone).length;
  const lessonLocked = (lessonId: string) => !!lockOf(pkg, progress, { lessonId });
  const lessonsLocked = pkg.modules.some((m) => m.lessons.some((l) => lessonLocked(l.id)));
  const postTestLocked = !!pkg.postTest && !!lockOf(pkg, progress, { quizId: pkg.postTest.id });
  const postTestStatus = pkg.postTest && testStatus(pkg.postTest, 'post-test', progress.attempts[pkg.postTest.id] ?? []);
  const base = `/kursus/${courseId}`;

  return (
    <article aria-labelledby="course-title">
      <a href="/" class="back">
        ← {t('myCourses')}
      </a>
      <h1 id="course-title">{pkg.title}</h1>
      <dl class="stats">
        <div>
          <dt>{t('lessonsLabel')}</dt>
          <dd>
            {done}/{progress.lessonsTotal}
          </dd>
        </div>
        {pkg.preTest && (
          <div>
            <dt>{t('preTest')}</dt>
            <dd>{score(t, progress.preTest)}</dd>
          </div>
        )}
        {pkg.postTest && (
          <div>
            <dt>{t('postTest')}</dt>
            <dd>{progress.postTest ? score(t, progress.postTest) : progress.postTestPending ? t('awaitingGrade') : '—'}</dd>
          </div>
        )}
        <div>
          <dt>{t('jpLabel')}</dt>
          <dd>{progress.complete ? t('jpEarned', { n: pkg.jp }) : t('jpOnCompletion', { n: pkg.jp })}</dd>
        </div>
      </dl>
      {progress.complete && <p class="ready">✓ {t('courseComplete', { jp: pkg.jp })}</p>}
      <ErrorBoundary>
        <CertificateCard userId={user!.id} courseId={courseId} complete={progress.complete} />
      </ErrorBoundary>
      {pkg.survey && (progress.complete || progress.postTest || progress.postTestPending) && !progress.surveyDone && (
        <p class="note">
          <a href={`${base}/survei`}>{t('surveyInvite')}</a>
        </p>
      )}
      {sessions}

      <ol class="steps">
        {pkg.preTest && (
          <li class={progress.preTest ? 'done' : ''}>
            <a href={`${base}/kuis/${pkg.preTest.id}`}>{pkg.preTest.title}</a>
            <span class="muted"> · {progress.preTest ? score(t, progress.preTest) : t('preTestFirst')}</span>
            {lessonsLocked && (
              <p class="note" id="lessons-locked">
                <span aria-hidden="true">🔒 </span>
                {t('lessonsLockedByPreTest')}
              </p>
            )}
          </li>
        )}
        {pkg.modules.map((module) => (
          <li key={module.id} class="module">
            <h2>{module.title}</h2>
            <ol>
              {module.lessons.map((lesson) => {
                const isDone = !!progress.lessonsDone[lesson.id];
                return (
                  <li key={lesson.id} class={isDone ? 'done' : ''}>
                    {lessonLocked(lesson.id) ? (
                      <span aria-disabled="true" aria-describedby="lessons-locked">
                        <span aria-hidden="true">🔒 </span>
                        {lesson.title}
                      </span>
                    ) : (
                      <a href={`${base}/pelajaran/${lesson.id}`}>{lesson.title}</a>
                    )}
                    <span class="muted">
                      {' '}
                      · {t('minutes', { n: lesson.minutes })}
                      {isDone && <> · ✓ {t('done')}</>}
                    </span>
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
        {pkg.postTest && (
          <li class={postTestStatus?.kind === 'passed' ? 'done' : ''}>
            {postTestLocked ? (
              <span aria-disabled="true">
                <span aria-hidden="true">🔒 </span>
                {pkg.postTest.title}
              </span>
            ) : (
              <a href={`${base}/kuis/${pkg.postTest.id}`}>{pkg.postTest.title}</a>
            )}
            <span class="muted">
              {' '}
              ·{' '}
              {postTestLocked
                ? `${t('lockedByLessons')} (${t('lessonsLeft', { n: progress.lessonsTotal - done })})`
                : testStatusLabel(t, postTestStatus!)}
            </span>
          </li>
        )}
      </ol>

      {pkg.quizzes.length > 0 && (
        <section aria-labelledby="practice-title">
          <h2 id="practice-title">{t('practice')}</h2>
          <ul>
            {pkg.quizzes.map((q) => (
              <li key={q.id}>
                <a href={`${base}/kuis/${q.id}`}>{q.title}</a>
                {progress.attempts[q.id]?.length ? (
                  <span class="muted"> · {t('attempts', { n: progress.attempts[q.id]!.length })}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      )}

      {pkg.modules.some((m) => m.lessons.some((l) => l.media)) && (
        <ErrorBoundary>
          <MediaDownloads pkg={pkg} />
        </ErrorBoundary>
      )}

      {entry && entry.version > stored.version && (
        <section class="card">
          <p>{t('updateAvailable', { version: entry.version })}</p>
          <DownloadButton courseId={courseId} bytes={entry.downloadBytes} label="update" />
        </section>
      )}

      <section class="card storage" aria-labelledby="course-storage">
        <h2 id="course-storage">{t('storage')}</h2>
        <p>{t('courseUses', { size: formatBytes(stored.bytes, lang) })}</p>
        {confirmRemove ? (
          <div role="alertdialog" aria-labelledby="remove-warning">
            <p id="remove-warning">{t('removeWarning')}</p>
            <div class="row">
              <button type="button" onClick={() => setConfirmRemove(false)} ref={focusOnMount}>
                {t('cancel')}
              </button>
              <button type="button" class="danger" onClick={() => void removeDownload(courseId)}>
                {t('removeDownload')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" class="secondary" onClick={() => setConfirmRemove(true)}>
            {t('removeDownload')}
          </button>
        )}
      </section>
    </article>
  );
}

function score(t: Translate, attempt: Attempt | null): string {
  if (!attempt) return t('notTaken');
  return attempt.result ? t('score', { n: attempt.result.score }) : t('awaitingGrade');
}
