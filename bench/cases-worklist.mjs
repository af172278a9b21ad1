// @ts-check
/**
 * The specialist's worklist under load: GET /api/v1/cases?view=queue&limit=50 as a dermatology specialist
 * (bearer token; per request: token lookup, the queue query on the partial index cases_queue, one audit row
 * by group commit) with N cases in the database (default 100,000) on PostgreSQL, 50 concurrent clients.
 * Target (issue 4): p99 < 50 ms. Writes the run to bench/results/cases-worklist.json.
 *
 * Usage: node bench/cases-worklist.mjs [--cases 100000] [--connections 50] [--duration 20] [--warmup 5]
 *          [--cpu-prof dir] [--out file]
 * --cpu-prof writes a V8 CPU profile of the server (summarise with bench/profile-summary.mjs --requests N).
 * BENCH_SERVER_MAIN runs another build (e.g. the build before a change) for a before/after comparison.
 */
import path from 'node:path';
import { ROOT, arg, cleanupAll, createPgDatabase, get, installCleanupHandlers, masterKey, pgVersion, startServer, tempDir, writeJson } from './lib/harness.mjs';
import { runLoad, waitQuiet } from './lib/load.mjs';
import { seedCases } from './cases-lib.mjs';

const argv = process.argv.slice(2);
const opts = {
  cases: Number(arg(argv, 'cases', '100000')),
  connections: Number(arg(argv, 'connections', '50')),
  duration: Number(arg(argv, 'duration', '20')),
  warmup: Number(arg(argv, 'warmup', '5')),
  cpuProf: arg(argv, 'cpu-prof', ''),
};
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/cases-worklist.json'));
const log = (/** @type {string} */ m) => process.stderr.write(`[cases-worklist] ${m}\n`);
const URL_PATH = '/api/v1/cases?view=queue&limit=50';

// The queue statement before migration 0007 (cases.repo.ts listQueue: every column) …
const QUEUE_SQL_0003 = `SELECT * FROM cases WHERE organization_id = $1 AND state = 'submitted' AND specialty = $2 ORDER BY due_at, id LIMIT 50`;
// … and after it (case-worklist.repo.ts listQueue: summary columns, own queue merged with shared queues).
const COLS = `id, organization_id AS "organizationId", site_id AS "siteId", patient_id AS "patientId", referrer_id AS "referrerId",
  specialty, urgency, state, assignee_id AS "assigneeId", target_specialist_id AS "targetSpecialistId", submitted_at AS "submittedAt",
  due_at AS "dueAt", warned_at AS "warnedAt", breached_at AS "breachedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;
const QUEUE_SQL_0007 = `SELECT * FROM (
  (SELECT ${COLS}, due_at::text AS key FROM cases WHERE state = 'submitted' AND organization_id = $1 AND specialty = $2 ORDER BY due_at, id LIMIT 51)
  UNION ALL
  (SELECT ${COLS}, due_at::text AS key FROM cases WHERE state = 'submitted' AND (organization_id, specialty) IN
     (SELECT organization_id, specialty FROM case_queue_shares WHERE partner_organization_id = $1 AND revoked_at IS NULL AND specialty IN ($2))
   ORDER BY due_at, id LIMIT 51)) q ORDER BY "dueAt", id LIMIT 51`;

/**
 * The worklist SQL alone (the statement the server under test issues), from `connections` concurrent
 * clients for 10 s, to separate the query's cost from the request's (authentication, audit row).
 * @param {string} url @param {string} organizationId
 */
async function queryOnly(url, organizationId) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: opts.connections });
  const migrated = (await pool.query(`SELECT to_regclass('case_queue_shares') IS NOT NULL AS yes`)).rows[0].yes;
  const sql = migrated ? QUEUE_SQL_0007 : QUEUE_SQL_0003;
  const params = [organizationId, 'dermatology'];
  const plan = (await pool.query(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join(' / ');
  /** @type {number[]} */
  const times = [];
  const until = performance.now() + 10_000;
  await Promise.all(Array.from({ length: opts.connections }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await pool.query(sql, params);
      times.push(performance.now() - t0);
    }
  }));
  await pool.end();
  times.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => Math.round((times[Math.floor(q * (times.length - 1))] ?? 0) * 10) / 10;
  return { statement: migrated ? '0007' : '0003', n: times.length, p50: at(0.5), p99: at(0.99), plan };
}

installCleanupHandlers();
try {
  const db = await createPgDatabase();
  const env = { TELEHEALTH_DATA_DIR: tempDir('cases-worklist'), TELEHEALTH_MASTER_KEY: masterKey(), RATE_LIMIT_PER_MINUTE: '100000000', DATABASE_URL: db.url };
  const seeded = await seedCases(env, opts.cases);
  log(`seeded ${seeded.cases} cases (${seeded.queued} queued, a quarter dermatology) in ${seeded.seconds.toFixed(1)} s`);
  const server = await startServer({ env, nodeArgs: opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.cpuProf)}`] : [] });
  await server.waitReady();
  const headers = { authorization: `Bearer ${seeded.token}` };
  const check = await get(`${server.url}${URL_PATH}`, headers);
  const items = JSON.parse(check.body).items;
  if (check.status !== 200 || items.length !== 50 || items.some((/** @type {{specialty: string}} */ c) => c.specialty !== 'dermatology')) throw new Error(`unexpected answer ${check.status}`);
  await waitQuiet({ log });
  await runLoad({ url: `${server.url}${URL_PATH}`, headers, connections: opts.connections, seconds: opts.warmup, serverPid: server.pid, databaseUrl: db.url });
  const load = await runLoad({ url: `${server.url}${URL_PATH}`, headers, connections: opts.connections, seconds: opts.duration, serverPid: server.pid, databaseUrl: db.url });
  log(`${load.requestsPerSec.toFixed(0)} req/s p50 ${load.p50} ms p99 ${load.p99} ms errors ${load.errors} non-2xx ${load.non2xx} cores ${JSON.stringify(load.cores)}`);
  const query = await queryOnly(db.url, seeded.organizationId);
  log(`query alone (${opts.connections} concurrent clients, ${query.n} queries): p50 ${query.p50} ms p99 ${query.p99} ms; plan: ${query.plan}`);
  writeJson(out, { date: new Date().toISOString(), postgres: await pgVersion(), opts, seeded: { cases: seeded.cases, queued: seeded.queued }, load, query });
  await server.stop();
} finally {
  await cleanupAll();
}
