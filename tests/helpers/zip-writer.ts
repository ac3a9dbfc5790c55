// Zips written by hand, so tests can build the hostile ones no zip tool would write: names
// with `..`, symlink entries, sizes that lie. Stored or deflated entries, no zip64.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data?: Buffer;
  /** Deflate (default for data over 64 bytes) or store. */
  method?: 0 | 8;
  /** Unix mode for the external attributes (e.g. 0o120777 for a symlink). */
  mode?: number;
  /** Already-compressed bytes, written as they are, with `size` as the unpacked size the headers claim. */
  raw?: { method: 8; data: Buffer; size: number };
}

/** Builds a zip by writing pieces to `write` (a Buffer list, a file stream). */
export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;

  constructor(private readonly write: (chunk: Buffer) => void | Promise<void>) {}

  async add(entry: ZipEntry): Promise<void> {
    const name = Buffer.from(entry.name, 'utf8');
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.raw?.method ?? entry.method ?? (data.length > 64 ? 8 : 0);
    const body = entry.raw?.data ?? (method === 8 ? deflateRawSync(data, { level: 1 }) : data);
    const size = entry.raw?.size ?? data.length;
    const crc = entry.raw ? 0 : crc32(data);
    const isDir = entry.name.endsWith('/');
    const mode = entry.mode ?? (isDir ? 0o40755 : 0o100644);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode bits count
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE((mode << 16) >>> 0, 38);
    header.writeUInt32LE(this.offset, 42);
    this.central.push(header, name);
    this.count++;

    for (const piece of [local, name, body]) {
      await this.write(piece);
      this.offset += piece.length;
    }
  }

  async finish(): Promise<void> {
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(this.count, 0xffff), 8);
    end.writeUInt16LE(Math.min(this.count, 0xffff), 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    await this.write(directory);
    await this.write(end);
  }
}

export async function zip(entries: ZipEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const writer = new ZipWriter((c) => void chunks.push(c));
  for (const entry of entries) await writer.add(entry);
  await writer.finish();
  return Buffer.concat(chunks);
}

/** A folder's files as entries, under `prefix` (e.g. 'my-course/' for one top folder). */
export function folderEntries(dir: string, prefix = ''): ZipEntry[] {
  const walk = (at: string): string[] =>
    readdirSync(at).flatMap((name) => {
      const full = join(at, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  return walk(dir)
    .sort()
    .map((full) => ({ name: prefix + relative(dir, full).split('\\').join('/'), data: readFileSync(full) }));
}

/**
 * Raw deflate of `mib` MiB of zeros, built from one compressed MiB repeated: each piece is
 * flushed to a byte boundary and stands alone, so a gigabyte costs a megabyte to make.
 */
export function deflatedZeros(mib: number): Buffer {
  const piece = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  return Buffer.concat([...Array.from({ length: mib }, () => piece), Buffer.from([0x03, 0x00])]);
}
