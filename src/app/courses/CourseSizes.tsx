// What downloading a course costs, before anything downloads (DESIGN.md §15): its text,
// quizzes and images, and each video, audio or PDF lesson's size, with the choice of the
// text now and media later, or all of it now. Sizes come from the course's package, which
// is fetched to show them and then kept as the download's first part, so it is not
// fetched twice. Part of the course screen's chunk.
import { useEffect, useState } from 'preact/hooks';
import type { CoursePackage } from '../../domain/course.js';
import { api } from '../api.js';
import { DownloadButton } from '../components/DownloadButton.js';
import { formatBytes, type Lang } from '../i18n.js';
import { useOnline } from '../online.js';
import { useSession, useTranslate } from '../session.js';
import { type CatalogueEntry, db, type PendingDownload } from '../shared/database.js';
import { useDownloads } from './catalogue.js';
import { totalBytes } from './download.js';

const id = {
  title: 'Ukuran unduhan',
  text: 'Teks, kuis dan gambar: {size}',
  media: 'Video, audio dan PDF: {size}. Dapat diunduh sekarang atau nanti, per pelajaran atau semuanya.',
  textOnly: 'Unduh teks saja ({size}), media nanti',
  all: 'Unduh teks dan semua media ({size})',
};
const en: typeof id = {
  title: 'Download size',
  text: 'Text, quizzes and images: {size}',
  media: 'Video, audio and PDF: {size}. They can be downloaded now or later, per lesson or all.',
  textOnly: 'Download the text only ({size}), media later',
  all: 'Download the text and all media ({size})',
};
const words: Record<Lang, typeof id> = { id, en };

/** Set when the learner chose "all now": the course screen's media list starts once the text is stored. */
const wishKey = (courseId: string) => `sinau:media-now:${courseId}`;
/** Whether the learner asked for all media with the text; asking clears it. */
export function takeMediaWish(courseId: string): boolean {
  const wished = sessionStorage.getItem(wishKey(courseId)) !== null;
  sessionStorage.removeItem(wishKey(courseId));
  return wished;
}

/** The package as a download keeps it: the text's exact UTF-8 size is its first part's. */
const pendingOf = (courseId: string, text: string): PendingDownload => {
  const pkg = JSON.parse(text) as CoursePackage;
  return { courseId, version: pkg.version, pkg, packageBytes: new TextEncoder().encode(text).length, startedAt: Date.now() };
};

// Packages fetched for their sizes this session, so opening the screen again costs nothing.
const fetched = new Map<string, PendingDownload>();

export function CourseSizes({ entry, resuming }: { entry: CatalogueEntry; resuming: boolean }) {
  const t = useTranslate();
  const { token, lang } = useSession();
  const online = useOnline();
  const state = useDownloads((s) => s.byCourse[entry.id]);
  const start = useDownloads((s) => s.start);
  const key = `${entry.id}@${entry.version}`;
  const [pending, setPending] = useState(fetched.get(key));
  useEffect(() => {
    if (pending || resuming || !online || !token) return;
    const stop = new AbortController();
    api
      .coursePackage(token, entry.id, stop.signal)
      .then((text) => {
        const got = pendingOf(entry.id, text);
        fetched.set(key, got);
        setPending(got);
      })
      .catch(() => undefined); // the plain download button stays
    return () => stop.abort();
  }, [key, online, resuming]);

  // Under way, failed or resuming: the download button shows progress, the failure, "resume".
  if (state || resuming || !pending)
    return <DownloadButton courseId={entry.id} bytes={entry.downloadBytes} label="download" resuming={resuming} />;

  const size = (n: number) => formatBytes(n, lang);
  const w = words[lang];
  const text = totalBytes(pending);
  const lessons = pending.pkg.modules.flatMap((m) => m.lessons.filter((l) => l.media));
  const mediaBytes = [...new Map(lessons.map((l) => [l.media!.sha256, l.media!.size])).values()].reduce((n, b) => n + b, 0);
  const download = async (all: boolean) => {
    if (all) sessionStorage.setItem(wishKey(entry.id), '1');
    // The package fetched for its sizes is the download's first part: kept, not fetched again.
    if (!(await db.downloads.get(entry.id))) await db.downloads.put({ ...pending, startedAt: Date.now() });
    fetched.delete(key);
    await start(entry.id);
    if (useDownloads.getState().byCourse[entry.id]?.state === 'failed') sessionStorage.removeItem(wishKey(entry.id));
  };

  if (lessons.length === 0)
    return (
      <div class="download">
        <button type="button" onClick={() => void download(false)}>
          {t('downloadCourse', { size: size(text) })}
        </button>
      </div>
    );
  return (
    <section class="card" aria-labelledby="sizes-title">
      <h2 id="sizes-title">{w.title}</h2>
      <p>{w.text.replace('{size}', size(text))}</p>
      <p>{w.media.replace('{size}', size(mediaBytes))}</p>
      <ul>
        {lessons.map((l) => (
          <li key={l.id}>
            {l.title}: {size(l.media!.size)}
          </li>
        ))}
      </ul>
      <div class="download">
        <button type="button" onClick={() => void download(false)}>
          {w.textOnly.replace('{size}', size(text))}
        </button>
        <button type="button" class="secondary" onClick={() => void download(true)}>
          {w.all.replace('{size}', size(text + mediaBytes))}
        </button>
      </div>
    </section>
  );
}
