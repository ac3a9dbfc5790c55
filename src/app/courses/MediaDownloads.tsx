// A course's video, audio and PDF lessons on its screen: each file's size before anything
// starts, then per lesson or all at once, download, resume or remove. The course's text
// arrives with the course download; media comes when the learner chooses (DESIGN.md §15).
// A chunk of its own with its words, loaded by the course screen only for a course that has
// media lessons.
import { useEffect, useState } from 'preact/hooks';
import type { CoursePackage } from '../../domain/course.js';
import { useLiveQuery } from '../db/live.js';
import { formatBytes, type Lang } from '../i18n.js';
import { useSession } from '../session.js';
import { takeMediaWish } from './CourseSizes.js';
import type { MediaProgress } from './media-download.js';
import {
  downloadLessonsMedia,
  type MediaLesson,
  type MediaLessonState,
  mediaStates,
  removeLessonsMedia,
  removeUnusedMedia,
  storedBytes,
} from './media-lessons.js';
import { IntegrityError, StorageFullError } from './storage.js';

const id = {
  title: 'Video, audio dan PDF',
  hint: 'Teks kursus sudah tersimpan. Media dapat diunduh sekarang atau nanti, per pelajaran atau semuanya.',
  uses: 'Media kursus ini di perangkat: {size}',
  downloadAll: 'Unduh semua media ({size})',
  removeAll: 'Hapus semua media',
  download: 'Unduh ({size})',
  resume: 'Lanjutkan ({size} lagi)',
  remove: 'Hapus',
  ready: 'Tersimpan · {size}',
  partial: '{done} dari {size} tersimpan',
  notStored: 'Belum diunduh · {size}',
  progress: '{done} dari {total}',
  full: 'Ruang penyimpanan tidak cukup: perlu {needed}, tersedia {available}. Yang sudah terunduh tetap tersimpan.',
  damaged: 'Berkas media rusak saat diunduh dan sudah dihapus. Coba unduh lagi.',
  interrupted: 'Unduhan terputus. Yang sudah terunduh tetap tersimpan; lanjutkan saat ada sinyal.',
};
const en: typeof id = {
  title: 'Video, audio and PDF',
  hint: "The course's text is stored. Media can be downloaded now or later, per lesson or all of it.",
  uses: "This course's media on this device: {size}",
  downloadAll: 'Download all media ({size})',
  removeAll: 'Remove all media',
  download: 'Download ({size})',
  resume: 'Resume ({size} left)',
  remove: 'Remove',
  ready: 'Stored · {size}',
  partial: '{done} of {size} stored',
  notStored: 'Not downloaded · {size}',
  progress: '{done} of {total}',
  full: 'Not enough storage: {needed} needed, {available} free. What was downloaded stays stored.',
  damaged: 'A media file arrived damaged and was deleted. Try downloading it again.',
  interrupted: 'The download was interrupted. What arrived stays stored; resume when there is signal.',
};
type Message = keyof typeof id;
const words: Record<Lang, typeof id> = { id, en };

function useWords() {
  const lang = useSession((s) => s.lang);
  const size = (n: number) => formatBytes(n, lang);
  const t = (key: Message, params: Record<string, string> = {}) =>
    words[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
  return { t, size };
}

function failureText(error: unknown, t: ReturnType<typeof useWords>['t'], size: (n: number) => string): string {
  if (error instanceof StorageFullError) return t('full', { needed: size(error.needed), available: size(error.available) });
  if (error instanceof IntegrityError) return t('damaged');
  return t('interrupted');
}

export function MediaDownloads({ pkg }: { pkg: CoursePackage }) {
  const { t, size } = useWords();
  const lessons = useLiveQuery(() => mediaStates(pkg), [pkg.id, pkg.version]);
  const [progress, setProgress] = useState<MediaProgress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // Removing a course's download (in the main bundle) leaves its media; they go here, once
  // per course screen, which is where media is seen and managed.
  useEffect(() => {
    void removeUnusedMedia().catch(() => undefined);
  }, []);

  const busy = progress !== null;
  const run = async (work: () => Promise<void>) => {
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(failureText(error, t, size));
    } finally {
      setProgress(null);
    }
  };
  const download = (chosen: MediaLesson[]) =>
    run(() => {
      setProgress({ done: 0, total: 1 });
      return downloadLessonsMedia(chosen, setProgress);
    });
  // The learner chose the text and all media at once, before the text arrived.
  const [wished] = useState(() => takeMediaWish(pkg.id));
  const loaded = lessons !== undefined;
  useEffect(() => {
    const missing = lessons?.filter((l) => !l.ready) ?? [];
    if (wished && missing.length > 0) void download(missing);
  }, [wished, loaded]);
  if (!lessons || lessons.length === 0) return null;

  const remove = (chosen: MediaLesson[]) => run(() => removeLessonsMedia(chosen));
  const left = (l: MediaLessonState) => l.media.size - l.storedBytes;
  const missing = lessons.filter((l) => !l.ready);
  const stored = lessons.filter((l) => l.storedBytes > 0);
  // Two lessons may show the same file; it downloads once.
  const missingSize = [...new Map(missing.map((l) => [l.media.sha256, left(l)])).values()].reduce((n, b) => n + b, 0);

  return (
    <section class="card media-downloads" aria-labelledby="media-title">
      <h2 id="media-title">{t('title')}</h2>
      <p class="note">{t('hint')}</p>
      <p>{t('uses', { size: size(storedBytes(lessons)) })}</p>
      <ul>
        {lessons.map((l) => (
          <li key={l.lessonId}>
            <span>{l.title}</span>{' '}
            <small>
              {l.ready
                ? t('ready', { size: size(l.media.size) })
                : l.storedBytes > 0
                  ? t('partial', { done: size(l.storedBytes), size: size(l.media.size) })
                  : t('notStored', { size: size(l.media.size) })}
            </small>{' '}
            {!l.ready && (
              <button type="button" class="secondary small" disabled={busy} onClick={() => void download([l])}>
                {l.storedBytes > 0 ? t('resume', { size: size(left(l)) }) : t('download', { size: size(l.media.size) })}
              </button>
            )}
            {l.storedBytes > 0 && (
              <button type="button" class="secondary small" disabled={busy} onClick={() => void remove([l])}>
                {t('remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {progress && (
        <div class="download" role="status">
          <progress max={progress.total || 1} value={progress.done} />
          <span>{t('progress', { done: size(progress.done), total: size(progress.total) })}</span>
        </div>
      )}
      {failure && <p role="alert">{failure}</p>}
      {missing.length > 1 && (
        <button type="button" disabled={busy} onClick={() => void download(missing)}>
          {t('downloadAll', { size: size(missingSize) })}
        </button>
      )}{' '}
      {stored.length > 1 && (
        <button type="button" class="secondary" disabled={busy} onClick={() => void remove(stored)}>
          {t('removeAll')}
        </button>
      )}
    </section>
  );
}
