// What a learner's first visit downloads: the JS and CSS that index.html loads, gzipped.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { report } from './report.js';

const DIST = resolve(import.meta.dirname, '../../dist');

it('initial JS and CSS of the app shell', () => {
  const html = readFileSync(resolve(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  expect(files.length).toBeGreaterThan(0);
  const sizes = files.map((f) => gzipSync(readFileSync(resolve(DIST, `.${f}`)), { level: 9 }).length);
  const total = sizes.reduce((a, b) => a + b, 0) / 1024;
  const js = sizes.filter((_, i) => files[i]!.endsWith('.js')).reduce((a, b) => a + b, 0) / 1024;
  const over = report('App shell (gzip -9)', [
    { name: 'initial JS', value: js, unit: 'KiB', budget: 60, kind: 'max' },
    { name: 'initial JS + CSS', value: total, unit: 'KiB', budget: 60, kind: 'max' },
  ]);
  expect(over).toEqual([]);
});
