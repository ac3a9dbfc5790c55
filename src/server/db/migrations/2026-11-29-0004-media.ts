import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Video, audio and PDF lessons (docs/course-format.md, "Media lessons"): each file by its
// SHA-256, in chunks, so that any instance answers any Range by reading only the chunks it
// covers, and a 250 MiB file is never one value in memory. `media` is written after all of a
// file's chunks: a row means the file is complete.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  const blob = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('media')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('chunk_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('media_chunks')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('index', 'integer', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('media_chunks_pk', ['sha256', 'index'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_chunks').execute();
  await db.schema.dropTable('media').execute();
}
