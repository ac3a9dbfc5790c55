// Uploading and previewing a 200 MiB course zip against the built server in its own process:
// how long it takes, and how far the server's resident memory rises over idle. The upload
// is streamed to a file and the zip read in place, so a large course must not mean a large
// heap. The course is 44 lessons, each with a real PNG of random pixels of about 4.8 MB (under
// the importer's 5 MiB per image), stored uncompressed in the zip as cameras' JPEGs would be.

import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openAsBlob, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createSession } from '../../src/server/services/sessions.js';
import { upsertUser } from '../../src/server/services/users.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { freePort, ServerProcess } from '../helpers/process.js';
import { SAMPLE_COURSE } from '../helpers/server.js';
import { folderEntries, ZipWriter, zip } from '../helpers/zip-writer.js';
import { report } from './report.js';

const LESSONS = 44;
const WIDTH = 1000;
const HEIGHT = 1600;
const RSS_BUDGET_MB = 64;

let database: TestDatabase;
let store: Store;
let server: ServerProcess;
let token: string;
let dir: string;
let zipPath: string;

/** A valid PNG of random RGB pixels: incompressible, like a photograph's bytes. */
function randomPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(WIDTH, 0);
  ihdr.writeUInt32BE(HEIGHT, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = randomFillSync(Buffer.alloc(HEIGHT * (1 + WIDTH * 3)));
  for (let y = 0; y < HEIGHT; y++) rows[y * (1 + WIDTH * 3)] = 0; // filter: none
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

async function writeBigCourse(path: string): Promise<void> {
  const fd = openSync(path, 'w');
  const writer = new ZipWriter((piece) => void writeSync(fd, piece));
  const modules = Array.from({ length: 4 }, (_, m) => {
    const lessons = Array.from({ length: LESSONS / 4 }, (_, i) => {
      const id = `m${m + 1}-l${i + 1}`;
      return `      - { id: ${id}, title: "Pelajaran ${id}", file: lessons/${id}.md, minutes: 10 }`;
    });
    return `  - id: m${m + 1}\n    title: "Modul ${m + 1}"\n    lessons:\n${lessons.join('\n')}`;
  });
  const yaml = `id: kursus-besar\nversion: 1\ntitle: "Kursus bergambar besar"\nsummary: "Uji unggah."\nlanguage: id\ncategory: bangkom\njp: 2\nmodules:\n${modules.join('\n')}\n`;
  await writer.add({ name: 'kursus-besar/course.yaml', data: Buffer.from(yaml) });
  for (let m = 1; m <= 4; m++)
    for (let i = 1; i <= LESSONS / 4; i++) {
      const id = `m${m}-l${i}`;
      await writer.add({
        name: `kursus-besar/lessons/${id}.md`,
        data: Buffer.from(`## ${id}\n\nFoto kegiatan:\n\n![Foto ${id}](../images/${id}.png)\n`),
      });
      await writer.add({ name: `kursus-besar/images/${id}.png`, data: randomPng(), method: 0 });
    }
  await writer.finish();
  closeSync(fd);
}

const upload = async (body: Blob) => {
  const response = await fetch(`${server.url}/api/admin/courses?publish=0`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip', authorization: `Bearer ${token}` },
    body,
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; problems: unknown[]; course: { lessons: number } } };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sinau-bench-upload-'));
  zipPath = join(dir, 'kursus-besar.zip');
  await writeBigCourse(zipPath);
  database = await createTestDatabase('sqlite');
  store = openStore(database.url);
  await migrateToLatest(store.db);
  await upsertUser(store.db, {
    nip: '198001012006041001',
    name: 'Admin',
    unit: 'BKPSDM',
    role: 'admin',
    password: 'x-bench-1',
  });
  const admin = await store.db.selectFrom('users').select('id').where('nip', '=', '198001012006041001').executeTakeFirstOrThrow();
  token = (await createSession(store.db, admin.id)).token;
  server = new ServerProcess(await freePort(), database.url);
  await server.start();
}, 300_000);

afterAll(async () => {
  server?.kill();
  await store?.close();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('uploads and previews a 200 MiB course zip within the memory budget', async () => {
  const size = statSync(zipPath).size;
  expect(size).toBeGreaterThan(200 * 1024 * 1024);
  // Idle: started, and the importer's code warmed by previewing the small sample course.
  const warm = await upload(new Blob([new Uint8Array(await zip(folderEntries(SAMPLE_COURSE)))]));
  expect(warm.body.ok).toBe(true);
  const idle = server.peakRssMb();

  const started = performance.now();
  const answer = await upload(await openAsBlob(zipPath));
  const seconds = (performance.now() - started) / 1000;
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: true, problems: [], course: { lessons: LESSONS } });
  const growth = server.peakRssMb() - idle;

  const over = report(`Upload and preview of a ${(size / 1024 / 1024).toFixed(0)} MiB course zip (${LESSONS} lessons, ${LESSONS} PNGs)`, [
    // Inside the server's whole-request timeout (server.ts, 60 s) with room to spare.
    { name: 'upload and preview, over loopback', value: seconds, unit: 's', budget: 60, kind: 'max' },
    {
      name: `server peak RSS growth over idle (idle peak ${idle.toFixed(0)} MB)`,
      value: growth,
      unit: 'MB',
      budget: RSS_BUDGET_MB,
      kind: 'max',
    },
  ]);
  expect(over).toEqual([]);
});
