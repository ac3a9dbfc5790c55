// Uploads kept for a short while after a preview, so the admin screen can show a lesson's
// images before they are published (they are not in the assets table yet). The zip stays in
// its private directory and is read in place; nothing is kept past the time limit, past the
// newest few, or past the server's life.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Asset } from './load.js';
import { MAX_ASSET_BYTES } from './load.js';
import type { OpenedZip } from './zip.js';

interface Kept {
  dir: string;
  zip: OpenedZip;
  assets: Map<string, Asset>;
  timer: NodeJS.Timeout;
}

export class PreviewStore {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly max = 3,
  ) {}

  /** Takes over `dir` (removed when the preview expires) and the open zip; returns the preview's id. */
  keep(dir: string, zip: OpenedZip, assets: Asset[]): string {
    const id = randomBytes(16).toString('base64url');
    const timer = setTimeout(() => void this.drop(id), this.ttlMs);
    timer.unref();
    this.kept.set(id, { dir, zip, assets: new Map(assets.map((a) => [a.sha256, a])), timer });
    // Oldest first: a Map iterates in insertion order.
    for (const old of this.kept.keys()) if (this.kept.size > this.max) void this.drop(old);
    return id;
  }

  async asset(id: string, sha256: string): Promise<{ mime: string; data: Buffer } | undefined> {
    const kept = this.kept.get(id);
    const asset = kept?.assets.get(sha256);
    if (!kept || !asset) return undefined;
    const read = await kept.zip.folder.read(asset.path, MAX_ASSET_BYTES);
    return read.ok ? { mime: asset.mime, data: read.data } : undefined;
  }

  async drop(id: string): Promise<void> {
    const kept = this.kept.get(id);
    if (!kept) return;
    this.kept.delete(id);
    clearTimeout(kept.timer);
    kept.zip.close();
    await rm(kept.dir, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    await Promise.all([...this.kept.keys()].map((id) => this.drop(id)));
  }
}
