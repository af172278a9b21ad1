// @ts-check
/**
 * Upload throughput and memory (issue 4): N photos of ~5 MB each through tus (creation + PATCH in 1 MiB
 * chunks, like the web app) from 4 parallel clients into draft cases, each going through the whole
 * pipeline (type detection, sharp re-encode without metadata, thumbnail, quality, encryption, fsync, commit).
 * Compared with the disk's plain write speed measured in the same run (the same bytes written and fsync'd
 * to a file in the server's data dir). Samples the server's RSS every 100 ms: idle before, peak during.
 * Also the server's CPU seconds per photo (from /proc): on a shared machine, a figure that does not depend on
 * what else is running. Target: RSS peak < idle + 300 MB. Writes bench/results/uploads-throughput.json.
 *
 * Usage: node bench/uploads-throughput.mjs [--photos 200] [--clients 4]
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ROOT, arg, cleanupAll, createPgDatabase, installCleanupHandlers, masterKey, startServer, tempDir, writeJson } from './lib/harness.mjs';
import { seedCases } from './cases-lib.mjs';

const argv = process.argv.slice(2);
const opts = { photos: Number(arg(argv, 'photos', '200')), clients: Number(arg(argv, 'clients', '4')) };
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/uploads-throughput.json'));
const log = (/** @type {string} */ m) => process.stderr.write(`[uploads] ${m}\n`);
const CHUNK = 1024 * 1024;

/** A ~5 MB camera-like JPEG: 12 MP of noise at quality 90 (noise keeps it from compressing away). */
async function photo() {
  const width = 4000, height = 3000;
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = 30 + ((i * 2654435761) >>> 24) % 170;
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

/** @param {number} pid */
function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** CPU seconds (user + system) the process has used so far. @param {number} pid */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** @param {string} base @param {Record<string,string>} auth @param {string} caseId @param {Buffer} file */
async function tusUpload(base, auth, caseId, file) {
  const created = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-length': String(file.length), 'upload-metadata': `caseId ${Buffer.from(caseId).toString('base64')}` },
  });
  if (created.status !== 201) throw new Error(`create ${created.status} ${await created.text()}`);
  const url = `${base}${created.headers.get('location')}`;
  for (let offset = 0; offset < file.length; offset += CHUNK) {
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: file.subarray(offset, Math.min(file.length, offset + CHUNK)),
    });
    if (res.status !== 204) throw new Error(`patch ${res.status} ${await res.text()}`);
  }
}

/** Plain write speed of the same bytes to the same disk: write + fsync per file, like the blob store. @param {string} dir @param {Buffer} file */
function diskWrite(dir, file) {
  const t0 = performance.now();
  for (let i = 0; i < opts.photos; i++) {
    const f = path.join(dir, `plain-${i}`);
    const fd = fs.openSync(f, 'w');
    fs.writeSync(fd, file);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const s = (performance.now() - t0) / 1000;
  for (let i = 0; i < opts.photos; i++) fs.rmSync(path.join(dir, `plain-${i}`));
  return (opts.photos * file.length) / 1024 / 1024 / s;
}

installCleanupHandlers();
try {
  const file = await photo();
  log(`photo: ${(file.length / 1024 / 1024).toFixed(2)} MB, 4000×3000`);
  const db = await createPgDatabase();
  const dataDir = tempDir('uploads-bench');
  const env = { TELEHEALTH_DATA_DIR: dataDir, TELEHEALTH_MASTER_KEY: masterKey(), RATE_LIMIT_PER_MINUTE: '100000000', DATABASE_URL: db.url, UPLOAD_MAX_BYTES: String(64 * 1024 * 1024), ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}), ...(process.env.LD_PRELOAD ? { LD_PRELOAD: process.env.LD_PRELOAD } : {}) };
  const seeded = await seedCases(env, 10);
  const server = await startServer({ env });
  await server.waitReady();
  const auth = { authorization: `Bearer ${seeded.referrerToken}` };
  const draft = async () => {
    const r = await fetch(`${server.url}/api/v1/cases`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ patientId: seeded.patientId, siteId: seeded.siteId, specialty: 'general' }) });
    return /** @type {{ id: string }} */ (await r.json()).id;
  };
  const caseIds = await Promise.all(Array.from({ length: opts.clients }, draft));
  await tusUpload(server.url, auth, caseIds[0] ?? '', file); // warm-up: sharp, JIT
  const idle = rssMb(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 100);
  let next = 0;
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  await Promise.all(caseIds.map(async (caseId) => {
    while (next < opts.photos) {
      next++;
      await tusUpload(server.url, auth, caseId, file);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const serverCpuPerPhoto = (cpuSeconds(server.pid) - cpu0) / opts.photos;
  clearInterval(sampler);
  const mbPerS = (opts.photos * file.length) / 1024 / 1024 / seconds;
  const disk = diskWrite(dataDir, file);
  const result = { date: new Date().toISOString(), opts, photoMb: file.length / 1024 / 1024, seconds, photosPerS: opts.photos / seconds, mbPerS, serverCpuPerPhoto, diskMbPerS: disk, ratio: mbPerS / disk, rssIdleMb: idle, rssPeakMb: peak, rssAboveIdleMb: peak - idle };
  log(JSON.stringify(result));
  writeJson(out, result);
  await server.stop();
} finally {
  await cleanupAll();
}
