// Publishing a course from the browser: choose (or drop) the course folder as a zip, watch it
// upload, read every problem with its file and line, look through the outline and any lesson
// as a learner will see it, then publish. The server checks with the same importer as
// `sinau course import`; nothing is published before "Terbitkan".
import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../i18n.js';
import { useSession } from '../session.js';
import { adminApi, type CourseUploadAnswer } from './api.js';
import { problemSentence } from './course-problems.js';
import { describeError } from './errors.js';
import type { AdminTranslate } from './i18n-admin.js';
import { useAdminTranslate } from './use-admin-translate.js';

type Problem = CourseUploadAnswer['problems'][number];
type Lesson = NonNullable<CourseUploadAnswer['course']>['outline'][number]['lessons'][number];

/** The importer's words (English, shared with the CLI) said plainly, for the problems officers meet most. */
function explain(t: AdminTranslate, { file, message }: Problem): string | undefined {
  if (message === 'file not found') return t('courseProblemMissing');
  const image = /^image "([^"]+)" not found/.exec(message);
  if (image) return t('courseProblemImageMissing', { src: image[1]! });
  const version = /version (\d+) is already published with different content/.exec(message);
  if (version) return t('courseProblemVersion', { version: version[1]!, next: Number(version[1]) + 1 });
  if (/symbolic link/.test(message)) return t('courseProblemLink');
  if (/outside the course folder|absolute path/.test(message)) return t('courseProblemOutside');
  if (file === 'course.yaml' && /^not found/.test(message)) return t('courseProblemNoCourse');
  if (file === '' || /unpacks|zip bomb/.test(message)) return t('courseProblemZip');
  return undefined;
}

