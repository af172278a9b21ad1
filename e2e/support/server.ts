import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is e2e/support/server.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO_ROOT, 'apps/server/dist/main.js');
const WEB_INDEX = join(REPO_ROOT, 'apps/web/dist/index.html');

/** The one-time setup link the server prints on an empty database. */
export const SETUP_LINK = /(http:\/\/[^\s]+\/setup#token=[A-Za-z0-9_-]+)/;

export interface TestServer {
  baseUrl: string;
  /** The printed setup link (the server prints it only while the database is empty). */
  setupLink: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output: () => string;
  /** SIGTERM, wait for exit, then drop the database and delete the data directory. */
  stop: () => Promise<void>;
}

/** Asks the OS for a free TCP port on loopback (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('no port from the OS'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/**
 * With `TEST_DATABASE_URL` (CI's PostgreSQL), creates a database just for this run and returns its URL;
 * without it the server uses embedded PGlite in the temp data directory.
 */
async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const { default: pg } = await import('pg');
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // WITH (FORCE) (PostgreSQL ≥ 13) ends connections a killed server may have left behind.
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  failFast: () => string | null,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failure = failFast();
    if (failure) throw new Error(`${what}: ${failure}`);
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${what}: timed out after ${timeoutMs} ms`);
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the real server (`node apps/server/dist/main.js`) on a free loopback port with a fresh data
 * directory (and, under CI's PostgreSQL, a fresh database), waits for `GET /readyz` to answer 200 and for
 * the setup link to be printed.
 * @param extraEnv - more server configuration (e.g. `DIMSE_ENABLED`) for this run
 */
export async function startServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build:ts\` first`);
  if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run \`npm run build:web\` first`);
  const dataDir = await mkdtemp(join(tmpdir(), 'telehealth-e2e-'));
  const adminUrl = process.env.TEST_DATABASE_URL;
  const database = adminUrl ? await createTestDatabase(adminUrl) : null;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    TELEHEALTH_DATA_DIR: dataDir,
    NODE_ENV: 'test',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  if (database) env.DATABASE_URL = database.url;

  const child = spawn(process.execPath, [MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);

  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 15_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };

  const exited = () =>
    child.exitCode !== null || child.signalCode !== null
      ? `server exited (${child.exitCode ?? child.signalCode}); output:\n${output.slice(-4000)}`
      : null;
  try {
    await waitUntil(
      'GET /readyz',
      async () => {
        try {
          return (await fetch(`${baseUrl}/readyz`)).status === 200;
        } catch {
          return false;
        }
      },
      90_000,
      exited,
    );
    await waitUntil('setup link in the server output', () => SETUP_LINK.test(output), 10_000, exited);
  } catch (err) {
    await cleanup();
    throw err;
  }

  const setupLink = SETUP_LINK.exec(output)?.[1];
  if (!setupLink) throw new Error('unreachable: setup link vanished');
  return { baseUrl, setupLink, output: () => output, stop: cleanup };
}
