// A process's CPU time and memory as Linux counts them, read from /proc: for benchmarks that
// must tell the server's own cost from that of the clients loading it on the same cores.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticks: number | undefined;
const ticksPerSecond = () => {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks;
};

/** User and system CPU seconds the process has used so far; NaN once it has gone. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return Number.NaN;
  }
  // The command name (field 2) may hold spaces or parentheses: count from after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond(); // utime, stime: fields 14 and 15
}

export interface Memory {
  /** Resident now (VmRSS), MB. */
  rss: number;
  /** The most ever resident (VmHWM), MB. */
  peak: number;
  /** Resident anonymous memory (heaps, stacks): what the process itself allocated, MB. */
  anon: number;
  /** Resident file-backed memory (the node binary, native addons), MB. */
  file: number;
}

export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: mb('VmRSS'), peak: mb('VmHWM'), anon: mb('RssAnon'), file: mb('RssFile') };
}
