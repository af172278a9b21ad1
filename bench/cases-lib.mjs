// @ts-check
/** Shared by the consult benchmarks: runs bench/cases-seed.mjs in its own process and returns what it printed. */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, SERVER_MAIN } from './lib/harness.mjs';

/**
 * @param {Record<string, string>} env - the database env the server will get
 * @param {number} cases - how many cases to insert
 * @returns {Promise<{ token: string, referrerToken: string, organizationId: string, siteId: string, patientId: string, cases: number, queued: number, seconds: number }>}
 */
export function seedCases(env, cases) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/cases-seed.mjs'), String(cases)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', BENCH_SERVER_OPS: path.join(path.dirname(SERVER_MAIN), 'ops.js'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  child.stdout.on('data', (c) => (text += c));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(text.trim().split('\n').pop() ?? '{}')) : reject(new Error(`seed exit ${String(code)}`)))),
  );
}
