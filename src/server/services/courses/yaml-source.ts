// YAML files parsed with their line numbers, so every problem names file and line.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ProblemCode, ProblemParams } from '../../../domain/api/course-upload.js';

/**
 * A problem with a file, its line when there is one, and the English the CLI prints. Its code
 * and params are read through getters, so it still serializes as {file, line, message}, the
 * shape the CLI and the upload's `problems` have.
 */
export class Problem {
  readonly file: string;
  declare readonly line?: number;
  readonly message: string;
  readonly #code: ProblemCode;
  readonly #params: ProblemParams;
  constructor(file: string, line: number | undefined, code: ProblemCode, params: ProblemParams, message: string) {
    this.file = file;
    if (line !== undefined) (this as { line?: number }).line = line;
    this.message = message;
    this.#code = code;
    this.#params = params;
  }
  get code(): ProblemCode {
    return this.#code;
  }
  get params(): ProblemParams {
    return this.#params;
  }
}

/** The problem's code and params, for the upload's `details`. */
export const problemDetail = (p: Problem) => ({ code: p.code, params: p.params });

export interface ParsedYaml<T> {
  value?: T;
  /** The document as plain data, valid or not (undefined when the YAML itself is broken). */
  raw?: unknown;
  problems: Problem[];
  /** The line of the node at `path` (or of its nearest existing parent), for later problems. */
  lineOf?: (path: readonly (string | number)[]) => number | undefined;
}

export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S): ParsedYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const broken = doc.errors.map((e) => {
    const message = e.message.split('\n')[0] ?? e.message;
    const line = lineOf(e.pos[0]);
    return e.code === 'DUPLICATE_KEY'
      ? new Problem(file, line, 'yaml-duplicate-key', {}, message)
      : new Problem(file, line, 'yaml-syntax', { yamlCode: e.code, detail: message }, message);
  });
  // A repeated key leaves the rest of the document intact (the last one wins), so it is
  // still checked and its files read; after a syntax error the structure is guesswork.
  if (!doc.errors.every((e) => e.code === 'DUPLICATE_KEY')) return { problems: broken };

  const raw: unknown = doc.toJS();
  // Point at the deepest node that exists: a missing key is reported at its parent.
  const lineAt = (path: readonly (string | number)[]) => {
    let line: number | undefined;
    for (let n = path.length; n >= 0 && line === undefined; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      line = lineOf(node?.range?.[0]);
    }
    return line;
  };
  const result = schema.safeParse(raw);
  if (result.success)
    return broken.length ? { raw, problems: broken, lineOf: lineAt } : { value: result.data, raw, problems: [], lineOf: lineAt };
  const invalid = result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const line = lineAt(path);
    const where = path.length ? `${path.join('.')}: ` : '';
    const { code, params } = schemaCode(issue, path, raw);
    return new Problem(file, line, code, { path: path.join('.'), ...params }, `${where}${issue.message}`);
  });
  return { raw, problems: [...broken, ...invalid], lineOf: lineAt };
}

const valueAt = (raw: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), raw);

const listOf = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

/** A schema issue as a code and the bounds it names (the messages of src/domain/course.ts). */
function schemaCode(issue: z.core.$ZodIssue, path: PropertyKey[], raw: unknown): { code: ProblemCode; params: ProblemParams } {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(raw, path) === undefined
        ? { code: 'schema-missing', params: {} }
        : { code: 'schema-type', params: { expected: issue.expected } };
    case 'too_small':
      return {
        code: 'schema-too-small',
        params: { origin: issue.origin, minimum: Number(issue.minimum), inclusive: issue.inclusive === false ? 0 : 1 },
      };
    case 'too_big':
      return {
        code: 'schema-too-big',
        params: { origin: issue.origin, maximum: Number(issue.maximum), inclusive: issue.inclusive === false ? 0 : 1 },
      };
    case 'invalid_format':
      if (/lowercase letters, digits and dashes/.test(issue.message)) return { code: 'schema-id-format', params: {} };
      if (/relative path inside the course folder/.test(issue.message)) return { code: 'schema-path-format', params: {} };
      return { code: 'schema-format', params: { format: issue.format } };
    case 'not_multiple_of':
      return { code: 'schema-not-multiple', params: { divisor: Number(issue.divisor) } };
    case 'unrecognized_keys':
      return { code: 'schema-unknown-keys', params: { keys: listOf(issue.keys) } };
    case 'invalid_value':
      return { code: 'schema-choice', params: { values: listOf(issue.values) } };
    case 'invalid_union':
      return { code: 'schema-union', params: {} };
    case 'custom': {
      const single = /exactly one correct option \(found (\d+)\)/.exec(issue.message);
      if (single) return { code: 'quiz-single-correct', params: { found: Number(single[1]) } };
      if (/at least one correct option/.test(issue.message)) return { code: 'quiz-multiple-correct', params: {} };
      if (/option ids must be unique/.test(issue.message)) return { code: 'quiz-option-ids', params: {} };
      const question = /duplicate question id "(.*)"/.exec(issue.message);
      if (question) return { code: 'quiz-question-id', params: { id: question[1] ?? '' } };
      return { code: 'schema-other', params: { detail: issue.message } };
    }
    default:
      return { code: 'schema-other', params: { detail: issue.message } };
  }
}

export const formatProblem = (p: Problem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
