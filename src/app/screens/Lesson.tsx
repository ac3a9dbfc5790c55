// Reading a lesson from the offline store: its images come from IndexedDB as blob URLs.
// The place inside the lesson is saved as the learner scrolls and restored on return;
// reaching the end (or the button) marks it complete; visible time counts as study time.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { lockOf } from '../../domain/locks.js';
import { LockedStep } from '../components/LockedStep.js';
import { useStoredPackage } from '../courses/hooks.js';
import { courseProgress, type EventInput, type NewEvent, recordEvent } from '../db/events.js';
import { useLiveQuery } from '../db/live.js';
import { useSession, useTranslate } from '../session.js';
import { db } from '../shared/database.js';
import { MediaLesson } from './MediaLesson.js';
import './study.css';

const POSITION_DEBOUNCE_MS = 800;
const readAsset = (sha256: string) => db.assets.get(sha256).then((a) => a?.blob);

/**
 * Scrolls to a fraction of the lesson and holds it for a moment: the router scrolls to the
 * top after an in-app navigation commits, which can land after this. Input from the
 * learner ends the hold.
 */
function restoreScroll(fraction: number) {
  if (fraction <= 0) return; // a lesson opened afresh starts at the top, where the router put it
  const target = () => Math.round(fraction * Math.max(0, document.documentElement.scrollHeight - window.innerHeight));
  let held = true;
  const release = () => {
    held = false;
  };
  const inputs = ['wheel', 'touchstart', 'keydown', 'mousedown'] as const;
  for (const type of inputs) window.addEventListener(type, release, { once: true, passive: true });
  const apply = () => {
    if (held && Math.abs(window.scrollY - target()) > 2) window.scrollTo({ top: target(), behavior: 'instant' });
  };
  apply();
  for (const delay of [50, 150, 400, 800]) setTimeout(apply, delay);
  setTimeout(() => {
    release();
    for (const type of inputs) window.removeEventListener(type, release);
  }, 900);
}

