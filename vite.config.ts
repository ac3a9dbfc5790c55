/// <reference types="vitest/config" />
import preact from '@preact/preset-vite';
import { defineConfig, type LogLevel, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const THEME = '#0f766e';

/**
 * `npm start` builds before it serves, so whoever runs the server reads this output: errors
 * and real warnings only, not the list of chunks or the bundler's advice on how long plugins
 * took. `npx vite build --logLevel info` shows the list. The service worker is bundled by a
 * second build inside the PWA plugin, which gets the same level and checks.
 */
const LOG_LEVEL: LogLevel = 'warn';
const CHECKS = { bundlerTimings: false };
let serviceWorkerLogLevel: LogLevel = LOG_LEVEL;

/**
 * Files of the build no learner ever opens: chunks reached from the entry only through a
 * dynamic import of admin code (src/app/admin), and the CSS only those chunks import.
 * Found by walking the bundle, so hashes, renamed screens and new admin chunks need no
 * edit here. They stay out of the precache; an admin's browser fetches them on demand.
 */
const adminOnly = new Set<string>();
const ADMIN_MODULE = /[\\/]src[\\/]app[\\/]admin[\\/]/;

function findAdminOnlyFiles(): Plugin {
  return {
    name: 'sinau:admin-only-files',
    apply: 'build',
    generateBundle(_, bundle) {
      const chunks = new Map<string, Extract<(typeof bundle)[string], { type: 'chunk' }>>();
      for (const file of Object.values(bundle)) if (file.type === 'chunk') chunks.set(file.fileName, file);
      // Only the app's build, whose entry is index.html: not the service worker's.
      if (![...chunks.values()].some((c) => c.isEntry && c.facadeModuleId?.endsWith('.html'))) return;
      const learner = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = chunks.get(fileName);
        if (!chunk || learner.has(fileName) || ADMIN_MODULE.test(chunk.facadeModuleId ?? '')) return;
        learner.add(fileName);
        for (const next of [...chunk.imports, ...chunk.dynamicImports]) visit(next);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      const css = (fileNames: Iterable<string>) => [...fileNames].flatMap((f) => [...(chunks.get(f)?.viteMetadata?.importedCss ?? [])]);
      const learnerCss = new Set(css(learner));
      adminOnly.clear();
      for (const fileName of chunks.keys()) if (!learner.has(fileName)) adminOnly.add(fileName);
      for (const file of css(adminOnly)) if (!learnerCss.has(file)) adminOnly.add(file);
    },
  };
}

export default defineConfig({
  logLevel: LOG_LEVEL,
  plugins: [
    preact(),
    findAdminOnlyFiles(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts', // served as /sw.js, forever (docs/offline.md)
      injectRegister: false, // src/app/pwa.ts registers through workbox-window
      integration: {
        configureOptions: (config) => {
          serviceWorkerLogLevel = config.logLevel ?? LOG_LEVEL;
        },
        configureCustomSWViteBuild: (build) => {
          build.logLevel = serviceWorkerLogLevel;
          build.build = { ...build.build, rollupOptions: { ...build.build?.rollupOptions, checks: CHECKS } };
        },
      },
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Sinau: belajar tanpa sinyal',
        short_name: 'Sinau',
        description: 'Belajar dan ujian tanpa sinyal untuk ASN; kemajuan tersinkron ke BKPSDM saat ada sinyal.',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: THEME,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        rollupFormat: 'iife',
        // The app shell a learner needs offline; icons/*.svg are the PNGs' sources, never
        // loaded. The web manifest is added by the plugin itself, as are the manifest's icons
        // unless includeManifestIcons is off (the glob has them, so they would be listed twice).
        // pdf.js and its worker (assets/pdf*.mjs, loaded by URL) are left out: most learners
        // never open a PDF, and it is the app's largest file. A PDF lesson's download stores
        // them (src/app/shared/media-pdfjs.ts) in a cache the service worker answers from.
        globPatterns: ['**/*.{js,css,html}', 'favicon.svg', 'icons/*.png'],
        manifestTransforms: [
          async (entries) => {
            if (adminOnly.size === 0) throw new Error('no admin chunk found: is src/app/admin still lazily imported?');
            return { manifest: entries.filter((e) => !adminOnly.has(e.url)), warnings: [] };
          },
        ],
      },
    }),
  ],
  // Maps for whoever debugs a build; the server does not serve them, and no file names them.
  build: { target: 'es2020', sourcemap: 'hidden', rolldownOptions: { checks: CHECKS } },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  test: {
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        // Modules on their own, in Node: the domain, the app's store (fake-indexeddb), server helpers.
        test: { name: 'unit-node', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          // Screens and components, rendered in happy-dom.
          name: 'unit-dom',
          include: ['tests/unit/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['fake-indexeddb/auto'],
          // zustand imports react: inline it so the preact/compat alias applies.
          server: { deps: { inline: ['zustand'] } },
        },
      },
      {
        extends: true,
        test: { name: 'server', include: ['tests/server/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        // Benchmarks: run by `npm run bench` only; they print figures beside budgets.
        test: {
          name: 'bench',
          include: ['tests/bench/**/*.bench.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A browser under a loaded CI machine can take longer than poll's 1 s default to
          // show a debounced save (800 ms) or a worker's state; a poll waits up to 10 s.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
