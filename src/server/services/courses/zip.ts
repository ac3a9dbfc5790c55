// A course folder uploaded as a zip, read in place: nothing in it is ever written to disk as
// a file. Every entry is checked from the central directory and every byte is inflated once
// (and thrown away) before the importer may read anything, so a hostile zip is a list of
// problems and never a tree of files the server's rights could be turned against.
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { ProblemCode, ProblemParams } from '../../../domain/api/course-upload.js';
import { type CourseFolder, describeRefusal, insideCourse, type ReadResult, type Refusal, type StreamResult } from './files.js';
import { Problem } from './yaml-source.js';

export const ZIP_LIMITS = {
  entries: 5_000,
  unpackedBytes: 1024 * 1024 * 1024,
  /** Unpacked bytes per byte of zip, over the whole zip. */
  ratio: 100,
  /** Below this many unpacked bytes the ratio is not judged: a small zip of text is harmless. */
  ratioFloorBytes: 16 * 1024 * 1024,
};
export type ZipLimits = typeof ZIP_LIMITS;

/** Problems about the zip as a whole carry no file name. */
const WHOLE_ZIP = '';
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const IGNORED_TOP = new Set(['__MACOSX']);

export interface OpenedZip {
  folder: CourseFolder;
  close(): void;
}

export type ZipOpenResult = ({ ok: true } & OpenedZip) | { ok: false; problems: Problem[] };

const fmt = (n: number) => n.toLocaleString('en-US');

const problem = (file: string, code: ProblemCode, params: ProblemParams, message: string) =>
  new Problem(file, undefined, code, params, message);

/** Why this entry's name or type cannot be part of a course, or undefined. */
function entryRefusal(entry: Entry, name: string): Problem | undefined {
  if (name.includes('\0')) return problem(name, 'zip-entry-nul', {}, 'has a NUL character in its name');
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/'))
    return problem(name, 'zip-entry-absolute', {}, 'is an absolute path; a course zip may only hold paths inside the course folder');
  if (name.split('/').includes('..') || insideCourse('', name) === undefined)
    return problem(
      name,
      'zip-entry-outside',
      {},
      `${describeRefusal({ reason: 'outside', path: name })} (it names ".."); a course zip may only hold paths inside it`,
    );
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) return problem(name, 'zip-entry-symlink', {}, describeRefusal({ reason: 'symlink', path: name, at: name }));
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
    return problem(name, 'zip-entry-not-a-file', {}, describeRefusal({ reason: 'not-a-file', path: name }));
  if (entry.isEncrypted()) return problem(name, 'zip-entry-encrypted', {}, 'is encrypted; zip the course again without a password');
  if (!name.endsWith('/') && entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    return problem(
      name,
      'zip-entry-compression',
      { method: entry.compressionMethod },
      `uses compression method ${entry.compressionMethod}, which this server cannot read; zip it again with ordinary (deflate) compression`,
    );
  return undefined;
}

const openStream = (zip: ZipFile, entry: Entry) =>
  new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));

/**
 * Reads an entry through `onChunk`, counting what is actually inflated: the sizes in the
 * headers are an uploader's claims. yauzl also stops an entry at its claimed size.
 */
async function inflate<T>(zip: ZipFile, entry: Entry, onChunk: (chunk: Buffer) => T | undefined): Promise<T | undefined> {
  const stream = await openStream(zip, entry);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const stop = onChunk(chunk);
      if (stop) return stop;
    }
    return undefined;
  } finally {
    stream.destroy();
  }
}

const damaged = (name: string, error: unknown) =>
  problem(
    name,
    'zip-entry-damaged',
    { detail: (error as Error).message },
    `unpacks differently from what the zip says about it (${(error as Error).message}); the zip is damaged: zip the course folder again`,
  );

/**
 * Opens a course zip at `path` (a file the server wrote) and checks all of it. On success the
 * folder reads the course's files from the zip; `course.yaml` may be at the root or inside
 * one top folder.
 */
