// GIFT, read the way Moodle's importer reads it (DESIGN.md §13): questions are separated by
// blank lines, `//` lines are comments, `::name::` names a question, the first `{ … }` holds
// its answers. Types a quiz here cannot hold are problems naming the question; the rest convert.
import type { QuestionSource } from '../course.js';
import { type BankProblem, type BankQuestions, bankLines, checked, optionId, QuestionIds, questionLabel } from './shared.js';
import { plainText, type TextFormat, withFormat } from './text.js';

interface Line {
  text: string;
  line: number;
}

/** Questions as Moodle splits them: runs of non-blank lines, without comments and category switches. */
function* blocks(lines: string[]): Generator<Line[]> {
  let block: Line[] = [];
  for (const [i, raw] of lines.entries()) {
    const text = raw.trim();
    if (text === '') {
      if (block.length > 0) yield block;
      block = [];
    } else if (!text.startsWith('//') && !text.startsWith('$CATEGORY:')) {
      // Moodle takes a block that starts with $CATEGORY: as nothing but the switch, losing a
      // question written right under it; only the line is dropped here, so the question stays.
      block.push({ text, line: i + 1 });
    }
  }
  if (block.length > 0) yield block;
}

// Escaped control characters become a private-use character and a filler, two characters
// for two, so offsets (and with them line numbers) still match the bank's text.
const FILL = '\uE000';
const protect = (text: string) => text.replace(/\\([\\~=#{}:n])/g, (_, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)) + FILL);
const unprotect = (text: string) =>
  text.replace(/[\uE000-\uE07F]/g, (c) => {
    if (c === FILL) return '';
    const original = String.fromCharCode(c.charCodeAt(0) - 0xe000);
    return original === 'n' ? '\n' : original;
  });

interface Segment {
  marker: string;
  body: string;
  /** Offset of the segment in the question's text, for its line. */
  at: number;
}

/** The answer block cut before every marker character (`~`/`=` for choices, `=` for short answers). */
function segments(text: string, at: number, markers: string): Segment[] {
  const out: Segment[] = [{ marker: '', body: '', at }];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (markers.includes(c)) out.push({ marker: c, body: '', at: at + i });
    else out[out.length - 1]!.body += c;
  }
  return out.filter((s, i) => i > 0 || s.body.trim() !== '');
}

interface Answer {
  text: string;
  feedback: string;
  weight: number;
  exact: boolean;
  line: number;
}

const WEIGHT = /^%(-?\d+(?:\.\d+)?)%/;
const PUNCTUATION_ONLY = /^[\p{P}\s]*$/u;
const TRUE_FALSE = new Set(['T', 'TRUE', 'F', 'FALSE']);

export function readGift(bank: string): BankQuestions {
  const questions: QuestionSource[] = [];
  const problems: BankProblem[] = [];
  const ids = new QuestionIds();
  let position = 0;
  for (const block of blocks(bankLines(bank))) {
    position++;
    const question = readQuestion(block, position, ids, problems);
    if (question) questions.push(question);
  }
  return { questions, problems };
}

function readQuestion(block: Line[], position: number, ids: QuestionIds, problems: BankProblem[]): QuestionSource | undefined {
  const text = protect(block.map((l) => l.text).join('\n'));
  // The block's lines are joined by "\n", so the newlines before an offset count its line.
  const lineAt = (offset: number) => {
    let i = 0;
    for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) i++;
    return block[i]!.line;
  };
  const first = block[0]!.line;

  let name: string | undefined;
  let body = 0;
  if (text.startsWith('::')) {
    const end = text.indexOf('::', 2);
    // Without a closing `::` Moodle reads on as if there were no name; so does this.
    body = end < 0 ? 2 : end + 2;
    if (end >= 0) name = unprotect(text.slice(2, end)).trim() || undefined;
  }
  const open = text.indexOf('{', body);
  const close = text.indexOf('}', body);
  const shown = withFormat(unprotect(text.slice(body, open < 0 ? undefined : open)).trim(), 'moodle');
  const label = questionLabel(name, plainText(shown.text, shown.format).text || unprotect(text.slice(body)));
  const problem = (message: string, line = first) => void problems.push({ line, message: `question ${label} ${message}` });

  if (open < 0 && close < 0)
    return problem('has no answers in { }: Moodle would import it as a description, which is not a question; left out');
  if (open < 0 || close < open) return problem('has a "{" without its "}" (write \\{ or \\} for a brace in the text); left out');

  let answers = text.slice(open + 1, close);
  let general = '';
  const split = answers.lastIndexOf('####');
  if (split >= 0) [answers, general] = [answers.slice(0, split), answers.slice(split + 4)];
  const kind = answers.trim();
  const after = unprotect(text.slice(close + 1)).trim();

  if (/^\d+:[A-Z_]+:/.test(kind))
    return problem("uses embedded answers ({1:MC:…}, Moodle's Cloze type), which GIFT cannot carry; left out");
  if (kind === '') return problem('is an essay ({}), which a quiz cannot grade; left out');
  if (kind.startsWith('#')) return problem('is a numerical question ({#…}), which is not supported; left out');
  if (!kind.includes('~') && kind.includes('=') && kind.includes('->'))
    return problem('is a matching question (… -> …), which is not supported; left out');
  if (!PUNCTUATION_ONLY.test(after))
    return problem('is a missing-word question (text after the answers), which is not supported; left out', lineAt(close));

  const prompt = withFormat(text.slice(body, open).trim(), 'moodle');
  let images = 0;
  const plain = (raw: string, fallback: TextFormat) => {
    const formatted = withFormat(unprotect(raw).trim(), fallback);
    const result = plainText(formatted.text, formatted.format);
    images += result.images;
    return result.text;
  };
  const id = ids.next(name, position);
  const promptText = plain(prompt.text.trimEnd() + after, prompt.format);
  const head = <T extends QuestionSource['type']>(type: T) => ({ id, type, prompt: promptText });
  const explain = (...parts: string[]) => {
    const text = [...new Set([...parts, general].map((p) => plain(p, prompt.format)).filter(Boolean))].join('\n');
    return text ? { explanation: text } : {};
  };
  /** One answer: `%weight%` (else `fallback`), its text, and its `#feedback`. */
  const answerAt = (s: Segment, fallback: number): Answer => {
    let rest = s.body.trim();
    let weight = fallback;
    const w = WEIGHT.exec(rest);
    if (w) [weight, rest] = [Number(w[1]), rest.slice(w[0].length)];
    const hash = rest.indexOf('#');
    return {
      text: plain(hash < 0 ? rest : rest.slice(0, hash), prompt.format),
      feedback: hash < 0 ? '' : rest.slice(hash + 1),
      weight,
      exact: s.marker === '=',
      line: lineAt(s.at),
    };
  };

  let question: QuestionSource;
  if (kind.includes('~')) {
    // An empty answer (`~=right`, a common slip) is skipped, as Moodle skips it when saving.
    const options = segments(answers, open + 1, '~=')
      .map((s) => answerAt(s, s.marker === '=' ? 100 : 0))
      .filter((o) => o.text !== '');
    if (options.length < 2) return problem('has fewer than two answers; left out');
    let correct: Answer[];
    if (options.some((o) => o.exact)) {
      // `=` makes Moodle's single-answer kind: one right answer, others possibly worth part.
      for (const o of options.filter((o) => o.weight > 0 && o.weight < 100))
        problem(`gives "${o.text}" ${o.weight} %, and partial credit is not supported: it counts as wrong`, o.line);
      correct = options.filter((o) => o.weight >= 100);
      if (correct.length > 1)
        return problem(
          `has ${correct.length} answers marked "=", but a single-choice question has one (for several right answers use ~%50% weights); left out`,
        );
    } else {
      correct = options.filter((o) => o.weight > 0);
    }
    if (correct.length === 0) return problem('has no correct answer; left out');
    question = {
      ...head(options.some((o) => o.exact) ? 'single' : 'multiple'),
      options: options.map((o, i) => ({ id: optionId(i), text: o.text, ...(correct.includes(o) ? { correct: true } : {}) })),
      ...explain(...correct.map((o) => o.feedback)),
    };
  } else {
    const [word = '', , right = ''] = kind.split('#');
    if (TRUE_FALSE.has(word.trim().toUpperCase())) {
      // {TRUE#shown when wrong#shown when right}: the second is the correct answer's feedback.
      question = { ...head('truefalse'), answer: word.trim().toUpperCase().startsWith('T'), ...explain(right) };
    } else {
      const accepted: Answer[] = [];
      // Text before any `=` is an answer too, as Moodle reads `{Jakarta}`.
      for (const a of segments(answers, open + 1, '=').map((s) => answerAt(s, 100))) {
        if (a.text === '') continue;
        if (a.weight >= 100) accepted.push(a);
        else problem(`accepts "${a.text}" for ${a.weight} %; only full-credit answers are kept, so it is dropped`, a.line);
      }
      if (accepted.length === 0) return problem('has no answer worth 100 %; left out');
      question = { ...head('short'), accept: accepted.map((a) => a.text), ...explain(accepted[0]!.feedback) };
    }
  }
  if (images > 0) problem(`had ${images === 1 ? 'an image' : `${images} images`}, which a quiz cannot show: left out of the text`);
  return checked(question, label, first, problems);
}
