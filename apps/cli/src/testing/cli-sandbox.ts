import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The real CLI entry point, as `npx telehealth` runs it. */
export const CLI_BIN = fileURLToPath(new URL('../../bin/telehealth.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the CLI's stdin, which is then closed. */
  input?: string;
  /** Extra environment for this run only. */
  env?: Record<string, string>;
}

/** A long-running CLI process (`serve`, `demo serve`) that has printed its URL. */
export interface RunningCli {
  pid: number;
  url: string;
  /** Sends a signal and resolves with the exit code and everything it printed. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
}

export interface CliSandbox {
  kind: 'pglite' | 'postgres';
  dataDir: string;
  run(args: string[], opts?: RunOptions): Promise<CliResult>;
  start(args: string[], opts?: RunOptions): Promise<RunningCli>;
  /**
   * Runs SQL as a database superuser would, outside the platform: directly on the PGlite files (only while
   * no CLI process has them open) or on the PostgreSQL test database. Returns the last statement's rows.
   */
  sql(statements: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

function collect(child: ChildProcess, timeoutMs: number): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv, input: string | undefined): ChildProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.end(input ?? '');
  return child;
}

async function waitForUrl(child: ChildProcess, done: Promise<CliResult>, timeoutMs: number): Promise<string> {
  let seen = '';
  const url = new Promise<string>((resolve) => {
    child.stdout?.on('data', (d: string) => {
      seen += d;
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m?.[1]) resolve(m[1]);
    });
  });
  const exited = done.then((r) =>
    Promise.reject(new Error(`CLI exited (${r.code}) before listening: ${r.stderr}`)),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`CLI did not listen within ${timeoutMs} ms: ${seen}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([url, exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function createPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  return { url: url.toString(), drop };
}

async function sqlOn(
  kind: CliSandbox['kind'],
  target: string,
  statements: string,
): Promise<Record<string, unknown>[]> {
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      const result = (await client.query(statements)) as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return (last?.rows ?? []) as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create(target);
  try {
    const results = await db.exec(statements);
    return results[results.length - 1]?.rows ?? [];
  } finally {
    await db.close();
  }
}

/**
 * A throw-away environment for running the built CLI: a temp TELEHEALTH_DATA_DIR (embedded database), or,
 * when TEST_DATABASE_URL is set, a fresh PostgreSQL database passed as DATABASE_URL. Make one per test
 * file: PGlite's first open of a new data dir takes seconds.
 */
export async function createCliSandbox(): Promise<CliSandbox> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'telehealth-cli-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const postgres = serverUrl ? await createPostgresDatabase(serverUrl) : null;
  const kind = postgres ? 'postgres' : 'pglite';
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    NODE_ENV: 'test',
    TELEHEALTH_DATA_DIR: dataDir,
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
  };
  const running = new Set<ChildProcess>();
  return {
    kind,
    dataDir,
    run: (args, opts = {}) => collect(spawnCli(args, { ...baseEnv, ...opts.env }, opts.input), 120_000),
    async start(args, opts = {}) {
      const child = spawnCli(args, { ...baseEnv, PORT: '0', ...opts.env }, opts.input);
      running.add(child);
      const done = collect(child, 600_000);
      const url = await waitForUrl(child, done, 120_000);
      return {
        pid: child.pid ?? 0,
        url,
        stop: async (signal = 'SIGTERM') => {
          child.kill(signal);
          const result = await done;
          running.delete(child);
          return result;
        },
      };
    },
    sql: (statements) => sqlOn(kind, postgres ? postgres.url : path.join(dataDir, 'pg'), statements),
    async close() {
      for (const child of running) child.kill('SIGKILL');
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
