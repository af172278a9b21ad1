import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telehealth-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has exited (and, being just reaped, is not reused within the test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function lockFile(dir: string): { pid: number; purpose: string; since: string } {
  return JSON.parse(fs.readFileSync(path.join(dir, '.lock'), 'utf8')) as { pid: number; purpose: string; since: string };
}

describe('lockDataDir', () => {
  it('creates the data dir and records this process as the holder', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const release = lockDataDir(dir, 'telehealth server');
    expect(lockFile(dir)).toMatchObject({ pid: process.pid, purpose: 'telehealth server' });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    release();
  });

  it('refuses a second lock in the same process', () => {
    const dir = tempDir();
    const release = lockDataDir(dir, 'first');
    expect(() => lockDataDir(dir, 'second')).toThrow(DataDirLockedError);
    expect(lockFile(dir).purpose).toBe('first');
    release();
  });

  it('refuses a lock held by another live process and names it', () => {
    const dir = tempDir();
    const holder = process.ppid;
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify({ pid: holder, purpose: 'telehealth demo', since: 'x' }));
    let error: unknown;
    try {
      lockDataDir(dir, 'telehealth server');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({ holderPid: holder, holderPurpose: 'telehealth demo', dataDir: dir });
    expect((error as Error).message).toContain(`process ${holder} (telehealth demo)`);
    expect((error as Error).message).toContain('DATABASE_URL');
    expect(lockFile(dir).pid).toBe(holder);
  });

  it('takes over a stale lock left by a process that no longer exists', () => {
    const dir = tempDir();
    const pid = deadPid();
    expect(pid).toBeGreaterThan(0);
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify({ pid, purpose: 'crashed server', since: 'x' }));
    const release = lockDataDir(dir, 'telehealth server');
    expect(lockFile(dir)).toMatchObject({ pid: process.pid, purpose: 'telehealth server' });
    release();
  });

  it('takes over an unreadable or half-written lock file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.lock'), '{"pid":');
    const release = lockDataDir(dir, 'telehealth server');
    expect(lockFile(dir).pid).toBe(process.pid);
    release();
  });

  it('releases the lock so the dir can be locked again, and releasing twice is harmless', () => {
    const dir = tempDir();
    const release = lockDataDir(dir, 'first');
    release();
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
    const again = lockDataDir(dir, 'second');
    release();
    expect(lockFile(dir).purpose).toBe('second');
    again();
  });
});
