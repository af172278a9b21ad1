// @ts-check
/**
 * Seeds a consult worklist benchmark through the server's ops API: one organization, a referring site, an
 * admin referrer, a dermatology specialist with an API token, 2,000 patients and N cases inserted in bulk
 * (four specialties; ~2 % of them unclaimed in a queue, the rest spread over the other states, as in a
 * running service). Run as its own process; the database comes from the environment (DATABASE_URL).
 * Prints one JSON line: { token (specialist), referrerToken, organizationId, siteId, patientId, cases, queued, seconds }.
 *
 * Usage: node bench/cases-seed.mjs <cases>
 */
import { pathToFileURL } from 'node:url';

/** @type {typeof import('@telehealth/server/ops')} */
const { openPlatform, loadConfig } = await import(
  process.env.BENCH_SERVER_OPS ? pathToFileURL(process.env.BENCH_SERVER_OPS).href : '@telehealth/server/ops'
);
const count = Number(process.argv[2] ?? '100000');

const INSERT_PATIENTS = `
INSERT INTO patients (id, organization_id, site_id, mrn, given_name, family_name, birth_date, sex, preferred_language, created_at)
SELECT gen_random_uuid(), $1::uuid, $2::uuid, 'CB-' || lpad(g::text, 7, '0'), 'Pat', 'Bench' || g, date '1950-01-01' + g % 20000,
       'unknown', 'en', now()
FROM generate_series(1, 2000) AS g`;

// States by g % 50: 0 submitted (queue), 1 assigned, 2 in_review, 3 awaiting_information, 4–9 answered, rest closed.
const INSERT_CASES = `
WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM patients WHERE organization_id = $1::uuid)
INSERT INTO cases (id, organization_id, site_id, patient_id, referrer_id, specialty, urgency, state, question, history,
                   consent, assignee_id, submitted_at, due_at, created_at, updated_at)
SELECT gen_random_uuid(), $1::uuid, $2::uuid, p.id, $3::uuid,
       (ARRAY['dermatology', 'ophthalmology', 'urology', 'general'])[1 + g % 4],
       (ARRAY['routine', 'routine', 'urgent', 'stat'])[1 + (g / 4) % 4],
       CASE WHEN g % 50 = 0 THEN 'submitted' WHEN g % 50 = 1 THEN 'assigned' WHEN g % 50 = 2 THEN 'in_review'
            WHEN g % 50 = 3 THEN 'awaiting_information' WHEN g % 50 < 10 THEN 'answered' ELSE 'closed' END,
       'Benchmark question', '{}'::jsonb, '{"given": true, "method": "verbal"}'::jsonb,
       CASE WHEN g % 50 = 0 THEN NULL ELSE $4::uuid END,
       now() - (g || ' minutes')::interval, now() + ((g % 4000) || ' minutes')::interval, now(), now()
FROM generate_series(1, $5::int) AS g JOIN p ON p.n = 1 + g % 2000`;

const started = performance.now();
const platform = await openPlatform(loadConfig(process.env), 'bench cases seed');
try {
  const { services, database } = platform;
  const { id: organizationId } = await services.setup.ensureOrganization('Bench Consults');
  const actor = { userId: '00000000-0000-4000-8000-000000000000', organizationId, roles: [{ role: /** @type {const} */ ('admin'), siteId: null, specialties: [], languages: [] }], patientId: null, via: /** @type {const} */ ('session'), sessionId: null, tokenId: null };
  const site = await services.sites.create(actor, { name: 'Bench Referring Clinic', kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
  const password = 'bench password that is long enough';
  const referrer = await services.users.create(organizationId, { email: 'bench-referrer@example.test', name: 'Bench Referrer', password, roles: [{ role: 'admin', siteId: null, specialties: [], languages: [] }] }, null);
  const derm = await services.users.create(organizationId, { email: 'bench-derm@example.test', name: 'Bench Derm', password, roles: [{ role: 'specialist', siteId: null, specialties: ['dermatology'], languages: [] }] }, null);
  const { token } = await services.tokens.create(derm.id, { name: 'bench', expiresInDays: 1 }, null);
  const { token: referrerToken } = await services.tokens.create(referrer.id, { name: 'bench', expiresInDays: 1 }, null);
  await database.rawTransaction(async (tx) => {
    await tx.query(INSERT_PATIENTS, [organizationId, site.id]);
    await tx.query(INSERT_CASES, [organizationId, site.id, referrer.id, derm.id, count]);
  });
  await database.rawTransaction((tx) => tx.exec('ANALYZE cases; ANALYZE patients;'));
  const [row] = await database.rawTransaction((tx) => tx.query("SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'submitted')::int AS q FROM cases"));
  const [patient] = await database.rawTransaction((tx) => tx.query('SELECT id FROM patients WHERE organization_id = $1 LIMIT 1', [organizationId]));
  const out = { token, referrerToken, organizationId, siteId: site.id, patientId: patient?.id, cases: row?.n, queued: row?.q, seconds: (performance.now() - started) / 1000 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} finally {
  await platform.close();
}
