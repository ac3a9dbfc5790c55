// Who holds a SQLite database file: the servers serving it, and a restore replacing it.
// Each writes a marker beside the database, and only then looks for the other kind, so a
// server starting while a restore runs and a restore starting beside a running server
// cannot both miss each other: at least one sees the other's marker and stops.
// A marker whose process is gone (killed with SIGKILL, a power cut) is stale and ignored.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface Marker {
  pid: number;
  host: string;
  /** Linux only: the boot and the process's start time, so a pid reused after a crash is not taken for the server. */
  boot?: string;
  start?: string;
  since: string;
}

const serverPrefix = (database: string) => `${basename(database)}.server-`;
const restoreMarker = (database: string) => `${database}.restoring`;

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/PID/stat: clock ticks from boot to the process's start. */
function startTime(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' do not.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

const bootId = () => readProc('/proc/sys/kernel/random/boot_id')?.trim();

function me(): Marker {
  return { pid: process.pid, host: hostname(), boot: bootId(), start: startTime(process.pid), since: new Date().toISOString() };
}

export function isAlive(marker: Marker): boolean {
  // Another machine's process cannot be looked at from here (a database on a shared folder): assume it runs.
  if (marker.host !== hostname()) return true;
  const boot = bootId();
  if (marker.boot && boot && marker.boot !== boot) return false;
  try {
    process.kill(marker.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = startTime(marker.pid);
  return !(marker.start && start && marker.start !== start);
}

function readMarker(path: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(path, 'utf8')) as Marker;
    return Number.isInteger(marker.pid) ? marker : undefined;
  } catch {
    return undefined; // gone, or half-written by a process that died: stale either way
  }
}

/** The servers holding `database` now; stale markers are removed on the way. */
export function liveServers(database: string): Marker[] {
  const dir = dirname(database);
  const prefix = serverPrefix(database);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.startsWith(prefix));
  } catch {
    return [];
  }
  const live: Marker[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const marker = readMarker(path);
    if (marker && isAlive(marker)) live.push(marker);
    else rmSync(path, { force: true });
  }
  return live;
}

const describe = (m: Marker) => `pid ${m.pid}${m.host === hostname() ? '' : ` on ${m.host}`}`;

/** Taken by `sinau serve` before it opens the database; the returned function lets go. */
export function holdForServing(database: string): () => void {
  mkdirSync(dirname(database), { recursive: true });
  liveServers(database); // tidies markers of servers that died
  const path = join(dirname(database), `${serverPrefix(database)}${process.pid}`);
  writeFileSync(path, JSON.stringify(me()));
  const release = () => rmSync(path, { force: true });
  const restoring = readMarker(restoreMarker(database));
  if (restoring && isAlive(restoring)) {
    release();
    throw new Error(
      `${database} is being restored by sinau restore (${describe(restoring)}); start the server again once the restore has finished.`,
    );
  }
  return release;
}

/** Taken by `sinau restore` before it replaces the database; refuses while a server holds it. */
export function holdForRestore(database: string): () => void {
  const path = restoreMarker(database);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me()), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const other = readMarker(path);
      if ((other && isAlive(other)) || attempt > 0)
        throw new Error(
          `Another sinau restore${other ? ` (${describe(other)})` : ''} is writing ${database}; wait for it to finish, then check the result.`,
        );
      rmSync(path, { force: true }); // left by a restore that died
    }
  }
  const release = () => rmSync(path, { force: true });
  const servers = liveServers(database);
  if (servers.length > 0) {
    release();
    const which = servers.map(describe).join(', ');
    throw new Error(`${database} is held by a running server (${which}); stop the server, run sinau restore again, then start it.`);
  }
  return release;
}
