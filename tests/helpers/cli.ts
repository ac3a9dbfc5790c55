import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist-server/server/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `sinau` command. `npm test` builds first; run `npm run build:server` otherwise. */
export function sinau(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server first`);
  return new Promise((resolveResult, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolveResult({ code, stdout, stderr }));
  });
}

/** Adds a unit coordinator with `sinau user add`, as an agency would; throws with the CLI's words if it refuses. */
export async function addCoordinator(databaseUrl: string, account: { nip: string; password: string }, name: string, unit: string) {
  const added = await sinau(
    ['user', 'add', '--nip', account.nip, '--name', name, '--unit', unit, '--role', 'coordinator', '--password', account.password],
    { DATABASE_URL: databaseUrl },
  );
  if (added.code !== 0) throw new Error(`sinau user add exited ${added.code}: ${added.stderr}`);
}
