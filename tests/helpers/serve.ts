// The real `sinau serve` process with the built app, on a free port and a fresh database.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLI } from './cli.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface ServedApp {
  url: string;
  database: TestDatabase;
  output: () => string;
  stop(): Promise<void>;
}

export async function serveBuiltApp(
  options: { dialect?: TestDatabase['dialect']; demo?: boolean; staticDir?: string } = {},
): Promise<ServedApp> {
  const root = resolve(import.meta.dirname, '../..');
  if (!existsSync(resolve(root, 'dist/index.html')) || !existsSync(CLI)) throw new Error('The app is not built: run npm run build first.');
  const database = await createTestDatabase(options.dialect ?? 'sqlite');
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      ...(options.staticDir ? { SINAU_STATIC_DIR: options.staticDir } : {}),
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      SINAU_DEMO: options.demo === false ? '0' : '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`sinau serve did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /serving at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`sinau serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    database,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await database.drop();
    },
  };
}
