// An SVG is a document that can run script when opened on its own, so an image is parsed
// as the browser will parse it, strictly and with namespaces, and refused if anything in
// it could run. Matching text patterns misses `<x:script>` and entity-encoded URLs.
import { SaxesParser } from 'saxes';
import type { ProblemCode, ProblemParams } from '../../../domain/api/course-upload.js';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const NO_SCRIPT = 'SVG images may not carry scripts or event handlers';

// Browsers drop whitespace and control characters inside a URL's scheme; drop more than
// they do (format and separator characters too), so no spelling slips past.
const scriptUrl = (value: string) => /(?:javascript|vbscript):/.test(value.replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '').toLowerCase());

export interface SvgRefusal {
  code: ProblemCode;
  params: ProblemParams;
  /** A phrase to follow `image "…" `. */
  message: string;
}

/**
 * Why this SVG may not be published, as a phrase to follow `image "…" `, or undefined
 * when it is safe.
 */
export const svgRefusal = (data: Buffer): string | undefined => svgProblem(data)?.message;

/** Why this SVG may not be published, with its code, or undefined when it is safe. */
export function svgProblem(data: Buffer): SvgRefusal | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { code: 'svg-not-utf8', params: {}, message: 'is an SVG that is not UTF-8 text' };
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  let refusal: SvgRefusal | undefined;
  const refuse = (code: ProblemCode, params: ProblemParams, message: string) => {
    refusal ??= { code, params, message };
  };
  let root = true;
  let inStyle = 0;
  parser.on('error', (error) => {
    const detail = error.message.replace(/\.$/, '');
    refuse('svg-malformed', { detail }, `is not a well-formed SVG (${detail})`);
  });
  parser.on('xmldecl', (decl) => {
    if (decl.encoding !== undefined && !/^(utf-8|us-ascii)$/i.test(decl.encoding))
      refuse('svg-encoding', { encoding: decl.encoding }, `is an SVG declaring the encoding "${decl.encoding}"; save it as UTF-8`);
  });
  // An internal subset can define entities that spell out what is checked for below.
  parser.on('doctype', (doctype) => {
    if (doctype.includes('[')) refuse('svg-entities', {}, 'is an SVG that declares its own entities (<!DOCTYPE … [ … ]>)');
  });
  // xml-stylesheet can bring in XSLT, which can write script into the page.
  parser.on('processinginstruction', (pi) =>
    refuse('svg-processing-instruction', { target: pi.target }, `is an SVG with a processing instruction (<?${pi.target}?>)`),
  );
  parser.on('opentag', (tag) => {
    if (root && (tag.local !== 'svg' || tag.uri !== SVG_NAMESPACE))
      refuse('svg-not-svg', { root: tag.name }, `is not an SVG: its root element is <${tag.name}>, not <svg> in the SVG namespace`);
    root = false;
    // Any prefix, any namespace, any case: a namespace is only a declaration away.
    if (/^(script|foreignobject|handler|listener)$/i.test(tag.local))
      refuse('svg-script-element', { element: tag.name }, `is an SVG with a <${tag.name}> element; ${NO_SCRIPT}`);
    if (tag.local.toLowerCase() === 'style') inStyle++;
    for (const attribute of Object.values(tag.attributes)) {
      if (/^on/i.test(attribute.local))
        refuse('svg-event-handler', { attribute: attribute.name }, `is an SVG with an event handler (${attribute.name}); ${NO_SCRIPT}`);
      // <set attributeName="onclick" to="…"> would add a handler the parse cannot see.
      else if (attribute.local === 'attributeName' && /^\s*(?:[\w.-]+:)?on/i.test(attribute.value))
        refuse(
          'svg-animated-handler',
          { attribute: attribute.value.trim() },
          `is an SVG that animates an event handler (${attribute.value.trim()}); ${NO_SCRIPT}`,
        );
      else if (scriptUrl(attribute.value))
        refuse(
          'svg-javascript-url',
          { attribute: attribute.name },
          `is an SVG with a javascript: URL (in ${attribute.name}); ${NO_SCRIPT}`,
        );
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.local?.toLowerCase() === 'style') inStyle--;
  });
  const styleText = (text: string) => {
    if (inStyle > 0 && scriptUrl(text)) refuse('svg-style-javascript', {}, `is an SVG with a javascript: URL in its style; ${NO_SCRIPT}`);
  };
  parser.on('text', styleText);
  parser.on('cdata', styleText);
  try {
    parser.write(text).close();
  } catch (error) {
    refuse('svg-malformed', { detail: String(error) }, `is not a well-formed SVG (${String(error)})`);
  }
  return refusal;
}