export async function openCourseZip(path: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipOpenResult> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    const detail = (error as Error).message;
    return {
      ok: false,
      problems: [problem(WHOLE_ZIP, 'zip-unreadable', { detail }, `this is not a zip file that can be read (${detail})`)],
    };
  }
  const fail = (problems: Problem[]): ZipOpenResult => {
    zip.close();
    return { ok: false, problems };
  };
  // The count is in the end record: refuse before reading a single entry.
  if (zip.entryCount > limits.entries)
    return fail([
      problem(
        WHOLE_ZIP,
        'zip-too-many-entries',
        { entries: zip.entryCount, limit: limits.entries },
        `the zip holds ${fmt(zip.entryCount)} entries; a course may have at most ${fmt(limits.entries)}`,
      ),
    ]);

  // 1. Every entry's name and type, from the central directory.
  const problems: Problem[] = [];
  const files = new Map<string, Entry>();
  const dirs = new Set<string>();
  let claimed = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const refusal = entryRefusal(entry, name);
      if (refusal) {
        problems.push(refusal);
        continue;
      }
      const isDir = name.endsWith('/') || ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFDIR;
      const normal = insideCourse('', name) as string;
      if (isDir) {
        dirs.add(normal);
        continue;
      }
      if (files.has(normal)) problems.push(problem(name, 'zip-entry-duplicate', {}, 'appears twice in the zip; keep one'));
      files.set(normal, entry);
      claimed += entry.uncompressedSize;
    }
  } catch (error) {
    return fail([
      ...problems,
      problem(
        WHOLE_ZIP,
        'zip-damaged',
        { detail: (error as Error).message },
        `the zip cannot be read (${(error as Error).message}); zip the course folder again`,
      ),
    ]);
  }
  if (claimed > limits.unpackedBytes)
    problems.push(
      problem(
        WHOLE_ZIP,
        'zip-too-large',
        { size: claimed, limit: limits.unpackedBytes },
        `the zip says it unpacks to ${fmt(claimed)} bytes; a course may unpack to at most ${fmt(limits.unpackedBytes)}`,
      ),
    );

  // 2. Where course.yaml is: the root, or one top folder (macOS adds __MACOSX beside it).
  let prefix: string | undefined;
  if (files.has('course.yaml')) prefix = '';
  else {
    const tops = new Set([...files.keys(), ...dirs].map((p) => p.split('/')[0] as string).filter((top) => !IGNORED_TOP.has(top)));
    const [top] = tops;
    if (tops.size === 1 && files.has(`${top}/course.yaml`)) prefix = `${top}/`;
    else
      problems.push(
        problem('course.yaml', 'zip-no-course', {}, 'not found: put course.yaml at the root of the zip or inside one top folder'),
      );
  }
  if (problems.length > 0 || prefix === undefined) return fail(problems);

  // 3. Every byte, inflated and counted (not kept), before anything is read for real.
  let total = 0;
  const bombed = () =>
    total > limits.unpackedBytes
      ? problem(
          WHOLE_ZIP,
          'zip-unpacks-too-large',
          { limit: limits.unpackedBytes },
          `the zip unpacks to more than ${fmt(limits.unpackedBytes)} bytes, the most a course may hold`,
        )
      : total > limits.ratioFloorBytes && total > limits.ratio * zip.fileSize
        ? problem(
            WHOLE_ZIP,
            'zip-bomb',
            { ratio: limits.ratio },
            `the zip unpacks to more than ${limits.ratio} times its own size (a zip bomb); a course's files do not compress that well`,
          )
        : undefined;
  for (const [name, entry] of files) {
    let size = 0;
    try {
      const stop = await inflate(zip, entry, (chunk) => {
        size += chunk.length;
        total += chunk.length;
        if (size > entry.uncompressedSize) return damaged(name, new Error(`more than ${fmt(entry.uncompressedSize)} bytes`));
        return bombed();
      });
      if (stop) return fail([stop]);
    } catch (error) {
      return fail([damaged(name, error)]);
    }
  }

  const root = prefix;
  const find = (
    ref: string,
    limit: number | undefined,
  ): { ok: true; path: string; entry: Entry } | ({ ok: false; path: string } & Refusal) => {
    const path = insideCourse('', ref);
    if (path === undefined) return { ok: false, path: ref, reason: 'outside' };
    const entry = files.get(root + path);
    if (!entry) return { ok: false, path, reason: path === '.' || dirs.has(root + path) ? 'not-a-file' : 'missing' };
    if (limit !== undefined && entry.uncompressedSize > limit)
      return { ok: false, path, reason: 'too-large', size: entry.uncompressedSize, limit };
    return { ok: true, path, entry };
  };
  return {
    ok: true,
    close: () => zip.close(),
    folder: {
      async read(ref, limit): Promise<ReadResult> {
        const found = find(ref, limit);
        if (!found.ok) return found;
        const { path, entry } = found;
        const chunks: Buffer[] = [];
        try {
          await inflate(zip, entry, (chunk) => void chunks.push(chunk));
        } catch (error) {
          return { ok: false, path, reason: 'unreadable', code: (error as Error).message };
        }
        return { ok: true, path, data: Buffer.concat(chunks) };
      },
      // Inflated from the zip as it is read, so a 250 MiB video is never in memory whole nor
      // unpacked to disk.
      async stream(ref, limit): Promise<StreamResult> {
        const found = find(ref, limit);
        if (!found.ok) return found;
        const { path, entry } = found;
        try {
          return { ok: true, path, size: entry.uncompressedSize, stream: await openStream(zip, entry) };
        } catch (error) {
          return { ok: false, path, reason: 'unreadable', code: (error as Error).message };
        }
      },
    },
  };
}
