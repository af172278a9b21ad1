// @ts-check
/**
 * One autocannon run plus the CPU time each party used during it (from /proc), so a figure can be read
 * against where the machine's cores went: the server process, PostgreSQL's processes, and this process
 * (autocannon itself runs here, on the same cores as the server).
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

const CLK_TCK = 100; // Linux USER_HZ; `getconf CLK_TCK` is 100 on every mainstream kernel config

/** @param {string | number} pid @returns {{ comm: string, cpuMs: number } | null} */
export function procCpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return { comm, cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK };
  } catch {
    return null;
  }
}

/** Busy and total CPU ms of the whole machine so far, from /proc/stat. */
export function machineCpuMs() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const t = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (t[3] ?? 0) + (t[4] ?? 0); // idle + iowait
  const all = t.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal (guest is inside user)
  // irq + softirq (loopback TCP is processed there, for everyone) and steal (the hypervisor) belong to no process.
  const unattributed = (t[5] ?? 0) + (t[6] ?? 0) + (t[7] ?? 0);
  return { busy: ((all - idle - unattributed) * 1000) / CLK_TCK, unattributed: (unattributed * 1000) / CLK_TCK };
}

/**
 * PostgreSQL processes that work for the benchmark: backends connected to its database and the
 * server-wide background processes (WAL writer, checkpointer …); other databases' backends are someone else.
 * @param {string} url
 * @returns {Promise<number[]>}
 */
export async function ourPostgresPids(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT pid FROM pg_stat_activity WHERE (datname = current_database() AND pid <> pg_backend_pid()) OR datname IS NULL',
    );
    return rows.map((r) => Number(r.pid));
  } finally {
    await client.end();
  }
}

/** @param {number[]} pids */
const sumCpu = (pids) => pids.reduce((a, pid) => a + (procCpu(pid)?.cpuMs ?? 0), 0);

/**
 * Waits until the machine is quiet (other processes use < `maxCores` over a second), for at most
 * `maxWaitS`: this machine is shared, and a benchmark next to someone's test run measures nothing.
 * Returns the seconds waited and the last reading.
 * @param {{ maxCores?: number, maxWaitS?: number, log?: (msg: string) => void }} [opts]
 */
export async function waitQuiet({ maxCores = 0.15, maxWaitS = 300, log = () => undefined } = {}) {
  const t0 = performance.now();
  let said = false;
  for (;;) {
    const a = machineCpuMs();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineCpuMs();
    const busy = (b.busy - a.busy + b.unattributed - a.unattributed) / 1000;
    const waited = (performance.now() - t0) / 1000;
    if (busy < maxCores) return { waitedS: Math.round(waited), busyCores: round2(busy) };
    if (waited > maxWaitS) {
      log(`machine still busy (${busy.toFixed(2)} cores) after ${maxWaitS} s: measuring anyway`);
      return { waitedS: Math.round(waited), busyCores: round2(busy) };
    }
    if (!said) log(`machine busy (${busy.toFixed(2)} cores used by other processes): waiting up to ${maxWaitS} s`);
    said = true;
  }
}

/**
 * @typedef {object} LoadResult
 * @property {number} requestsPerSec - mean over the run's 1-s samples
 * @property {number} total - completed requests
 * @property {number} p50 @property {number} p975 @property {number} p99 @property {number} max - latency ms
 * @property {number} errors - connection errors + timeouts
 * @property {number} non2xx
 * @property {number} seconds
 * @property {{ server: number, postgres: number, loadGenerator: number, others: number, irqAndSteal: number }} cores
 *   CPU cores busy on average; `others` is every other process (another user's tests): it should be ~0;
 *   `irqAndSteal` is interrupt time (loopback networking) and hypervisor steal
 */

/**
 * @param {{ url: string, headers?: Record<string, string>, connections: number, seconds: number, serverPid: number,
 *   databaseUrl?: string | null }} opts - `databaseUrl`: the PostgreSQL database the server uses, if any
 * @returns {Promise<LoadResult>}
 */
export async function runLoad({ url, headers = {}, connections, seconds, serverPid, databaseUrl = null }) {
  // Backends already exist (the pool is warm): take the set before, and again after for any newcomer.
  const pgPids = databaseUrl ? await ourPostgresPids(databaseUrl) : [];
  const server0 = procCpu(serverPid)?.cpuMs ?? 0;
  const pg0 = sumCpu(pgPids);
  const machine0 = machineCpuMs();
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await autocannon({ url, headers, connections, duration: seconds, pipelining: 1, timeout: 10 });
  const wallMs = performance.now() - t0;
  const self = process.cpuUsage(self0);
  const machine1 = machineCpuMs();
  const machineBusy = machine1.busy - machine0.busy;
  const serverMs = (procCpu(serverPid)?.cpuMs ?? 0) - server0;
  const pgMs = sumCpu(pgPids) - pg0;
  const selfMs = (self.user + self.system) / 1000;
  const cores = {
    server: serverMs / wallMs,
    postgres: pgMs / wallMs,
    loadGenerator: selfMs / wallMs,
    others: Math.max(0, machineBusy - serverMs - pgMs - selfMs) / wallMs,
    irqAndSteal: (machine1.unattributed - machine0.unattributed) / wallMs,
  };
  return {
    requestsPerSec: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p975: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    seconds: r.duration,
    cores: {
      server: round2(cores.server),
      postgres: round2(cores.postgres),
      loadGenerator: round2(cores.loadGenerator),
      others: round2(cores.others),
      irqAndSteal: round2(cores.irqAndSteal),
    },
  };
}

/** @param {number} x */
const round2 = (x) => Math.round(x * 100) / 100;
