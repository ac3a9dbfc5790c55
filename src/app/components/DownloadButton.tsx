// WARNING: part of the main bundle. Download, resume, progress and failures of one course.
import { useDownloads } from '../courses/catalogue.js';
import { formatBytes } from '../i18n.js';
import { useSession, useTranslate } from '../session.js';

export function DownloadButton({
  courseId,
  bytes,
  label,
  resuming,
  onStart,
}: {
  courseId: string;
  bytes: number;
  /** `continue`: the learner wants to go on where they stopped, once it is downloaded. */
  label: 'download' | 'update' | 'continue';
  resuming?: boolean;
  onStart?: () => void;
}) {
  const t = useTranslate();
  const lang = useSession((s) => s.lang);
  const state = useDownloads((s) => s.byCourse[courseId]);
  const start = useDownloads((s) => s.start);
  const size = (n: number) => formatBytes(n, lang);

  if (state?.state === 'running') {
    const { done, total } = state.progress;
    return (
      <div class="download" role="status">
        <progress max={total || 1} value={done} aria-label={t('downloading')} />
        <span>{t('downloadProgress', { done: size(done), total: size(total) })}</span>
      </div>
    );
  }
  const failure = state?.state === 'failed' ? state : undefined;
  return (
    <div class="download">
      {failure && (
        <p class="error" role="alert">
          {failure.reason === 'full'
            ? t('storageFull', { needed: size(failure.needed ?? 0), available: size(failure.available ?? 0) })
            : failure.reason === 'expired'
              ? t('sessionExpired')
              : failure.reason === 'damaged'
                ? t('downloadDamaged')
                : t('downloadInterrupted')}
        </p>
      )}
      <button
        type="button"
        onClick={() => {
          onStart?.();
          void start(courseId);
        }}
      >
        {failure?.reason === 'offline' || resuming
          ? t('resumeDownload')
          : t(label === 'update' ? 'updateCourse' : label === 'continue' ? 'downloadToContinue' : 'downloadCourse', { size: size(bytes) })}
      </button>
    </div>
  );
}
