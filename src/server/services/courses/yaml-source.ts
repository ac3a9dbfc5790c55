// YAML files parsed with their line numbers, so every problem names file and line.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

export interface Problem {
  file: string;
  line?: number;
  message: string;
}

export interface ParsedYaml<T> {
  value?: T;
  /** The document as plain data, valid or not (undefined when the YAML itself is broken). */
  raw?: unknown;
  problems: Problem[];
}

export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S): ParsedYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const broken = doc.errors.map((e) => ({ file, line: lineOf(e.pos[0]), message: e.message.split('\n')[0] ?? e.message }));
  // A repeated key leaves the rest of the document intact (the last one wins), so it is
  // still checked and its files read; after a syntax error the structure is guesswork.
  if (!doc.errors.every((e) => e.code === 'DUPLICATE_KEY')) return { problems: broken };

  const raw: unknown = doc.toJS();
  const result = schema.safeParse(raw);
  if (result.success) return broken.length ? { raw, problems: broken } : { value: result.data, raw, problems: [] };
  const invalid = result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // Point at the deepest node that exists: a missing key is reported at its parent.
    let line: number | undefined;
    for (let n = path.length; n >= 0 && line === undefined; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      line = lineOf(node?.range?.[0]);
    }
    const where = path.length ? `${path.join('.')}: ` : '';
    return { file, line, message: `${where}${issue.message}` };
  });
  return { raw, problems: [...broken, ...invalid] };
}

export const formatProblem = (p: Problem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
