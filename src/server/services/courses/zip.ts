// A course folder uploaded as a zip, read in place: nothing in it is ever written to disk as
// a file. Every entry is checked from the central directory and every byte is inflated once
// (and thrown away) before the importer may read anything, so a hostile zip is a list of
// problems and never a tree of files the server's rights could be turned against.
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type CourseFolder, describeRefusal, insideCourse, type ReadResult } from './files.js';
import type { Problem } from './yaml-source.js';

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

/** Why this entry's name or type cannot be part of a course, or undefined. */
function entryRefusal(entry: Entry, name: string): string | undefined {
  if (name.includes('\0')) return 'has a NUL character in its name';
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/'))
    return 'is an absolute path; a course zip may only hold paths inside the course folder';
  if (name.split('/').includes('..') || insideCourse('', name) === undefined)
    return `${describeRefusal({ reason: 'outside', path: name })} (it names ".."); a course zip may only hold paths inside it`;
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) return describeRefusal({ reason: 'symlink', path: name, at: name });
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) return describeRefusal({ reason: 'not-a-file', path: name });
  if (entry.isEncrypted()) return 'is encrypted; zip the course again without a password';
  if (!name.endsWith('/') && entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    return `uses compression method ${entry.compressionMethod}, which this server cannot read; zip it again with ordinary (deflate) compression`;
  return undefined;
}

const openStream = (zip: ZipFile, entry: Entry) =>
  new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));

/**
 * Reads an entry through `onChunk`, counting what is actually inflated: the sizes in the
 * headers are an uploader's claims. yauzl also stops an entry at its claimed size.
 */
async function inflate(zip: ZipFile, entry: Entry, onChunk: (chunk: Buffer) => string | undefined): Promise<string | undefined> {
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

const damaged = (error: unknown) =>
  `unpacks differently from what the zip says about it (${(error as Error).message}); the zip is damaged: zip the course folder again`;

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
    return { ok: false, problems: [{ file: WHOLE_ZIP, message: `this is not a zip file that can be read (${(error as Error).message})` }] };
  }
  const fail = (problems: Problem[]): ZipOpenResult => {
    zip.close();
    return { ok: false, problems };
  };
  // The count is in the end record: refuse before reading a single entry.
  if (zip.entryCount > limits.entries)
    return fail([
      { file: WHOLE_ZIP, message: `the zip holds ${fmt(zip.entryCount)} entries; a course may have at most ${fmt(limits.entries)}` },
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
        problems.push({ file: name, message: refusal });
        continue;
      }
      const isDir = name.endsWith('/') || ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFDIR;
      const normal = insideCourse('', name) as string;
      if (isDir) {
        dirs.add(normal);
        continue;
      }
      if (files.has(normal)) problems.push({ file: name, message: 'appears twice in the zip; keep one' });
      files.set(normal, entry);
      claimed += entry.uncompressedSize;
    }
  } catch (error) {
    return fail([
      ...problems,
      { file: WHOLE_ZIP, message: `the zip cannot be read (${(error as Error).message}); zip the course folder again` },
    ]);
  }
  if (claimed > limits.unpackedBytes)
    problems.push({
      file: WHOLE_ZIP,
      message: `the zip says it unpacks to ${fmt(claimed)} bytes; a course may unpack to at most ${fmt(limits.unpackedBytes)}`,
    });

  // 2. Where course.yaml is: the root, or one top folder (macOS adds __MACOSX beside it).
  let prefix: string | undefined;
  if (files.has('course.yaml')) prefix = '';
  else {
    const tops = new Set([...files.keys(), ...dirs].map((p) => p.split('/')[0] as string).filter((top) => !IGNORED_TOP.has(top)));
    const [top] = tops;
    if (tops.size === 1 && files.has(`${top}/course.yaml`)) prefix = `${top}/`;
    else problems.push({ file: 'course.yaml', message: 'not found: put course.yaml at the root of the zip or inside one top folder' });
  }
  if (problems.length > 0 || prefix === undefined) return fail(problems);

  // 3. Every byte, inflated and counted (not kept), before anything is read for real.
  let total = 0;
  const bombed = () =>
    total > limits.unpackedBytes
      ? `the zip unpacks to more than ${fmt(limits.unpackedBytes)} bytes, the most a course may hold`
      : total > limits.ratioFloorBytes && total > limits.ratio * zip.fileSize
        ? `the zip unpacks to more than ${limits.ratio} times its own size (a zip bomb); a course's files do not compress that well`
        : undefined;
  for (const [name, entry] of files) {
    let size = 0;
    try {
      const stop = await inflate(zip, entry, (chunk) => {
        size += chunk.length;
        total += chunk.length;
        if (size > entry.uncompressedSize) return damaged(new Error(`more than ${fmt(entry.uncompressedSize)} bytes`));
        return bombed();
      });
      if (stop) return fail([{ file: stop.startsWith('unpacks') ? name : WHOLE_ZIP, message: stop }]);
    } catch (error) {
      return fail([{ file: name, message: damaged(error) }]);
    }
  }

  const root = prefix;
  return {
    ok: true,
    close: () => zip.close(),
    folder: {
      async read(ref, limit): Promise<ReadResult> {
        const path = insideCourse('', ref);
        if (path === undefined) return { ok: false, path: ref, reason: 'outside' };
        const entry = files.get(root + path);
        if (!entry) return { ok: false, path, reason: path === '.' || dirs.has(root + path) ? 'not-a-file' : 'missing' };
        if (limit !== undefined && entry.uncompressedSize > limit)
          return { ok: false, path, reason: 'too-large', size: entry.uncompressedSize, limit };
        const chunks: Buffer[] = [];
        try {
          await inflate(zip, entry, (chunk) => void chunks.push(chunk));
        } catch (error) {
          return { ok: false, path, reason: 'unreadable', code: (error as Error).message };
        }
        return { ok: true, path, data: Buffer.concat(chunks) };
      },
    },
  };
}
