// The built server as its own process, for measurements that need its own CPU and memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLI } from './cli.js';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

export class ServerProcess {
  child?: ChildProcess;
  constructor(
    readonly port: number,
    readonly databaseUrl: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // BENCH_PROFILE=1 writes a CPU profile of the server to /tmp/sinau-profile on exit.
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sinau-profile'] : [];
    this.child = spawn(process.execPath, [...profile, CLI, 'serve'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.databaseUrl,
        LOG_LEVEL: 'error',
        SINAU_DEMO: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    this.child.stdout?.on('data', (d) => (output += d));
    this.child.stderr?.on('data', (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
      this.child!.stdout!.on('data', () => {
        if (!/serving at/.test(output)) return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Peak resident memory so far, in MB (Linux VmHWM). */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child!.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL') {
    this.child?.kill(signal);
  }
}
