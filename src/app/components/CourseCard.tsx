// WARNING: part of the main bundle: a course on the learner's first screen, with whether it
// opens offline yet, and the learner's progress in it, downloaded here or not.
import type { Attempt, Progress } from '../../domain/progress.js';
import { DownloadButton } from '../components/DownloadButton.js';
import type { CourseView } from '../courses/hooks.js';
import { useLiveQuery } from '../db/live.js';
import { type OfflineShell, usePwa } from '../pwa.js';
import { type Translate, useTranslate } from '../session.js';
import { db } from '../shared/database.js';

export function CourseCard({ view }: { view: CourseView }) {
  const t = useTranslate();
  const shell = usePwa((s) => s.shell);
  const { entry, stored, progress } = view;
  const id = entry?.id ?? stored!.courseId;
  const pending = useLiveQuery(() => db.downloads.get(id), [id]);
  const title = stored?.pkg.title ?? entry!.title;
  const lessons = entry?.lessons ?? stored!.pkg.modules.reduce((n, m) => n + m.lessons.length, 0);
  const modules = entry?.modules ?? stored!.pkg.modules.length;
  const jp = entry?.jp ?? stored!.pkg.jp;
  const updateAvailable = !!(stored && entry && entry.version > stored.version);

  return (
    <li class="card">
      <h2>{stored ? <a href={`/kursus/${id}`}>{title}</a> : title}</h2>
      <p>{entry?.summary ?? stored?.pkg.summary}</p>
      {/* The download size is on the download button: once is enough. */}
      <p class="muted">
        {t('modules', { n: modules })} · {t('lessons', { n: lessons })} · {t('jp', { n: jp })}
      </p>
      {progress && (stored || progress.started) && (
        <>
          <p class={stored && shell.state === 'ready' ? 'ready' : 'muted'} role="status">
            {stored && <>{offlineLabel(t, shell)} · </>}
            {t('lessonsDone', { done: Object.keys(progress.lessonsDone).length, total: progress.lessonsTotal })}
            {progress.complete && <> · {t('completed')}</>}
          </p>
          <progress max={progress.lessonsTotal} value={Object.keys(progress.lessonsDone).length} aria-label={t('courseProgress')} />
          <Results t={t} progress={progress} jp={jp} />
        </>
      )}
      {!stored && entry && <DownloadButton courseId={id} bytes={entry.downloadBytes} label="download" resuming={!!pending} />}
      {updateAvailable && <DownloadButton courseId={id} bytes={entry!.downloadBytes} label="update" />}
      {stored && (
        <a class="button" href={`/kursus/${id}`}>
          {progress?.started ? t('openCourse') : t('startCourse')}
        </a>
      )}
    </li>
  );
}

/** Test scores and JP earned, once there are any: the same on every device. */
function Results({ t, progress, jp }: { t: Translate; progress: Progress; jp: number }) {
  const score = (attempt: Attempt) => (attempt.result ? t('score', { n: attempt.result.score }) : t('awaitingGrade'));
  const parts = [
    progress.preTest && `${t('preTest')} ${score(progress.preTest)}`,
    progress.postTest
      ? `${t('postTest')} ${score(progress.postTest)}`
      : progress.postTestPending && `${t('postTest')} ${t('awaitingGrade')}`,
    progress.complete && t('jpEarned', { n: jp }),
  ].filter(Boolean);
  return parts.length > 0 ? <p class="muted">{parts.join(' · ')}</p> : null;
}

/**
 * A stored course is available offline only once the app itself opens offline: until the
 * service worker has stored the shell, an offline reload would show the browser's error.
 */
function offlineLabel(t: Translate, shell: OfflineShell): string {
  switch (shell.state) {
    case 'ready':
      return `✓ ${t('availableOffline')}`;
    case 'preparing':
      return shell.total > 0
        ? t('preparingOfflinePercent', { percent: Math.floor((100 * shell.cached) / shell.total) })
        : t('preparingOffline');
    case 'interrupted':
      return t('offlineInterrupted');
    case 'unsupported':
      return t('storedNoOffline');
  }
}
