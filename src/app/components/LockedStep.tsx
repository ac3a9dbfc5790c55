// A lesson or test opened before its time (from a link, the pager or a typed address):
// why it is closed and the way to open it, instead of its content.
import type { CoursePackage } from '../../domain/course.js';
import type { LockReason } from '../../domain/locks.js';
import type { Progress } from '../../domain/progress.js';
import { useTranslate } from '../session.js';

export function LockedStep({ reason, pkg, progress }: { reason: LockReason; pkg: CoursePackage; progress: Progress }) {
  const t = useTranslate();
  const base = `/kursus/${pkg.id}`;
  const next = pkg.modules.flatMap((m) => m.lessons).find((l) => !progress.lessonsDone[l.id]);
  return (
    <div class="note" role="status">
      <p>
        <span aria-hidden="true">🔒 </span>
        {reason === 'pre-test-first' ? t('lockedByPreTest') : t('lockedByLessons')}
      </p>
      {reason === 'pre-test-first' && pkg.preTest ? (
        <a class="button" href={`${base}/kuis/${pkg.preTest.id}`}>
          {t('takePreTest')}
        </a>
      ) : next ? (
        <a class="button" href={`${base}/pelajaran/${next.id}`}>
          {t('nextLessonToDo', { title: next.title })}
        </a>
      ) : (
        <a href={base}>{t('backToCourse')}</a>
      )}
    </div>
  );
}