export function CourseUpload({ onPublished }: { onPublished?: () => void } = {}) {
  const t = useAdminTranslate();
  const lang = useSession((s) => s.lang);
  const [file, setFile] = useState<File>();
  const [sending, setSending] = useState<number>();
  const [answer, setAnswer] = useState<CourseUploadAnswer>();
  const [error, setError] = useState<string>();
  const [lesson, setLesson] = useState<Lesson>();
  const [dragging, setDragging] = useState(false);

  const upload = async (chosen: File, publish: boolean) => {
    setFile(chosen);
    setError(undefined);
    if (!publish) {
      setAnswer(undefined);
      setLesson(undefined);
    }
    setSending(0);
    try {
      const result = await adminApi.uploadCourse(chosen, publish, setSending);
      setAnswer(result);
      if (result.outcome === 'published') onPublished?.();
    } catch (e) {
      setError(
        (e as { status?: number }).status === 413 ? t('courseUploadTooLarge') : t('courseUploadFailed', { reason: describeError(t, e) }),
      );
    } finally {
      setSending(undefined);
    }
  };
  const chosen = (files: FileList | null | undefined) => {
    const first = files?.[0];
    if (first) void upload(first, false);
  };

  const course = answer?.course;
  return (
    <section class="card course-upload" aria-labelledby="course-upload-title">
      <h2 id="course-upload-title">{t('courseUploadTitle')}</h2>
      <p class="muted">{t('courseUploadHint')}</p>
      <label
        class={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          chosen(e.dataTransfer?.files);
        }}
      >
        {t('courseUploadChoose')}
        <input
          type="file"
          accept=".zip,application/zip"
          disabled={sending !== undefined}
          onChange={(e) => chosen((e.target as HTMLInputElement).files)}
        />
      </label>
      {sending !== undefined && file && (
        <p role="status">
          {sending < 1 ? t('courseUploadSending', { name: file.name, percent: Math.floor(sending * 100) }) : t('courseUploadChecking')}
          <progress max={1} value={sending} aria-label={file.name} />
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {answer && answer.problems.length > 0 && (
        <div role="alert">
          <p class="error">{t('courseUploadProblems', { n: answer.problems.length })}</p>
          <ul class="problems">
            {answer.problems.map((p, i) => {
              const plain = problemSentence(answer.details?.[i], lang) ?? explain(t, p);
              return (
                <li key={`${p.file}:${p.line}:${p.message}`}>
                  <strong>
                    {p.file === '' ? t('courseUploadWholeZip') : p.line ? t('courseUploadWhere', { file: p.file, line: p.line }) : p.file}
                  </strong>
                  : {plain ?? p.message}
                  {plain && <small class="muted"> ({p.message})</small>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {course && (
        <div role="status">
          <p>
            {t('courseUploadSummary', {
              title: course.title,
              version: course.version,
              modules: course.modules,
              lessons: course.lessons,
              size: formatBytes(course.sizeBytes, lang),
            })}{' '}
            {course.publishedVersion === null ? t('courseUploadNew') : t('courseUploadCurrent', { version: course.publishedVersion })}
          </p>
          {course.publishedVersion !== null && (
            <p>
              {t('courseUploadChanges', {
                added: answer.changes.added.length,
                changed: answer.changes.changed.length,
                removed: answer.changes.removed.length,
              })}
              {answer.changes.removed.length > 0 && ` ${t('courseUploadRemoved', { list: answer.changes.removed.join(', ') })}`}
            </p>
          )}
          {answer.outcome === 'published' && (
            <p class="ready">{t('courseUploadPublished', { title: course.title, version: course.version })}</p>
          )}
          {answer.outcome === 'unchanged' && <p class="ready">{t('courseUploadUnchanged', { version: course.version })}</p>}
          {answer.ok && !answer.outcome && file && (
            <button type="button" disabled={sending !== undefined} onClick={() => void upload(file, true)}>
              {t('courseUploadPublish')}
            </button>
          )}
          {course.outline.map((m) => (
            <div key={m.id}>
              <h3>{m.title}</h3>
              <ul class="outline">
                {m.lessons.map((l) => (
                  <li key={l.id}>
                    {l.title}
                    {l.change !== 'same' && (
                      <span class={`badge ${l.change}`}> {t(l.change === 'added' ? 'courseUploadAdded' : 'courseUploadChanged')}</span>
                    )}{' '}
                    <button type="button" class="secondary" aria-pressed={lesson?.id === l.id} onClick={() => setLesson(l)}>
                      {t('courseUploadPreview')}
                      <span class="visually-hidden">: {l.title}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {lesson && <LessonPreview lesson={lesson} previewId={answer.previewId} label={t('courseUploadPreviewOf')} />}
        </div>
      )}
    </section>
  );
}

const ASSET = /\/api\/assets\/([0-9a-f]{64})/g;

/**
 * The lesson's sanitized HTML as the learner's screen shows it (same classes). Its images are
 * not published yet: they come from the upload kept for this preview, through the admin's
 * token, as blob URLs, like the learner's offline copies.
 */
function LessonPreview({ lesson, previewId, label }: { lesson: Lesson; previewId: string | undefined; label: string }) {
  const [html, setHtml] = useState(lesson.html);
  useEffect(() => {
    setHtml(lesson.html);
    if (!previewId) return;
    const shas = [...new Set([...lesson.html.matchAll(ASSET)].map((m) => m[1]!))];
    const urls: string[] = [];
    let live = true;
    void Promise.all(
      shas.map(async (sha) => {
        const url = URL.createObjectURL(await adminApi.previewImage(previewId, sha));
        urls.push(url);
        return [sha, url] as const;
      }),
    ).then(
      (pairs) => {
        const bySha = new Map(pairs);
        if (live) setHtml(lesson.html.replace(ASSET, (whole, sha: string) => bySha.get(sha) ?? whole));
      },
      () => undefined, // an expired preview keeps its text; the images stay empty
    );
    return () => {
      live = false;
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, [lesson, previewId]);
  return (
    <article class="lesson preview" aria-label={label}>
      <h1>{lesson.title}</h1>
      <div class="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}
