// Lesson Markdown → sanitized HTML. Authors may write raw HTML, so everything passes an
// allow-list sanitizer afterwards; images must be files of the package (a course is read
// offline, so a remote image would be a hole in the lesson).
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt({ html: true, linkify: true, typographer: true });

export interface RenderedLesson {
  html: string;
  /** Image references as written, with the 1-based source line they appear on. */
  images: { src: string; line: number }[];
}

/**
 * Renders Markdown, handing each image path to `resolveImage`, which returns the URL to
 * use or undefined (the image is then dropped, and the caller reports why).
 */
export function renderLesson(source: string, resolveImage: (src: string, line: number) => string | undefined): RenderedLesson {
  const tokens = md.parse(source, {});
  const images: RenderedLesson['images'] = [];
  let blockLine = 1;
  for (const block of tokens) {
    // markdown-it gives lines to blocks only (and not to a table cell, so the row's line
    // carries over); count the breaks before an image so a problem points at its own line
    // of a long paragraph.
    if (block.map) blockLine = block.map[0] + 1;
    let line = blockLine;
    for (const token of block.children ?? []) {
      if (token.type === 'softbreak' || token.type === 'hardbreak') line++;
      else if (token.type === 'html_inline') line += token.content.split('\n').length - 1;
      if (token.type !== 'image') continue;
      const src = token.attrGet('src') ?? '';
      images.push({ src, line });
      token.attrSet('src', resolveImage(src, line) ?? '');
    }
  }
  return { html: sanitizeLessonHtml(md.renderer.render(tokens, md.options, {})), images };
}

const ASSET_URL = /^\/api\/assets\/[0-9a-f]{64}$/;

export function sanitizeLessonHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'p',
      'br',
      'hr',
      'blockquote',
      'pre',
      'code',
      'ul',
      'ol',
      'li',
      'strong',
      'em',
      'b',
      'i',
      's',
      'sub',
      'sup',
      'mark',
      'small',
      'a',
      'img',
      'figure',
      'figcaption',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'caption',
      'dl',
      'dt',
      'dd',
      'abbr',
      'details',
      'summary',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
      ol: ['start'],
      abbr: ['title'],
    },
    allowedSchemes: ['https', 'http', 'mailto', 'tel'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    // Lessons start at h2: h1 is the lesson title, drawn by the app.
    transformTags: {
      h1: 'h2',
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer', target: '_blank' } }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !ASSET_URL.test(frame.attribs.src ?? ''),
  });
}
