// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (candidate && existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is not installed. Install it with: apt-get install -y chromium (as root), then run npm test again.');
  }
}

/** A fresh profile each time, as a first-time visitor has. `args`: more Chromium flags (a fake camera). */
export async function launchContext(
  options: { viewport?: { width: number; height: number }; userAgent?: string; args?: string[] } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sinau-chromium-')), {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
    viewport: options.viewport ?? { width: 360, height: 740 },
    locale: 'id-ID',
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
}
