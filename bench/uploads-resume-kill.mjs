// @ts-check
/**
 * A 1 GiB upload survives `kill -9` of the server (issue 4): spawns the built server on a temporary data dir
 * (PostgreSQL database), creates a tus upload of a generated 1 GiB document (a PDF: the general eConsult takes
 * PDF attachments, and only the first bytes decide the type), streams it in one PATCH, kills the server with
 * SIGKILL once a share of it has reached the disk, restarts it, asks for the offset (tus HEAD), sends the rest
 * (PATCH from that offset), and checks the SHA-256 of the plaintext downloaded through the API against the
 * file's. 1 GiB is above the default `UPLOAD_MAX_BYTES` (50 MB): the run sets it to 1.1 GiB for the server.
 * Samples the server's RSS every 100 ms. Writes bench/results/uploads-resume-kill.json.
 *
 * Usage: node bench/uploads-resume-kill.mjs [--mib 1024] [--kill-at 0.4]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash, randomBytes } from 'node:crypto';
import { ROOT, arg, cleanupAll, createPgDatabase, installCleanupHandlers, masterKey, sleep, startServer, tempDir, writeJson } from './lib/harness.mjs';
import { seedCases } from './cases-lib.mjs';

const argv = process.argv.slice(2);
const opts = { mib: Number(arg(argv, 'mib', '1024')), killAt: Number(arg(argv, 'kill-at', '0.4')) };
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/uploads-resume-kill.json'));
const log = (/** @type {string} */ m) => process.stderr.write(`[resume-kill] ${m}\n`);
const MIB = 1024 * 1024;
const size = opts.mib * MIB;

/** A PDF-typed file of `size` bytes of random content; returns its SHA-256. @param {string} file */
function generate(file) {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'w');
  for (let at = 0; at < size; at += MIB) {
    const piece = randomBytes(Math.min(MIB, size - at));
    if (at === 0) piece.write('%PDF-1.7\n', 'latin1');
    hash.update(piece);
    fs.writeSync(fd, piece);
  }
  fs.closeSync(fd);
  return hash.digest('hex');
}

/** @param {number} pid */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // the process is gone
  }
}

/** Peak RSS of `pid` while `work` runs. @template T @param {number} pid @param {() => Promise<T>} work */
async function withRss(pid, work) {
  const idle = rssMb(pid);
  let peak = idle;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  try {
    return { result: await work(), idle, peak };
  } finally {
    clearInterval(timer);
  }
}

/** A tus PATCH streaming the file from `offset` to its end. @param {string} url @param {Record<string,string>} auth @param {string} file @param {number} offset */
function patchFrom(url, auth, file, offset) {
  return fetch(url, {
    method: 'PATCH',
    headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', 'content-length': String(size - offset) },
    body: /** @type {ReadableStream} */ (Readable.toWeb(fs.createReadStream(file, { start: offset, highWaterMark: MIB }))),
    // @ts-expect-error undici's streaming request body option, absent from the DOM RequestInit type
    duplex: 'half',
  });
}

