// Reads the files of a course folder without ever leaving it. Import runs with the
// server's rights over a folder someone else wrote: one symbolic link or `..` would publish
// any file the server can read (its database, its keys) as a public image or lesson text.
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, open, realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';

export type Refusal =
  | { reason: 'outside' }
  | { reason: 'missing' }
  | { reason: 'symlink'; at: string }
  | { reason: 'not-a-file' }
  | { reason: 'changed' }
  | { reason: 'unreadable'; code: string }
  | { reason: 'too-large'; size: number; limit: number };

export type ReadResult = { ok: true; path: string; data: Buffer } | ({ ok: false; path: string } & Refusal);
/** A file read as it streams by: whoever gets `stream` must read it to its end or destroy it. */
export type StreamResult = { ok: true; path: string; size: number; stream: Readable } | ({ ok: false; path: string } & Refusal);

/**
 * `ref` as a path relative to the course folder, or undefined when it leaves the folder.
 * `from` is the folder-relative directory the reference was written in.
 */
export function insideCourse(from: string, ref: string): string | undefined {
  if (ref.includes('\0') || posix.isAbsolute(ref) || isAbsolute(ref)) return undefined;
  const path = posix.normalize(posix.join(from, ref));
  if (path === '..' || path.startsWith('../')) return undefined;
  return path;
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
// A FIFO swapped in after the checks must not hang the import on open.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

export interface CourseFolder {
  /** Reads a folder-relative path (as written in course.yaml) that must be a regular file. */
  read(ref: string, limit?: number): Promise<ReadResult>;
  /** The same, for a file too large to hold in memory at once (a media lesson's). */
  stream(ref: string, limit?: number): Promise<StreamResult>;
}

export function courseFolder(dir: string): CourseFolder {
  // The folder itself may be reached through a link: that is the operator's choice, made
  // on the command line. Everything below it is the course author's.
  const root = realpath(dir).catch(() => undefined);
  type Opened = { ok: true; path: string; handle: FileHandle; size: number } | ({ ok: false; path: string } & Refusal);
  const openChecked = async (ref: string, limit: number | undefined): Promise<Opened> => {
    const path = insideCourse('', ref);
    if (path === undefined) return { ok: false, path: ref, reason: 'outside' };
    const base = await root;
    if (base === undefined) return { ok: false, path, reason: 'missing' };
    if (path === '.') return { ok: false, path, reason: 'not-a-file' };

    // lstat every step, so a linked directory (`images -> /etc`) is caught, not only a
    // linked file.
    const parts = path.split('/');
    let full = base;
    let seen: Stats | undefined;
    for (const [i, part] of parts.entries()) {
      full = join(full, part);
      try {
        seen = await lstat(full);
      } catch (error) {
        const code = codeOf(error);
        return code === 'ENOENT' || code === 'ENOTDIR'
          ? { ok: false, path, reason: 'missing' }
          : { ok: false, path, reason: 'unreadable', code };
      }
      if (seen.isSymbolicLink()) return { ok: false, path, reason: 'symlink', at: parts.slice(0, i + 1).join('/') };
      if (i < parts.length - 1 && !seen.isDirectory()) return { ok: false, path, reason: 'missing' };
    }
    if (!seen?.isFile()) return { ok: false, path, reason: 'not-a-file' };

    let handle: FileHandle;
    try {
      const real = relative(base, await realpath(full));
      if (real === '..' || real.startsWith(`..${sep}`) || isAbsolute(real)) return { ok: false, path, reason: 'outside' };
      handle = await open(full, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'ELOOP') return { ok: false, path, reason: 'symlink', at: path };
      return code === 'ENOENT' ? { ok: false, path, reason: 'missing' } : { ok: false, path, reason: 'unreadable', code };
    }
    let refusal: Opened | undefined;
    try {
      // The checks above and the open are separate steps; make sure the file opened is
      // the one that was checked.
      const opened = await handle.stat();
      if (!opened.isFile() || opened.ino !== seen.ino || opened.dev !== seen.dev) refusal = { ok: false, path, reason: 'changed' };
      else if (limit !== undefined && opened.size > limit) refusal = { ok: false, path, reason: 'too-large', size: opened.size, limit };
      else return { ok: true, path, handle, size: opened.size };
    } catch (error) {
      refusal = { ok: false, path, reason: 'unreadable', code: codeOf(error) };
    }
    await handle.close();
    return refusal;
  };
  return {
    async read(ref, limit) {
      const opened = await openChecked(ref, limit);
      if (!opened.ok) return opened;
      const { path, handle } = opened;
      try {
        return { ok: true, path, data: await handle.readFile() };
      } catch (error) {
        return { ok: false, path, reason: 'unreadable', code: codeOf(error) };
      } finally {
        await handle.close();
      }
    },
    async stream(ref, limit) {
      const opened = await openChecked(ref, limit);
      if (!opened.ok) return opened;
      // The stream closes the handle when it ends or is destroyed.
      return { ok: true, path: opened.path, size: opened.size, stream: opened.handle.createReadStream() };
    },
  };
}

/** Why a file could not be read, to follow its name in a problem. */
export function describeRefusal(refusal: Refusal & { path: string }): string {
  switch (refusal.reason) {
    case 'outside':
      return 'is outside the course folder';
    case 'missing':
      return 'not found';
    case 'symlink':
      return `${refusal.at === refusal.path ? 'is a symbolic link' : `is inside "${refusal.at}", which is a symbolic link`}; import never follows links, so put the file itself in the course folder`;
    case 'not-a-file':
      return 'is not a regular file';
    case 'changed':
      return 'changed while it was being read; import again';
    case 'unreadable':
      return `cannot be read (${refusal.code})`;
    case 'too-large':
      return `is ${refusal.size} bytes; the limit is ${refusal.limit}`;
  }
}

/** The code of a refusal, to follow `file-` or `image-` in a problem's code, and what it names. */
export function refusalCode(refusal: Refusal & { path: string }): {
  code: Refusal['reason'];
  params: Record<string, string | number>;
} {
  switch (refusal.reason) {
    case 'symlink':
      return { code: 'symlink', params: { path: refusal.path, at: refusal.at } };
    case 'unreadable':
      return { code: 'unreadable', params: { path: refusal.path, detail: refusal.code } };
    case 'too-large':
      return { code: 'too-large', params: { path: refusal.path, size: refusal.size, limit: refusal.limit } };
    default:
      return { code: refusal.reason, params: { path: refusal.path } };
  }
}
