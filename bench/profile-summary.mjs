// @ts-check
/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, and inclusive
 * (total) time of the server's own functions and of chosen library entry points, as a share of all
 * samples. Used for the profile evidence in docs/benchmarks.md.
 *
 * The "phases" section puts every sample in the first matching bucket of PHASES (whole stack searched,
 * buckets in priority order) and, given --requests N, divides by the requests served to get µs per request.
 *
 * Usage: node bench/profile-summary.mjs <file.cpuprofile> [--top 25] [--requests N] [--json out.json]
 */
import fs from 'node:fs';
import { arg, writeJson } from './lib/harness.mjs';

const argv = process.argv.slice(2);
const file = argv[0];
process.stdout.on('error', () => process.exit(0)); // output piped into head
if (!file) throw new Error('usage: profile-summary.mjs <file.cpuprofile> [--top 25] [--json out.json]');
const top = Number(arg(argv, 'top', '25'));
const requests = Number(arg(argv, 'requests', '0'));

/** @typedef {{ functionName: string, url: string, lineNumber: number }} Frame */
/** @type {[string, (stack: Frame[]) => boolean][]} stack[0] is the leaf */
const PHASES = [
  ['idle', (s) => s[0]?.functionName === '(idle)'],
  ['garbage collection', (s) => s[0]?.functionName === '(garbage collector)'],
  // A write that wakes a PostgreSQL backend: on 2 cores the backend often preempts this thread inside the call.
  ['socket writes to PostgreSQL', (s) => s[0]?.functionName === 'writev' && s.some((f) => /node_modules\/pg\//.test(f.url))],
  ['patients: toDto', (s) => s.some((f) => f.functionName === 'toDto')],
  ['patients: cursor seal', (s) => s.some((f) => f.functionName === 'makeCursor')],
  ['audit: hash chain', (s) => s.some((f) => f.functionName === 'hashRow')],
  ['audit: batch insert', (s) => s.some((f) => /audit\.repo/.test(f.url))],
  ['drizzle: build SQL', (s) => s.some((f) => ['sqlToQuery', 'toQuery', 'buildSelection', 'buildSelectQuery'].includes(f.functionName))],
  ['drizzle: map rows', (s) => s.some((f) => f.functionName === 'mapResultRow')],
  ['pg: parse replies', (s) => s.some((f) => /pg-protocol/.test(f.url))],
  ['pg, pg-pool: other', (s) => s.some((f) => /node_modules\/pg(-pool)?\//.test(f.url))],
  ['drizzle: other', (s) => s.some((f) => /drizzle-orm/.test(f.url))],
  ['PGlite (JS + WASM)', (s) => s.some((f) => /pglite/.test(f.url) || f.url.startsWith('wasm'))],
  ['response: serialize', (s) => s.some((f) => /fast-json-stringify/.test(f.url))],
  ['response: helmet headers', (s) => s.some((f) => /helmet/.test(f.url))],
  ['response: write', (s) => s.some((f) => /_http_outgoing|_http_server/.test(f.url))],
  ['auth', (s) => s.some((f) => /access\.js|auth\.service/.test(f.url))],
  ['validation (ajv)', (s) => s.some((f) => /ajv/.test(f.url))],
  ['fastify core', (s) => s.some((f) => /node_modules\/(fastify|find-my-way)\//.test(f.url))],
];

/** @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} Node */
const profile = /** @type {{ nodes: Node[], samples: number[], timeDeltas: number[] }} */ (JSON.parse(fs.readFileSync(file, 'utf8')));
/** @type {Map<number, Node>} */
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
/** @type {Map<number, number>} */
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** @type {Map<number, number>} self µs per node */
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** @param {string} url */
function packageOf(url) {
  if (!url) return '(native/V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node core';
  const m = /apps\/server\/dist\/(.*)$/.exec(url);
  if (m) return `server: ${m[1]}`;
  const c = /packages\/([^/]+)\//.exec(url);
  if (c) return `@telehealth/${c[1]}`;
  return url;
}

/** @param {Node} n */
const fnKey = (n) => `${n.callFrame.functionName || '(anonymous)'} ${packageOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

/** @type {Map<string, number>} */
const selfByFn = new Map();
/** @type {Map<string, number>} */
const selfByPkg = new Map();
/** @type {Map<string, number>} inclusive, counting each function once per stack */
const inclusive = new Map();
for (const [id, us] of self) {
  const n = /** @type {Node} */ (byId.get(id));
  selfByFn.set(fnKey(n), (selfByFn.get(fnKey(n)) ?? 0) + us);
  const pkg = packageOf(n.callFrame.url);
  selfByPkg.set(pkg, (selfByPkg.get(pkg) ?? 0) + us);
  const seen = new Set();
  for (let cur = /** @type {number | undefined} */ (id); cur !== undefined; cur = parent.get(cur)) {
    const k = fnKey(/** @type {Node} */ (byId.get(cur)));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}

/** @type {Map<string, number>} */
const byPhase = new Map();
for (const [id, us] of self) {
  /** @type {Frame[]} */
  const stack = [];
  for (let cur = /** @type {number | undefined} */ (id); cur !== undefined; cur = parent.get(cur)) stack.push(/** @type {Node} */ (byId.get(cur)).callFrame);
  const phase = PHASES.find(([, test]) => test(stack))?.[0] ?? 'other';
  byPhase.set(phase, (byPhase.get(phase) ?? 0) + us);
}
const busy = total - (byPhase.get('idle') ?? 0);
const phases = [...byPhase.entries()]
  .filter(([k]) => k !== 'idle')
  .sort((a, b) => b[1] - a[1])
  .map(([what, us]) => ({
    what,
    ms: Math.round(us / 1000),
    pctOfBusy: Math.round((1000 * us) / busy) / 10,
    ...(requests ? { usPerRequest: Math.round(us / requests) } : {}),
  }));

/** @param {Map<string, number>} m @param {number} n @param {(k: string) => boolean} [keep] */
const rank = (m, n, keep = () => true) =>
  [...m.entries()]
    .filter(([k]) => keep(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => ({ what: k, ms: Math.round(us / 1000), pct: Math.round((1000 * us) / total) / 10 }));

const result = {
  file,
  sampledMs: Math.round(total / 1000),
  busyMs: Math.round(busy / 1000),
  phases,
  selfByPackage: rank(selfByPkg, top),
  selfByFunction: rank(selfByFn, top),
  inclusiveServerFunctions: rank(inclusive, top, (k) => k.includes(' server: ')),
  inclusiveLibraries: rank(inclusive, top, (k) => !k.includes(' server: ') && !k.includes('(native/V8)') && !k.includes('node core')),
};

/** @param {string} title @param {{ what: string, ms: number, pct: number }[]} rows */
const print = (title, rows) => {
  process.stdout.write(`\n## ${title}\n`);
  for (const r of rows) process.stdout.write(`${String(r.pct).padStart(5)} %  ${String(r.ms).padStart(7)} ms  ${r.what}\n`);
};
process.stdout.write(`${file}: ${result.sampledMs} ms sampled, ${result.busyMs} ms busy\n`);
process.stdout.write(`\n## phases (share of busy time${requests ? `; µs per request over ${requests} requests` : ''})\n`);
for (const p of phases) {
  process.stdout.write(`${String(p.pctOfBusy).padStart(5)} %  ${p.usPerRequest !== undefined ? `${String(p.usPerRequest).padStart(5)} µs  ` : ''}${p.what}\n`);
}
print('self time by package', result.selfByPackage);
print('self time by function', result.selfByFunction);
print('inclusive time, server functions', result.inclusiveServerFunctions);
print('inclusive time, libraries', result.inclusiveLibraries);
const jsonOut = arg(argv, 'json', '');
if (jsonOut) writeJson(jsonOut, result);
