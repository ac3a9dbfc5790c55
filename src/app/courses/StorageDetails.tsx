// The storage panel's contents (components/StoragePanel.tsx loads it): per downloaded course
// the space its text and images take and, per video, audio or PDF lesson, the bytes of its
// file on the phone, with one lesson's media or all of a course's removable here. A chunk
// of its own: the media store and these words stay out of the main bundle.
import { useEffect, useState } from 'preact/hooks';
import { useLiveQuery } from '../db/live.js';
import { formatBytes, type Lang } from '../i18n.js';
import { useSession, useTranslate } from '../session.js';
import { type MediaLessonState, removeLessonsMedia, removeUnusedMedia, storageByCourse } from './media-lessons.js';
import { freeBytes } from './storage.js';

const id = {
  text: 'Teks dan gambar: {size}',
  media: 'Media: {size}',
  ready: '{size} tersimpan',
  partial: '{done} dari {size} tersimpan',
  none: 'Belum diunduh ({size})',
  removeOne: 'Hapus',
  remove: 'Hapus media {title}',
  removeAll: 'Hapus semua media kursus ini',
  failed: 'Media tidak dapat dihapus. Coba lagi.',
};
const en: typeof id = {
  text: 'Text and images: {size}',
  media: 'Media: {size}',
  ready: '{size} stored',
  partial: '{done} of {size} stored',
  none: 'Not downloaded ({size})',
  removeOne: 'Remove',
  remove: 'Remove the media of {title}',
  removeAll: "Remove all of this course's media",
  failed: 'The media could not be removed. Try again.',
};
const words: Record<Lang, typeof id> = { id, en };

/** What a lesson's file is on the phone: stored, part of it, or not downloaded. */
export function lessonStorageText(l: MediaLessonState, lang: Lang): string {
  const size = (n: number) => formatBytes(n, lang);
  const w = words[lang];
  if (l.ready) return w.ready.replace('{size}', size(l.storedBytes));
  if (l.storedBytes > 0) return w.partial.replace('{done}', size(l.storedBytes)).replace('{size}', size(l.media.size));
  return w.none.replace('{size}', size(l.media.size));
}

export function StorageDetails() {
  const t = useTranslate();
  const lang = useSession((s) => s.lang);
  const w = words[lang];
  const size = (n: number) => formatBytes(n, lang);
  const courses = useLiveQuery(() => storageByCourse(), []);
  const [free, setFree] = useState<number>();
  const [persisted, setPersisted] = useState<boolean>();
  const [failed, setFailed] = useState(false);
  const total = courses?.reduce((n, c) => n + c.textBytes + c.mediaBytes, 0);
  useEffect(() => {
    void freeBytes().then(setFree);
    void navigator.storage?.persisted?.().then(setPersisted);
  }, [total]);
  // Removing a course's download (in the main bundle) leaves its media: it goes here.
  useEffect(() => {
    void removeUnusedMedia().catch(() => undefined);
  }, [courses?.length]);
  if (!courses?.length) return null;

  const remove = (lessons: MediaLessonState[]) => {
    setFailed(false);
    void removeLessonsMedia(lessons).catch(() => setFailed(true));
  };
  return (
    <section class="card storage" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('storage')}</h2>
      <ul>
        {courses.map((c) => {
          const stored = c.lessons.filter((l) => l.storedBytes > 0);
          return (
            <li key={c.courseId}>
              {c.title}: <strong>{size(c.textBytes + c.mediaBytes)}</strong>
              {c.lessons.length > 0 && (
                <>
                  <ul>
                    <li>{w.text.replace('{size}', size(c.textBytes))}</li>
                    <li>{w.media.replace('{size}', size(c.mediaBytes))}</li>
                    {c.lessons.map((l) => (
                      <li key={l.lessonId}>
                        {l.title}: {lessonStorageText(l, lang)}
                        {l.storedBytes > 0 && (
                          <>
                            {' '}
                            <button
                              type="button"
                              class="secondary small"
                              aria-label={w.remove.replace('{title}', l.title)}
                              onClick={() => remove([l])}
                            >
                              {w.removeOne}
                            </button>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                  {stored.length > 0 && (
                    <button type="button" class="secondary small" onClick={() => remove(stored)}>
                      {w.removeAll}
                    </button>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
      {failed && <p role="alert">{w.failed}</p>}
      {free !== undefined && <p>{t('storageFree', { size: size(free) })}</p>}
      {persisted !== undefined && <p class="muted">{persisted ? t('storagePersisted') : t('storageNotPersisted')}</p>}
    </section>
  );
}
