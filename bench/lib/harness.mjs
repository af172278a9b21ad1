// @ts-check
/**
 * Shared plumbing for the benchmarks: free ports, temporary data dirs and PostgreSQL databases, starting and
 * stopping the built server, and a cleanup registry that runs on success, on failure and on Ctrl-C.
 * Everything a benchmark starts is registered here, so nothing outlives the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The server under test; BENCH_SERVER_MAIN points at another build (an A/B trial of a proposed change). */
export const SERVER_MAIN = path.resolve(process.env.BENCH_SERVER_MAIN ?? path.join(ROOT, 'apps/server/dist/main.js'));
/** Where results go; BENCH_RESULTS overrides (a smoke run that must not replace the documented results). */
export const RESULTS_DIR = path.resolve(process.env.BENCH_RESULTS ?? path.join(ROOT, 'bench/results'));
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** @type {{ name: string, run: () => Promise<void> | void, sync: () => void }[]} */
const cleanups = [];

/**
 * Registers a resource to release: `run` normally, `sync` when the process is exiting and cannot await.
 * @param {string} name - shown when releasing fails
 * @param {() => Promise<void> | void} run
 * @param {() => void} sync
 * @returns {() => Promise<void>} releases this one resource now
 */
export function onCleanup(name, run, sync) {
  const entry = { name, run, sync };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i < 0) return;
    cleanups.splice(i, 1);
    await entry.run();
  };
}

/** Releases everything still registered, newest first; never throws. */
export async function cleanupAll() {
  while (cleanups.length > 0) {
    const entry = /** @type {(typeof cleanups)[number]} */ (cleanups.pop());
    try {
      await entry.run();
    } catch (err) {
      process.stderr.write(`cleanup of ${entry.name} failed: ${String(err)}\n`);
    }
  }
}

let handlersInstalled = false;
/** Ctrl-C / SIGTERM release everything before exiting; a hard exit still kills children and removes dirs. */
export function installCleanupHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up\n`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => {
    for (const entry of cleanups.splice(0).reverse()) {
      try {
        entry.sync();
      } catch {
        // best effort at exit
      }
    }
  });
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** @param {string} prefix @returns {string} a new temporary directory, removed at cleanup */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `telehealth-bench-${prefix}-`));
  const rm = () => fs.rmSync(dir, { recursive: true, force: true });
  onCleanup(`dir ${dir}`, rm, rm);
  return dir;
}

/** A random 32-byte master key, so no key file is written outside the temporary data dir. */
export const masterKey = () => randomBytes(32).toString('base64');

/**
 * Creates an empty PostgreSQL database, dropped at cleanup (WITH (FORCE): PostgreSQL ≥ 13).
 * @returns {Promise<{ url: string, name: string, drop: () => Promise<void> }>}
 */
export async function createPgDatabase() {
  const name = `telehealth_bench_${randomBytes(6).toString('hex')}`;
  await adminSql(`CREATE DATABASE ${name}`);
  const dropSql = `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`;
  const drop = onCleanup(
    `database ${name}`,
    () => adminSql(dropSql),
    () => {
      spawnSync('psql', [`${PG_ADMIN_URL}/postgres`, '-qc', dropSql], { stdio: 'ignore' });
    },
  );
  return { url: `${PG_ADMIN_URL}/${name}`, name, drop };
}

/** @param {string} text - one statement on the maintenance database */
async function adminSql(text) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: `${PG_ADMIN_URL}/postgres` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** PostgreSQL server version string, for the report. */
export async function pgVersion() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: `${PG_ADMIN_URL}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version');
    return String(rows[0].server_version);
  } finally {
    await client.end();
  }
}

/**
 * One GET with a fresh connection. Resolves with the status (0 when the connection fails).
 * @param {string} url
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, body: string }>}
 */
export function get(url, headers = {}) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

/**
 * @typedef {object} Server
 * @property {string} url
 * @property {number} pid
 * @property {number} spawnedAt - performance.now() just before spawn
 * @property {() => string} output - the last lines of stdout and stderr
 * @property {(timeoutMs?: number) => Promise<number>} waitReady - ms from spawn to the first /readyz 200
 * @property {() => Promise<void>} stop - SIGTERM, then SIGKILL after 20 s
 */

/**
 * Spawns the built server (apps/server/dist/main.js) on a free loopback port.
 * @param {{ env: Record<string, string>, nodeArgs?: string[] }} opts
 * @returns {Promise<Server>}
 */
export async function startServer({ env, nodeArgs = [] }) {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run npm run build:ts`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let tail = '';
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env };
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const pid = /** @type {number} */ (child.pid);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  exited.then(() => (done = true));

  const stop = onCleanup(
    `server ${pid}`,
    async () => {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
    () => {
      if (!done) child.kill('SIGKILL');
    },
  );

  /** @param {number} [timeoutMs] */
  const waitReady = async (timeoutMs = 120_000) => {
    for (;;) {
      if (done) throw new Error(`server exited before it was ready:\n${tail}`);
      const { status } = await get(`${url}/readyz`);
      if (status === 200) return performance.now() - spawnedAt;
      if (performance.now() - spawnedAt > timeoutMs) throw new Error(`server not ready after ${timeoutMs} ms:\n${tail}`);
      await sleep(10);
    }
  };
  return { url, pid, spawnedAt, output: () => tail, waitReady, stop };
}

/**
 * Runs `node bench/lib/seed.mjs` in its own process (it opens the embedded database, which one process
 * may hold at a time) and returns what it printed.
 * @param {Record<string, string>} env - the same database env the server will get
 * @param {number} patients
 * @returns {Promise<{ token: string, organizationId: string, siteIds: string[], patients: number, seconds: number }>}
 */
export async function seed(env, patients) {
  const script = path.join(ROOT, 'bench/lib/seed.mjs');
  const child = spawn(process.execPath, [script, String(patients)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'warn',
      BENCH_SERVER_OPS: path.join(path.dirname(SERVER_MAIN), 'ops.js'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = /** @type {number} */ (child.pid);
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const release = onCleanup(`seed ${pid}`, async () => void (child.kill('SIGKILL'), await exited), () => child.kill('SIGKILL'));
  const code = await exited;
  await release();
  if (code !== 0) throw new Error(`seeding failed (exit ${String(code)})`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

/** @param {number[]} xs */
export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? /** @type {number} */ (s[mid]) : (/** @type {number} */ (s[mid - 1]) + /** @type {number} */ (s[mid])) / 2;
  return { median, min: /** @type {number} */ (s[0]), max: /** @type {number} */ (s[s.length - 1]), n: s.length };
}

/** @param {string} file @param {unknown} data */
export function writeJson(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** @param {string[]} argv @param {string} name @param {string} def */
export function arg(argv, name, def) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? /** @type {string} */ (argv[i + 1]) : def;
}
