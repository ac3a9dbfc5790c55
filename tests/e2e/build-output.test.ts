// `npm start` builds the app before it serves, so its output is read by whoever runs the
// server: the build says nothing when all is well (no chunk list, no advice on how long
// plugins took) and still fails loudly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const vite = resolve(root, 'node_modules/vite/bin/vite.js');
const outDir = mkdtempSync(join(tmpdir(), 'sinau-build-'));
const build = (...args: string[]) => {
  // As `npm start` runs it: not under the test runner's NODE_ENV=test.
  const { NODE_ENV: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

describe('the app build’s output', () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is quiet when the build succeeds, for both the app and its service worker', () => {
    const { status, output } = build();
    expect(status).toBe(0);
    expect(existsSync(join(outDir, 'sw.js'))).toBe(true);
    expect(output.trim()).toBe('');
  });

  // Reads the build of the test above.
  it('keeps the check-in and its QR decoder out of what a first visit loads', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const initial = new Set<string>();
    const visit = (file: string) => {
      if (initial.has(file)) return;
      initial.add(file);
      if (!file.endsWith('.js')) return;
      // Static imports only: a dynamic import() is fetched when the screen asks for it.
      const code = readFileSync(join(outDir, 'assets', file), 'utf8');
      for (const m of code.matchAll(/(?:^|[;}])\s*import\s*(?:[^"'`()]*?\bfrom\s*)?["']\.\/([^"']+)["']/g)) visit(m[1]!);
    };
    for (const m of html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)) visit(m[1]!);
    expect(initial.size).toBeGreaterThan(1);
    const files = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    // The learner's check-in (an administrator's check-in screen has the same name): the one that reads a camera.
    const checkIn = files.filter(
      (f) => /^CheckIn-[\w-]+\.js$/.test(f) && /BarcodeDetector/.test(readFileSync(join(outDir, 'assets', f), 'utf8')),
    );
    // jsqr by its option names, which minifying keeps.
    const decoder = files.filter((f) => /invertFirst/.test(readFileSync(join(outDir, 'assets', f), 'utf8')));
    expect(checkIn).toHaveLength(1);
    expect(decoder).toHaveLength(1);
    for (const file of [...checkIn, ...decoder]) expect(initial, file).not.toContain(file);
    // And the check-in does not bring the decoder with it: that starts only with a camera
    // in a browser that has no BarcodeDetector.
    expect(readFileSync(join(outDir, 'assets', checkIn[0]!), 'utf8')).not.toMatch(/invertFirst/);
  });

  it('precaches no pdf.js file: a PDF lesson’s download stores them, for those who need them', () => {
    const pdfjs = readdirSync(join(outDir, 'assets')).filter((f) => /^pdf[\w.-]*\.mjs$/.test(f));
    expect(pdfjs).toHaveLength(2); // pdf.js and its worker were built
    const precached = [...readFileSync(join(outDir, 'sw.js'), 'utf8').matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
    expect(precached).toContain('index.html'); // the manifest was read
    expect(precached.filter((url) => /pdf/i.test(url) && url.endsWith('.mjs'))).toEqual([]);
    for (const file of pdfjs) expect(precached).not.toContain(`assets/${file}`);
  });

  it('still lists the files for whoever asks', () => {
    const { status, output } = build('--logLevel', 'info');
    expect(status).toBe(0);
    expect(output).toMatch(/assets\/index-[\w-]+\.js/);
    expect(output).not.toMatch(/PLUGIN_TIMINGS|BUNDLER_TIMINGS|significant time/i);
  });

  it('still reports a build that fails', () => {
    const { status, output } = build('--config', 'no-such-config.ts');
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-such-config/);
  });
});
