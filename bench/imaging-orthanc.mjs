// @ts-check
/**
 * Imaging ingest and search, side by side with Orthanc in the same run (docs/benchmarks.md, "Imaging:
 * ingest and search vs Orthanc").
 *
 * - ingest: the same 500-instance CT study (512×512, 16-bit, ~0.5 MB each, made with dcmtk's dump2dcm) into
 *   the platform and into Orthanc, via STOW-RS (batches of `--batch` instances per request, one client) and
 *   via C-STORE (`storescu`, one association, TCP_NODELAY=1); repetitions alternate which server goes
 *   first; medians of instances/s and MB/s; each server's CPU seconds per instance (the platform's
 *   PostgreSQL backends counted separately) and the machine's load average.
 * - qido: 10,000 single-instance studies (64×64) ingested into both (STOW-RS, 100 per request), then study searches
 *   (StudyDate range, PatientName wildcard, both) alternating between the servers: p50/p99.
 * - big: a ~1 GB study (`--big-mb`) via C-STORE and via STOW-RS batches into the platform (and Orthanc with
 *   `--big-orthanc`), the server's RSS sampled every 100 ms (idle before, peak during).
 *
 * Orthanc 1.10 cannot bind to loopback only, so the whole benchmark re-runs itself in a new network
 * namespace (`unshare --net`, loopback up): Orthanc, the platform server, storescu and the HTTP clients all
 * share that loopback; PostgreSQL is reached over its Unix socket (BENCH_PG_URL). Needs root, the Debian
 * packages orthanc, orthanc-dicomweb and dcmtk, and `npm run build:ts`.
 *
 * Usage: node bench/imaging-orthanc.mjs [--reps 3] [--instances 500] [--batch 50] [--studies 10000]
 *          [--queries 100] [--big-mb 1024] [--big-orthanc] [--index-via stow|cstore] [--phases ingest,qido,big]
 *          [--cpu-prof <dir>] [--out <file>]
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeTemplate, newUid, searchStudyValues, writeStudy } from './lib/dicom-gen.mjs';
import { ROOT, arg, cleanupAll, createPgDatabase, freePort, installCleanupHandlers, masterKey, pgVersion, seed, startServer, summary, tempDir, writeJson } from './lib/harness.mjs';
import { ourPostgresPids, procCpu } from './lib/load.mjs';
import { ORTHANC_AE, orthancVersion, startOrthanc } from './lib/orthanc.mjs';

const argv = process.argv.slice(2);
const log = (/** @type {string} */ m) => process.stderr.write(`[imaging ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

if (!process.env.BENCH_IN_NETNS) {
  // Re-run inside a private network namespace with only loopback (see the header).
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, ...process.execArgv, script, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_IN_NETNS: '1', BENCH_PG_URL: process.env.BENCH_PG_URL ?? 'postgres://postgres@%2Fvar%2Frun%2Fpostgresql' },
  });
  process.exit(r.status ?? 1);
}

const opts = {
  reps: Number(arg(argv, 'reps', '3')),
  instances: Number(arg(argv, 'instances', '500')),
  batch: Number(arg(argv, 'batch', '50')),
  studies: Number(arg(argv, 'studies', '10000')),
  queries: Number(arg(argv, 'queries', '100')),
  bigMb: Number(arg(argv, 'big-mb', '1024')),
  phases: arg(argv, 'phases', 'ingest,qido,big').split(','),
  cpuProf: arg(argv, 'cpu-prof', ''),
  indexVia: arg(argv, 'index-via', 'stow'),
  /** the 1 GB study into Orthanc too (its rates and RSS for reference; the target is the platform's RSS) */
  bigOrthanc: argv.includes('--big-orthanc'),
};
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/imaging-orthanc.json'));
const run = promisify(execFile);
const SCU_AE = 'BENCHSCU';
const PLATFORM_AE = 'TELEHEALTH';

/**
 * @typedef {object} Target
 * @property {'platform' | 'orthanc'} name
 * @property {number} pid
 * @property {string} stowUrl
 * @property {string} qidoUrl - the /studies search URL
 * @property {Record<string, string>} headers
 * @property {number} dicomPort
 * @property {string} calledAe
 * @property {string | null} databaseUrl
 */

/** @param {number} pid */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU ms of the target's process and, for the platform, its PostgreSQL backends. @param {Target} t */
async function cpuOf(t) {
  const pg = t.databaseUrl ? await ourPostgresPids(t.databaseUrl) : [];
  return { proc: procCpu(t.pid)?.cpuMs ?? 0, pg: pg.reduce((a, pid) => a + (procCpu(pid)?.cpuMs ?? 0), 0) };
}

/**
 * @param {string[]} files @param {string} boundary @param {number} [batch]
 * @returns {Buffer[]} multipart/related bodies of `batch` parts each
 */
function stowBodies(files, boundary, batch = opts.batch) {
  /** @type {Buffer[]} */
  const bodies = [];
  for (let i = 0; i < files.length; i += batch) {
    const chunks = [];
    for (const f of files.slice(i, i + batch)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), fs.readFileSync(f), Buffer.from('\r\n'));
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    bodies.push(Buffer.concat(chunks));
  }
  return bodies;
}

const BOUNDARY = 'bench-imaging-orthanc-0123456789';

/** @param {Target} t @param {Buffer} body */
async function stowOne(t, body) {
  const res = await fetch(t.stowUrl, {
    method: 'POST',
    headers: { ...t.headers, 'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`, accept: 'application/dicom+json' },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${t.name} STOW answered ${res.status}: ${text.slice(0, 300)}`);
}

/** @param {Target} t @param {string[]} args - files, or `+sd <dir>` */
async function storescu(t, args) {
  await run('storescu', ['-aet', SCU_AE, '-aec', t.calledAe, '127.0.0.1', String(t.dicomPort), ...args], {
    env: { ...process.env, TCP_NODELAY: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Instances the server holds for a study, read back over QIDO-RS. @param {Target} t @param {string} studyUid */
async function countInstances(t, studyUid) {
  const res = await fetch(`${t.qidoUrl}?StudyInstanceUID=${studyUid}&includefield=00201208`, { headers: { ...t.headers, accept: 'application/dicom+json' } });
  const body = /** @type {Record<string, { Value?: unknown[] }>[]} */ (await res.json());
  return Number(body[0]?.['00201208']?.Value?.[0] ?? 0);
}

/**
 * Times one ingest and the CPU it cost, with the server's RSS sampled every 100 ms.
 * @param {Target} t @param {() => Promise<void>} send @param {number} instances @param {number} bytes
 */
async function measure(t, send, instances, bytes) {
  const idle = rssMb(t.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(t.pid))), 100);
  const cpu0 = await cpuOf(t);
  const load0 = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  await send();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const cpu1 = await cpuOf(t);
  return {
    seconds,
    instancesPerS: instances / seconds,
    mbPerS: bytes / 1e6 / seconds,
    cpuMsPerInstance: (cpu1.proc - cpu0.proc) / instances,
    pgCpuMsPerInstance: (cpu1.pg - cpu0.pg) / instances,
    load: Math.round(((load0 + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10,
    rssIdleMb: Math.round(idle),
    rssPeakMb: Math.round(Math.max(peak, rssMb(t.pid))),
  };
}

/** @param {string[]} files */
const totalBytes = (files) => files.reduce((a, f) => a + fs.statSync(f).size, 0);

/** Sends a file set to a target by one path and checks that every instance arrived. */
async function ingest(/** @type {Target} */ t, /** @type {'stow' | 'cstore'} */ via, /** @type {{ studyUid: string, files: string[] }} */ set, /** @type {Buffer[] | null} */ bodies) {
  const bytes = totalBytes(set.files);
  const send =
    via === 'cstore'
      ? () => storescu(t, set.files)
      : async () => {
          if (bodies) for (const b of bodies) await stowOne(t, b);
          else for (let i = 0; i < set.files.length; i += opts.batch) await stowOne(t, /** @type {Buffer} */ (stowBodies(set.files.slice(i, i + opts.batch), BOUNDARY)[0]));
        };
  const m = await measure(t, send, set.files.length, bytes);
  const stored = await countInstances(t, set.studyUid);
  if (stored !== set.files.length) throw new Error(`${t.name} ${via}: ${stored} of ${set.files.length} instances stored`);
  log(`${t.name} ${via}: ${m.instancesPerS.toFixed(1)} inst/s, ${m.mbPerS.toFixed(1)} MB/s, ${m.cpuMsPerInstance.toFixed(1)} CPU-ms/inst (+pg ${m.pgCpuMsPerInstance.toFixed(1)}), load ${m.load}, RSS ${m.rssIdleMb}→${m.rssPeakMb} MB`);
  return m;
}

/** @param {number[]} xs @param {number} p - 0..1 */
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0;
}

/** The platform: a new PostgreSQL database, an admin token, a site, the storescu AE title allowed. */
async function startPlatform() {
  const db = await createPgDatabase();
  const dimsePort = await freePort();
  const env = {
    TELEHEALTH_DATA_DIR: tempDir('imaging-data'),
    TELEHEALTH_MASTER_KEY: masterKey(),
    DATABASE_URL: db.url,
    RATE_LIMIT_PER_MINUTE: '100000000',
    DIMSE_ENABLED: 'true',
    DIMSE_PORT: String(dimsePort),
    DIMSE_AE_TITLE: PLATFORM_AE,
    // the quiet-period sweep is deferred work, not ingest; Orthanc's stable-age check is likewise left idle
    IMAGING_SWEEP_SECONDS: '0',
    ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
  };
  const seeded = await seed(env, 1);
  const nodeArgs = opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts.cpuProf)] : [];
  const server = await startServer({ env, nodeArgs });
  await server.waitReady();
  const headers = { authorization: `Bearer ${seeded.token}` };
  const siteId = seeded.siteIds[0] ?? '';
  const res = await fetch(`${server.url}/api/v1/imaging/ae-titles`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ siteId, aeTitle: SCU_AE }),
  });
  if (res.status !== 201) throw new Error(`AE title: ${res.status} ${await res.text()}`);
  /** @type {Target} */
  const target = {
    name: 'platform',
    pid: server.pid,
    stowUrl: `${server.url}/dicomweb/studies?site=${siteId}`,
    qidoUrl: `${server.url}/dicomweb/studies`,
    headers,
    dicomPort: dimsePort,
    calledAe: PLATFORM_AE,
    databaseUrl: db.url,
  };
  return { target, server };
}

/** @param {Target[]} ts @param {number} r - even: as given, odd: reversed */
const ordered = (ts, r) => (r % 2 === 0 ? ts : [...ts].reverse());

/** @param {ReturnType<typeof measure> extends Promise<infer T> ? T[] : never} runs */
function med(runs) {
  return {
    instancesPerS: summary(runs.map((x) => x.instancesPerS)),
    mbPerS: summary(runs.map((x) => x.mbPerS)),
    cpuMsPerInstance: summary(runs.map((x) => x.cpuMsPerInstance)).median,
    pgCpuMsPerInstance: summary(runs.map((x) => x.pgCpuMsPerInstance)).median,
    load: summary(runs.map((x) => x.load)).median,
  };
}

installCleanupHandlers();
try {
  /** @type {Record<string, unknown>} */
  const result = { date: new Date().toISOString(), opts, node: process.version, orthanc: orthancVersion(), postgres: await pgVersion(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model };
  log(`Orthanc: ${String(result.orthanc)}; PostgreSQL ${String(result.postgres)}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const scratch = tempDir('imaging-files');
  const orthanc = await startOrthanc();
  /** @type {Target} */
  const orthancTarget = { name: 'orthanc', pid: orthanc.pid, stowUrl: `${orthanc.url}/dicom-web/studies`, qidoUrl: `${orthanc.url}/dicom-web/studies`, headers: {}, dicomPort: orthanc.dicomPort, calledAe: ORTHANC_AE, databaseUrl: null };
  const platform = await startPlatform();
  const targets = [platform.target, orthancTarget];
  log(`platform pid ${platform.target.pid}, Orthanc pid ${orthanc.pid}`);

  if (opts.phases.includes('ingest')) {
    const ct = makeTemplate(scratch, 512);
    // warm-up: one small study each way into each server (JIT, connection pools, Orthanc's caches)
    for (const t of targets) {
      const w = writeStudy(ct, path.join(scratch, `warm-${t.name}`), opts.batch);
      await stowOne(t, /** @type {Buffer} */ (stowBodies(w.files, BOUNDARY)[0]));
      const w2 = writeStudy(ct, path.join(scratch, `warm2-${t.name}`), opts.batch);
      await storescu(t, w2.files);
    }
    /** @type {Record<string, Record<string, Awaited<ReturnType<typeof measure>>[]>>} */
    const runs = { stow: { platform: [], orthanc: [] }, cstore: { platform: [], orthanc: [] } };
    for (let r = 0; r < opts.reps; r++) {
      for (const via of /** @type {const} */ (['stow', 'cstore'])) {
        const dir = path.join(scratch, `rep${r}-${via}`);
        const set = writeStudy(ct, dir, opts.instances, { patientName: 'Bench^Ingest', studyDate: '20260110' });
        const bodies = via === 'stow' ? stowBodies(set.files, BOUNDARY) : null;
        for (const t of ordered(targets, r)) runs[via]?.[t.name]?.push(await ingest(t, via, set, bodies));
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const table = {};
    for (const via of ['stow', 'cstore']) {
      const p = med(runs[via]?.platform ?? []);
      const o = med(runs[via]?.orthanc ?? []);
      table[via] = { platform: p, orthanc: o, ratio: p.instancesPerS.median / o.instancesPerS.median, runs: runs[via] };
      log(`${via}: platform ${p.instancesPerS.median.toFixed(1)} inst/s (${p.mbPerS.median.toFixed(1)} MB/s) vs Orthanc ${o.instancesPerS.median.toFixed(1)} inst/s (${o.mbPerS.median.toFixed(1)} MB/s): ratio ${(p.instancesPerS.median / o.instancesPerS.median).toFixed(2)}`);
    }
    result.ingest = table;
    writeJson(out, result);
  }

  if (opts.phases.includes('qido')) {
    const small = makeTemplate(scratch, 64);
    const dir = path.join(scratch, 'search');
    fs.mkdirSync(dir);
    const { instance } = await import('./lib/dicom-gen.mjs');
    for (let g = 0; g < opts.studies; g++) fs.writeFileSync(path.join(dir, `${String(g).padStart(6, '0')}.dcm`), instance(small, { study: newUid(), series: newUid(), sop: newUid(), ...searchStudyValues(g) }));
    const bytes = opts.studies * small.bytes.length;
    const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
    /** @type {Record<string, unknown>} */
    const indexRuns = {};
    for (const t of targets) {
      // STOW-RS in requests of 100 studies (C-STORE with `--index-via cstore`): the same real ingest into both
      const send = opts.indexVia === 'cstore' ? () => storescu(t, ['+sd', dir]) : async () => {
        for (let i = 0; i < files.length; i += 100) await stowOne(t, /** @type {Buffer} */ (stowBodies(files.slice(i, i + 100), BOUNDARY, 100)[0]));
      };
      const m = await measure(t, send, opts.studies, bytes);
      log(`${t.name}: ${opts.studies} single-instance studies via ${opts.indexVia}: ${m.instancesPerS.toFixed(1)} studies/s, ${m.cpuMsPerInstance.toFixed(1)} CPU-ms each (+pg ${m.pgCpuMsPerInstance.toFixed(1)})`);
      indexRuns[t.name] = m;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const queries = {
      'StudyDate range (1 month)': 'StudyDate=20240301-20240331&limit=100',
      'PatientName wildcard': 'PatientName=mart*&limit=100',
      'StudyDate (1 year) + PatientName wildcard': 'StudyDate=20230101-20231231&PatientName=ng*&limit=100',
    };
    /** @type {Record<string, unknown>} */
    const qido = {};
    for (const [label, q] of Object.entries(queries)) {
      /** @type {Record<string, number[]>} */
      const lat = { platform: [], orthanc: [] };
      /** @type {Record<string, number>} */
      const matches = {};
      for (let i = -10; i < opts.queries; i++) {
        for (const t of ordered(targets, i)) {
          const t0 = performance.now();
          const res = await fetch(`${t.qidoUrl}?${q}`, { headers: { ...t.headers, accept: 'application/dicom+json' } });
          const body = /** @type {unknown[]} */ (await res.json());
          const ms = performance.now() - t0;
          if (res.status !== 200) throw new Error(`${t.name} QIDO ${q}: ${res.status}`);
          matches[t.name] = body.length;
          if (i >= 0) lat[t.name]?.push(ms);
        }
      }
      const row = Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, { p50: percentile(v, 0.5), p99: percentile(v, 0.99), matches: matches[k] }]));
      qido[label] = { query: q, ...row };
      log(`QIDO ${label}: platform p50 ${row.platform?.p50.toFixed(1)} ms p99 ${row.platform?.p99.toFixed(1)} ms (${matches.platform} studies); Orthanc p50 ${row.orthanc?.p50.toFixed(1)} ms p99 ${row.orthanc?.p99.toFixed(1)} ms (${matches.orthanc} studies)`);
    }
    result.qido = { index: indexRuns, queries: qido };
    writeJson(out, result);
  }

  if (opts.phases.includes('big')) {
    const ct = makeTemplate(scratch, 512);
    const count = Math.ceil((opts.bigMb * 1024 * 1024) / ct.bytes.length);
    /** @type {Record<string, unknown>} */
    const big = {};
    for (const via of /** @type {const} */ (['cstore', 'stow'])) {
      const dir = path.join(scratch, `big-${via}`);
      const set = writeStudy(ct, dir, count, { patientName: 'Bench^Big', studyDate: '20260111' });
      for (const t of opts.bigOrthanc ? targets : [platform.target]) big[`${t.name} ${via}`] = await ingest(t, via, set, null);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    result.big = { instances: count, bytes: count * ct.bytes.length, runs: big };
    writeJson(out, result);
  }
  await platform.server.stop();
  await orthanc.stop();
  log(`results: ${out}`);
} finally {
  await cleanupAll();
}