installCleanupHandlers();
try {
  const work = tempDir('resume-kill');
  const source = path.join(work, 'source.pdf');
  let t = performance.now();
  const sha256 = generate(source);
  log(`generated ${opts.mib} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s, sha256 ${sha256}`);
  const db = await createPgDatabase();
  const dataDir = path.join(work, 'data');
  const env = { TELEHEALTH_DATA_DIR: dataDir, TELEHEALTH_MASTER_KEY: masterKey(), DATABASE_URL: db.url, UPLOAD_MAX_BYTES: String(Math.ceil(size * 1.1)) };
  const seeded = await seedCases(env, 1);
  const auth = { authorization: `Bearer ${seeded.referrerToken}` };
  let server = await startServer({ env });
  await server.waitReady();
  const created = await fetch(`${server.url}/api/v1/cases`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ patientId: seeded.patientId, siteId: seeded.siteId, specialty: 'general' }) });
  const caseId = /** @type {{ id: string }} */ (await created.json()).id;
  const meta = [`caseId ${Buffer.from(caseId).toString('base64')}`, `sha256 ${Buffer.from(sha256).toString('base64')}`].join(',');
  const c = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': meta } });
  if (c.status !== 201) throw new Error(`create ${c.status} ${await c.text()}`);
  const location = /** @type {string} */ (c.headers.get('location'));
  const scratch = path.join(dataDir, 'uploads-tmp', location.split('/').pop() ?? '');

  // 1. stream the whole file; SIGKILL the server once `killAt` of it is on disk
  const firstPid = server.pid;
  t = performance.now();
  const first = await withRss(firstPid, async () => {
    const sending = patchFrom(`${server.url}${location}`, auth, source, 0).then((r) => `status ${r.status}`, (err) => `failed: ${String(err?.cause?.code ?? err)}`);
    while ((fs.existsSync(scratch) ? fs.statSync(scratch).size : 0) < size * opts.killAt) await sleep(5);
    process.kill(firstPid, 'SIGKILL');
    const atKill = fs.statSync(scratch).size;
    return { atKill, client: await sending };
  });
  const firstSeconds = (performance.now() - t) / 1000;
  log(`killed after ${firstSeconds.toFixed(1)} s with ${(first.result.atKill / MIB).toFixed(0)} MiB on disk; client ${first.result.client}`);

  // 2. restart on the same data dir and database, ask where to resume, send the rest
  await server.stop();
  t = performance.now();
  server = await startServer({ env });
  const restartMs = await server.waitReady();
  const head = await fetch(`${server.url}${location}`, { method: 'HEAD', headers: { ...auth, 'tus-resumable': '1.0.0' } });
  const offset = Number(head.headers.get('upload-offset'));
  if (head.status !== 200 || !(offset > 0 && offset < size)) throw new Error(`HEAD ${head.status} offset ${offset}`);
  log(`restarted in ${(restartMs / 1000).toFixed(1)} s; resuming at ${(offset / MIB).toFixed(0)} MiB`);
  t = performance.now();
  const second = await withRss(server.pid, async () => {
    const r = await patchFrom(`${server.url}${location}`, auth, source, offset);
    return { status: r.status, attachmentId: r.headers.get('x-attachment-id'), body: r.status === 204 ? '' : await r.text() };
  });
  const resumeSeconds = (performance.now() - t) / 1000;
  if (second.result.status !== 204 || !second.result.attachmentId) throw new Error(`resume ${second.result.status} ${second.result.body}`);
  log(`rest sent and processed in ${resumeSeconds.toFixed(1)} s`);

  // 3. the plaintext the API serves has the file's SHA-256
  t = performance.now();
  const download = await withRss(server.pid, async () => {
    const r = await fetch(`${server.url}/api/v1/cases/${caseId}/attachments/${second.result.attachmentId}`, { headers: auth });
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const piece of /** @type {AsyncIterable<Uint8Array>} */ (r.body ?? [])) {
      hash.update(piece);
      bytes += piece.length;
    }
    return { status: r.status, bytes, sha256: hash.digest('hex'), header: r.headers.get('x-content-sha256') };
  });
  const downloadSeconds = (performance.now() - t) / 1000;
  const ok = download.result.status === 200 && download.result.bytes === size && download.result.sha256 === sha256 && download.result.header === sha256;
  const result = {
    date: new Date().toISOString(),
    opts,
    bytes: size,
    sha256Matches: ok,
    killedAfter: { seconds: firstSeconds, bytesOnDisk: first.result.atKill, client: first.result.client },
    restartSeconds: restartMs / 1000,
    resumedAtOffset: offset,
    resume: { seconds: resumeSeconds, mbPerS: (size - offset) / MIB / resumeSeconds, rssIdleMb: second.idle, rssPeakMb: second.peak, rssAboveIdleMb: second.peak - second.idle },
    firstLeg: { mbPerS: first.result.atKill / MIB / firstSeconds, rssIdleMb: first.idle, rssPeakMb: first.peak, rssAboveIdleMb: first.peak - first.idle },
    download: { seconds: downloadSeconds, mbPerS: size / MIB / downloadSeconds, rssPeakMb: download.peak, rssAboveIdleMb: download.peak - download.idle },
  };
  log(JSON.stringify(result));
  writeJson(out, result);
  await server.stop();
  if (!ok) throw new Error(`SHA-256 mismatch: ${JSON.stringify(download.result)}`);
} finally {
  await cleanupAll();
}
