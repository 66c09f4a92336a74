import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

/**
 * Which process holds the database file. The server writes `<DATABASE_FILE>.pid` when it opens the file
 * and removes it when it closes; commands that replace or delete the file (`npm run restore`,
 * `npm run demo:reset`) ask `databaseHolder()` first and refuse while it names a live process.
 *
 * A lock left behind by a server that was killed (SIGKILL, power loss) does not count: its process is
 * gone, or its pid now belongs to a process that started at another time (pid reuse, checked through
 * /proc where there is one).
 */
export interface DatabaseHolder {
  pid: number;
  host: string;
  /** UTC instant the holder took the database. */
  since: string;
  /** What holds it, e.g. "server" or "restore". */
  purpose: string;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  processStart: string | null;
}

export class DatabaseInUseError extends Error {
  constructor(readonly file: string, readonly holder: DatabaseHolder) {
    super(`${file} is in use by ${describeHolder(holder)}; stop it first.`);
  }
}

export function lockFileFor(databaseFile: string): string {
  return `${resolve(databaseFile)}.pid`;
}

export function describeHolder(holder: DatabaseHolder): string {
  return `the ${holder.purpose} with process id ${holder.pid} on ${holder.host}, since ${holder.since}`;
}

/** Field 22 of /proc/<pid>/stat: when the process started. Null where /proc is not there. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(holder: DatabaseHolder): boolean {
  if (holder.host !== hostname()) return true; // another machine (a shared disk): it cannot be checked, so assume it is alive
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  const started = processStart(holder.pid);
  return holder.processStart === null || started === null || started === holder.processStart;
}

function readLock(databaseFile: string): DatabaseHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(lockFileFor(databaseFile), 'utf8')) as DatabaseHolder;
    return Number.isInteger(parsed.pid) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The live process (other than this one) that holds the database, or null when nothing does.
 * The one check behind "refuse while the database is in use".
 */
export function databaseHolder(databaseFile: string): DatabaseHolder | null {
  if (databaseFile === ':memory:') return null;
  const holder = readLock(databaseFile);
  if (!holder || holder.pid === process.pid) return null;
  return alive(holder) ? holder : null;
}

/**
 * Takes the database for this process: throws DatabaseInUseError when a live process holds it, replaces
 * a stale lock otherwise. `release()` removes the lock if it is still ours; call it when the file is closed.
 */
export function holdDatabase(databaseFile: string, purpose: string, now: Date = new Date()): { release(): void } {
  if (databaseFile === ':memory:') return { release: () => undefined };
  const mine: DatabaseHolder = { pid: process.pid, host: hostname(), since: now.toISOString(), purpose, processStart: processStart(process.pid) };
  const lock = lockFileFor(databaseFile);
  mkdirSync(dirname(lock), { recursive: true }); // the first start: the database's folder may not exist yet
  // Created exclusively ('wx'), so two processes starting at once cannot both believe they hold it.
  const take = () => writeFileSync(lock, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
  try {
    take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = databaseHolder(databaseFile);
    if (holder) throw new DatabaseInUseError(databaseFile, holder);
    rmSync(lock, { force: true }); // stale: its process is gone
    take();
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    if (readLock(databaseFile)?.pid === process.pid) rmSync(lock, { force: true });
  };
  process.once('exit', release);
  return { release };
}
