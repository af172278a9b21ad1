import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    readonly holderPurpose: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holderPid} (${holderPurpose}). ` +
        'The embedded database belongs to one process: stop that process first, ' +
        'or point DATABASE_URL at a PostgreSQL server that several processes can share.',
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive, process-scoped lock on the data dir: PGlite's files must never be opened by two
 * processes at once. A lock left behind by a process that no longer exists is taken over.
 * @returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = path.join(dataDir, '.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: unknown; purpose?: unknown } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as typeof holder;
      } catch {
        // unreadable or half-written lock file: treat as stale below
      }
      const pid = typeof holder.pid === 'number' ? holder.pid : 0;
      if (pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirLockedError(dataDir, pid, typeof holder.purpose === 'string' ? holder.purpose : 'unknown');
      }
      if (pid === process.pid) {
        throw new DataDirLockedError(dataDir, pid, 'this process already holds it');
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock on ${dataDir}`);
}
