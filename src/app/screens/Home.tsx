// WARNING: part of the main bundle: the learner's first screen.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { InstallPrompt } from '../components/AppBanners.js';
import { CourseCard } from '../components/CourseCard.js';
import { DownloadButton } from '../components/DownloadButton.js';
import { StoragePanel } from '../components/StoragePanel.js';
import { type CourseView, useCourses } from '../courses/hooks.js';
import { useOnline } from '../online.js';
import { useSession, useTranslate } from '../session.js';
import { Login } from './Login.js';

export function Home() {
  const t = useTranslate();
  const { user, token } = useSession();
  const courses = useCourses(user!.id);
  const online = useOnline();

  // Wherever the learner stopped, on this device or another (the server's progress).
  const resume = courses?.filter((c) => c.progress?.resume).sort((a, b) => (a.progress!.resume!.at < b.progress!.resume!.at ? 1 : -1))[0];

  return (
    <section aria-labelledby="courses-title">
      {!token && <Login nip={user!.nip} />}
      <p class="muted">{t('hello', { name: user!.name })}</p>
      {resume && <ContinueCard view={resume} />}
      <h1 id="courses-title">{t('myCourses')}</h1>
      {courses?.length === 0 && <p>{online ? t('noCourses') : t('noCoursesOffline')}</p>}
      <ul class="courses">
        {courses?.map((c) => (
          <CourseCard key={c.entry?.id ?? c.stored?.courseId} view={c} />
        ))}
      </ul>
      <StoragePanel />
      <InstallPrompt />
    </section>
  );
}

function ContinueCard({ view }: { view: CourseView }) {
  const t = useTranslate();
  const { route } = useLocation();
  const { entry, stored, progress } = view;
  const at = progress!.resume!;
  const courseId = stored?.courseId ?? entry!.id;
  const href = `/kursus/${courseId}/pelajaran/${at.lessonId}`;
  // Asked to continue a course not downloaded here: go on as soon as it is.
  const [continuing, setContinuing] = useState(false);
  useEffect(() => {
    if (continuing && stored) route(href);
  }, [continuing, stored]);
  if (!stored)
    return (
      <div class="card continue">
        <span class="eyebrow">{t('continueLearning')}</span>
        <strong>{entry!.title}</strong>
        <span class="muted">{t('notDownloaded')}</span>
        <DownloadButton courseId={courseId} bytes={entry!.downloadBytes} label="continue" onStart={() => setContinuing(true)} />
      </div>
    );
  const lesson = stored.pkg.modules.flatMap((m) => m.lessons.map((l) => ({ ...l, module: m.title }))).find((l) => l.id === at.lessonId);
  if (!lesson) return null;
  return (
    <a class="card continue" href={href}>
      <span class="eyebrow">{t('continueLearning')}</span>
      <strong>{lesson.title}</strong>
      <span class="muted">
        {lesson.module} · {stored.pkg.title}
      </span>
    </a>
  );
}