export function Lesson({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  const t = useTranslate();
  const user = useSession((s) => s.user)!;
  const stored = useStoredPackage(courseId);
  const progress = useLiveQuery(async () => (stored ? courseProgress(user.id, stored.pkg) : undefined), [stored, user.id]);
  const lang = useSession((s) => s.lang);
  const [html, setHtml] = useState<string | null>(null);
  const [assetUrls, setAssetUrls] = useState<Map<string, string>>(new Map());
  const content = useRef<HTMLDivElement>(null);
  const restored = useRef(false);
  // A media lesson's place, reported by its player; saved like a scroll (debounced).
  const mediaPlace = useRef<{ now: number; report: (position: number) => void }>({ now: 0, report: () => {} });

  const flat = useMemo(() => stored?.pkg.modules.flatMap((m) => m.lessons.map((l) => ({ ...l, moduleTitle: m.title }))) ?? [], [stored]);
  const index = flat.findIndex((l) => l.id === lessonId);
  const lesson = flat[index];
  const media = lesson?.media;
  // Nothing of a closed lesson is loaded or recorded: it opens once the rule allows.
  const lock = stored && progress ? lockOf(stored.pkg, progress, { lessonId }) : undefined;
  const open = lock === null;
  const event = <T extends 'lesson.opened' | 'lesson.position' | 'lesson.completed' | 'study.time'>(
    type: T,
    data: Omit<EventInput<T>, 'lessonId'>,
  ) => stored && recordEvent({ userId: user.id, type, courseId, courseVersion: stored.version, data: { lessonId, ...data } } as NewEvent);

  // Images (and a media lesson's poster and captions): blob URLs from the offline store,
  // revoked when the lesson closes.
  useEffect(() => {
    if (!lesson || !open) return;
    let urls: string[] = [];
    let cancelled = false;
    void db.assets.bulkGet(lesson.assets).then((assets) => {
      if (cancelled) return;
      const bySha = new Map<string, string>();
      for (const a of assets) if (a) bySha.set(a.sha256, URL.createObjectURL(a.blob));
      urls = [...bySha.values()];
      setAssetUrls(bySha);
      setHtml(lesson.html.replace(/\/api\/assets\/([0-9a-f]{64})/g, (m, sha: string) => bySha.get(sha) ?? m));
    });
    return () => {
      cancelled = true;
      for (const u of urls) URL.revokeObjectURL(u);
      setHtml(null);
      restored.current = false;
    };
  }, [lesson?.id, stored?.version, open]);

  // Open: record it, then restore the saved place once the images have their size.
  useEffect(() => {
    if (html === null || !progress || restored.current) return;
    restored.current = true;
    const resume = progress.resume?.lessonId === lessonId ? progress.resume.position : 0;
    // A media lesson's player resumes itself, at the same second or page; until it reports,
    // leaving keeps the place saved.
    mediaPlace.current.now = resume;
    if (!media)
      void Promise.all([...(content.current?.querySelectorAll('img') ?? [])].map((img) => img.decode().catch(() => undefined))).then(() =>
        restoreScroll(resume),
      );
    void event('lesson.opened', {});
  }, [html, progress !== undefined]);

  // Place and study time, saved as the learner reads and when the app goes away.
  useEffect(() => {
    if (html === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The place as of the last scroll, not yet saved, read when the scroll happens.
    let pending: number | undefined;
    let visibleSince = document.visibilityState === 'visible' ? Date.now() : 0;
    const placeNow = () => {
      if (media) return mediaPlace.current.now;
      const max = document.documentElement.scrollHeight - window.innerHeight;
      return Math.round((max > 0 ? Math.min(1, Math.max(0, window.scrollY / max)) : 0) * 1000) / 1000;
    };
    const savePosition = (position: number) => {
      clearTimeout(timer);
      pending = undefined;
      void event('lesson.position', { position });
    };
    const saveStudyTime = () => {
      if (!visibleSince) return;
      let seconds = Math.round((Date.now() - visibleSince) / 1000);
      visibleSince = 0;
      while (seconds >= 1) {
        const chunk = Math.min(seconds, 3600);
        void event('study.time', { seconds: chunk });
        seconds -= chunk;
      }
    };
    const report = (position: number) => {
      pending = position;
      clearTimeout(timer);
      timer = setTimeout(() => pending !== undefined && savePosition(pending), POSITION_DEBOUNCE_MS);
    };
    mediaPlace.current.report = (position) => {
      mediaPlace.current.now = position;
      report(position);
    };
    const onScroll = () => {
      if (!media) report(placeNow());
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        savePosition(pending ?? placeNow());
        saveStudyTime();
      } else visibleSince = Date.now();
    };
    // pagehide also comes when the page is closed or reloaded while still visible.
    const onPageHide = () => {
      savePosition(pending ?? placeNow());
      saveStudyTime();
    };
    // Leaving by a link within the debounce of the last scroll must not lose that scroll. It
    // is saved as the link is followed, before the router scrolls the page to the top (which
    // would read as a scroll to the start); unmounting saves nothing for that reason.
    const onLinkClick = (e: Event) => {
      if ((e.target as Element | null)?.closest?.('a[href]')) savePosition(pending ?? placeNow());
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('click', onLinkClick, { capture: true });
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('click', onLinkClick, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      saveStudyTime();
      mediaPlace.current.report = () => {};
    };
  }, [html]);

  const done = !!progress?.lessonsDone[lessonId];
  const complete = () => {
    if (!done) void event('lesson.completed', {});
  };

  // Reaching the end of the text marks the lesson complete.
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!html || media || done || !end.current || !('IntersectionObserver' in window)) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && window.scrollY > 0) complete();
    });
    observer.observe(end.current);
    return () => observer.disconnect();
  }, [html, done]);

  if (!stored) return stored === undefined ? null : <p>{t('notDownloaded')}</p>;
  if (!lesson) return <p>{t('lessonNotFound')}</p>;
  if (!progress) return null;
  const previous = flat[index - 1];
  const next = flat[index + 1];
  const base = `/kursus/${courseId}`;
  const { postTest } = stored.pkg;
  const postTestLock = postTest ? lockOf(stored.pkg, progress, { quizId: postTest.id }) : null;

  const header = (
    <>
      <a href={base} class="back">
        ← {stored.pkg.title}
      </a>
      <p class="eyebrow">
        {lesson.moduleTitle} · {t('lessonOf', { n: index + 1, total: flat.length })}
      </p>
      <h1 id="lesson-title">{lesson.title}</h1>
    </>
  );

  if (lock)
    return (
      <article class="lesson" aria-labelledby="lesson-title">
        {header}
        <LockedStep reason={lock} pkg={stored.pkg} progress={progress} />
      </article>
    );

  return (
    <article class="lesson" aria-labelledby="lesson-title">
      {header}
      {media && html !== null && (
        <MediaLesson
          key={lessonId}
          lang={lang}
          assets={assetUrls}
          readAsset={readAsset}
          userId={user.id}
          courseId={courseId}
          lessonId={lessonId}
          media={media}
          resume={progress.resume?.lessonId === lessonId ? progress.resume.position : 0}
          done={done}
          onPosition={(position) => mediaPlace.current.report(position)}
          onComplete={complete}
        />
      )}
      {/* Sanitized at import on the server; the CSP forbids inline script besides. */}
      <div class="prose" ref={content} dangerouslySetInnerHTML={{ __html: html ?? '' }} />
      <div ref={end} class="lesson-end">
        {done ? (
          <p class="ready" role="status">
            ✓ {t('lessonDone')}
          </p>
        ) : media ? null : (
          <button type="button" onClick={complete}>
            {t('markDone')}
          </button>
        )}
      </div>
      <nav class="pager" aria-label={t('lessonNavigation')}>
        {previous ? (
          <a href={`${base}/pelajaran/${previous.id}`} rel="prev">
            ← {previous.title}
          </a>
        ) : (
          <span />
        )}
        {next ? (
          <a href={`${base}/pelajaran/${next.id}`} rel="next">
            {next.title} →
          </a>
        ) : postTest && !postTestLock ? (
          <a href={`${base}/kuis/${postTest.id}`}>{postTest.title} →</a>
        ) : (
          <a href={base}>{t('backToCourse')} →</a>
        )}
      </nav>
      {!next && postTestLock && (
        <p class="muted">
          <span aria-hidden="true">🔒 </span>
          {t('lockedByLessons')}
        </p>
      )}
    </article>
  );
}
