// @ts-check
/**
 * Prints the benchmark results in bench/results/ as markdown tables, with the machine they ran on and
 * whether each target is met. Used by bench/run-all.sh; the figures go into docs/benchmarks.md.
 *
 * Usage: node bench/report.mjs [--dir bench/results]   (default: $BENCH_RESULTS or bench/results)
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_DIR, ROOT, SERVER_MAIN, arg, pgVersion } from './lib/harness.mjs';

const dir = path.resolve(ROOT, arg(process.argv.slice(2), 'dir', RESULTS_DIR));
const TARGET = { postgresRps: 3000, postgresP99: 50 };

/** @param {string} cmd */
const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: 'utf8' }).trim();
  } catch {
    return 'n/a';
  }
};

/** @param {string} file */
const load = (file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));

/** @param {{ median: number, min: number, max: number }} s @param {number} [digits] */
const mmm = (s, digits = 0) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

async function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? 'unknown';
  let pg = 'n/a';
  try {
    pg = await pgVersion();
  } catch {
    // PostgreSQL not reachable: the report still prints
  }
  const mem = sh('free -h | awk \'/^Mem:/ {print $2 " total, " $7 " available"}\'');
  return [
    `- date: ${new Date().toISOString().slice(0, 10)}`,
    `- CPU: ${cpu}, nproc ${sh('nproc')} (os.cpus ${os.cpus().length})`,
    `- memory (free -h): ${mem}`,
    `- Node ${process.version}, PostgreSQL ${pg}, kernel ${os.release()}`,
    `- server under test: ${path.relative(ROOT, SERVER_MAIN) || SERVER_MAIN}; tree at report time: ${sh(`git -C ${ROOT} describe --always --dirty`)}`,
  ].join('\n');
}

function startup() {
  if (!fs.existsSync(path.join(dir, 'startup.json'))) return '';
  const r = load('startup.json');
  const names = {
    'pglite-fresh': 'PGlite, empty data dir (cluster created + migrations)',
    'pglite-existing': 'PGlite, existing data dir',
    'postgres-fresh': 'PostgreSQL, empty database (migrations)',
    'postgres-existing': 'PostgreSQL, existing database',
  };
  const rows = Object.entries(r.cases).map(
    ([k, s]) =>
      `| ${names[/** @type {keyof typeof names} */ (k)] ?? k} | ${mmm(s)} | ${s.samplesMs.join(', ')} | ` +
      `${s.otherProcessesCores ? Math.max(...s.otherProcessesCores).toFixed(2) : 'n/a'} |`,
  );
  return [
    `### Start-up: spawn → first /readyz 200 (ms, median (min–max) of ${r.runs})`,
    '',
    '| case | median (min–max) | samples | other processes, cores (max) |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function patients() {
  const files = fs.readdirSync(dir).filter((f) => /^patients-list-.*\.json$/.test(f)).sort();
  if (files.length === 0) return '';
  const rows = [];
  for (const f of files) {
    const r = load(f);
    const s = r.summary;
    if (!s.healthz) continue; // a profiling run
    const pgTarget =
      r.options.db === 'postgres'
        ? s.patients.requestsPerSec.median >= TARGET.postgresRps && s.patients.p99.median < TARGET.postgresP99
          ? 'met'
          : `missed (${Math.round((100 * s.patients.requestsPerSec.median) / TARGET.postgresRps)} % of req/s; p99 ${s.patients.p99.median} ms)`
        : 'n/a';
    rows.push(
      `| ${r.label} | ${mmm(s.patients.requestsPerSec)} | ${mmm(s.patients.p50)} | ${mmm(s.patients.p975)} | ${mmm(s.patients.p99)} | ` +
        `${s.patients.errors.max} | ${mmm(s.healthz.requestsPerSec)} | ${mmm(s.ratio, 3)} | ` +
        `${s.patients.serverCores.median.toFixed(2)} / ${s.patients.postgresCores.median.toFixed(2)} / ` +
        `${s.patients.loadGeneratorCores.median.toFixed(2)} / ${s.patients.otherProcessesCores?.max.toFixed(2) ?? 'n/a'} (max) | ` +
        `${s.auditRowsPerCommit ? s.auditRowsPerCommit.median.toFixed(1) : 'n/a'} | ${pgTarget} |`,
    );
  }
  const any = load(/** @type {string} */ (files[0]));
  return [
    `### GET /api/v1/patients?limit=50 — ${any.options.patients} patients, ${any.options.connections} connections, ` +
      `${any.options.duration} s after a ${any.options.warmup} s warm-up; median (min–max) of ${any.options.runs} runs`,
    '',
    '| configuration | req/s | p50 ms | p97.5 ms | p99 ms | errors + non-2xx (max) | /healthz req/s | ratio | cores: server / PostgreSQL / autocannon / other processes | audit rows per commit | target ≥ 3,000 req/s, p99 < 50 ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

process.stdout.write(`${[await machine(), '', startup(), patients()].join('\n')}\n`);
