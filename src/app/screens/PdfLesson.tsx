// A PDF lesson, one page at a time into a canvas as wide as the screen. The bytes come from
// /api/media/<sha256>, which the service worker answers from the stored copy offline. The
// place is the page shown ÷ pages; the lesson completes once the last page has been shown.
// Text is drawn, not selectable: pdf.js's text layer needs its viewer's CSS and a second
// pass per page, which a 360 px phone pays for on every page turn.
import type * as PdfJs from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'preact/hooks';
import { PDFJS_URL, PDFJS_WORKER_URL } from '../shared/media-pdfjs.js';
import type { MediaLessonProps } from './MediaLesson.js';

// pdf.js and its worker load by URL; offline they come from the cache a PDF lesson's
// download stored them in (shared/media-pdfjs.ts).
let pdfjs: Promise<typeof PdfJs> | undefined;
const loadPdfJs = () =>
  (pdfjs ??= (import(/* @vite-ignore */ PDFJS_URL) as Promise<typeof PdfJs>).then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = PDFJS_WORKER_URL;
    return lib;
  }));

const words = {
  id: {
    pages: 'Halaman PDF',
    page: 'Halaman {n} dari {total}',
    previous: '← Sebelumnya',
    next: 'Berikutnya →',
    failed: 'PDF tidak dapat dibuka.',
  },
  en: { pages: 'PDF pages', page: 'Page {n} of {total}', previous: '← Previous', next: 'Next →', failed: 'The PDF could not be opened.' },
};

/** The page a saved place points at: the place is page ÷ pages. */
export const pageOf = (position: number, pages: number): number => Math.min(pages, Math.max(1, Math.round(position * pages)));

export function PdfLesson({ lang, media, resume, done, onPosition, onComplete, onUnavailable }: MediaLessonProps) {
  const t = words[lang];
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [page, setPage] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  const handlers = useRef({ onPosition, onComplete, onUnavailable, done });
  handlers.current = { onPosition, onComplete, onUnavailable, done };

  useEffect(() => {
    let loaded: PDFDocumentProxy | null = null;
    let cancelled = false;
    void (async () => {
      const [{ getDocument }, response] = await Promise.all([loadPdfJs(), fetch(`/api/media/${media.sha256}`)]);
      if (!response.ok) throw new Error(`PDF: ${response.status}`);
      // The CSP allows no eval; pdf.js then uses its slower, eval-free font path.
      loaded = await getDocument({ data: new Uint8Array(await response.arrayBuffer()), isEvalSupported: false }).promise;
      if (cancelled) return void loaded.destroy();
      setDoc(loaded);
      setPage(pageOf(resume, loaded.numPages));
    })().catch(() => {
      if (cancelled) return;
      if (handlers.current.onUnavailable) handlers.current.onUnavailable();
      else setFailed(true);
    });
    return () => {
      cancelled = true;
      void loaded?.destroy();
    };
  }, [media.sha256]);

  useEffect(() => {
    if (!doc || !page || !canvas.current) return;
    const target = canvas.current;
    let task: ReturnType<Awaited<ReturnType<PDFDocumentProxy['getPage']>>['render']> | null = null;
    let cancelled = false;
    void doc
      .getPage(page)
      .then((p) => {
        if (cancelled) return;
        const width = target.parentElement?.clientWidth || 360;
        const scale = width / p.getViewport({ scale: 1 }).width;
        // Sharp on a phone's dense screen, without a canvas bigger than the phone can hold.
        const ratio = Math.min(window.devicePixelRatio || 1, 2);
        const viewport = p.getViewport({ scale: scale * ratio });
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        target.style.width = `${Math.floor(viewport.width / ratio)}px`;
        target.style.display = 'block';
        task = p.render({ canvas: target, viewport });
        return task.promise.then(() => {
          if (cancelled) return;
          handlers.current.onPosition(page / doc.numPages);
          if (page === doc.numPages && !handlers.current.done) handlers.current.onComplete();
        });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page]);

  if (failed) return <p role="alert">{t.failed}</p>;
  const pages = doc?.numPages ?? 0;
  const label = t.page.replace('{n}', String(page)).replace('{total}', String(pages));
  return (
    <div class="pdf-lesson">
      <div class="pdf-page" style={{ border: '1px solid var(--line)', background: '#fff' }}>
        <canvas ref={canvas} aria-label={pages ? label : undefined} style={{ maxWidth: '100%' }} />
      </div>
      {pages > 0 && (
        <>
          {/* The page count on a line of its own: beside both buttons it is wider than 360 px. */}
          <p aria-live="polite" style={{ textAlign: 'center', margin: '0.5rem 0 0' }}>
            {label}
          </p>
          <nav class="pager" aria-label={t.pages} style={{ paddingTop: '0.5rem' }}>
            <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t.previous}
            </button>
            <button type="button" class="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              {t.next}
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
