// @ts-check
/**
 * Orthanc (Debian `orthanc` + `orthanc-dicomweb`) as the benchmark peer of the imaging module: a temporary
 * configuration (storage and index in a temp dir, DICOMweb plugin on, authentication off), free ports,
 * stopped at cleanup. Orthanc 1.10 cannot bind its DICOM and HTTP servers to loopback only, so the imaging
 * benchmark runs it inside its own network namespace (bench/imaging-orthanc.mjs).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, get, onCleanup, sleep, tempDir } from './harness.mjs';

export const ORTHANC_AE = 'ORTHANC';
const PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** `Orthanc --version`'s first line, or null when Orthanc is not installed. */
export function orthancVersion() {
  const r = spawnSync('Orthanc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout.split('\n')[0] ?? '').trim() : null;
}

/**
 * Starts Orthanc with defaults except what a temporary, loopback-only peer needs. Durability as shipped:
 * `SyncStorageArea` true (files fsync'd), SQLite index.
 * @returns {Promise<{ url: string, dicomPort: number, pid: number, dir: string, stop: () => Promise<void> }>}
 */
export async function startOrthanc() {
  if (!fs.existsSync(PLUGIN)) throw new Error(`${PLUGIN} is missing: apt-get install -y orthanc orthanc-dicomweb`);
  const dir = tempDir('orthanc');
  const httpPort = await freePort();
  const dicomPort = await freePort();
  const config = {
    Name: 'bench',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    Plugins: [PLUGIN],
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: ORTHANC_AE,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  const file = path.join(dir, 'orthanc.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  let tail = '';
  const child = spawn('Orthanc', [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  /** @param {Buffer} c */
  const keep = (c) => (tail = (tail + c.toString('utf8')).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const pid = /** @type {number} */ (child.pid);
  let done = false;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => (done = true));
  const stop = onCleanup(
    `orthanc ${pid}`,
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
  const url = `http://127.0.0.1:${httpPort}`;
  const t0 = performance.now();
  for (;;) {
    if (done) throw new Error(`Orthanc exited before it was ready:\n${tail}`);
    if ((await get(`${url}/system`)).status === 200 && (await get(`${url}/dicom-web/studies?limit=1`)).status === 200) break;
    if (performance.now() - t0 > 60_000) throw new Error(`Orthanc not ready after 60 s:\n${tail}`);
    await sleep(50);
  }
  return { url, dicomPort, pid, dir, stop };
}
