// @ts-check
/**
 * Seeds a benchmark database through the server's ops API: one organization, three sites, one admin with
 * an API token, and N patients inserted in bulk with one SQL statement. Run as its own process (the
 * embedded database is locked by one process at a time); the database comes from the environment exactly
 * as for the server (TELEHEALTH_DATA_DIR or DATABASE_URL). Prints one JSON line:
 * { token, organizationId, siteIds, patients, seconds }.
 *
 * Usage: node bench/lib/seed.mjs <patients>
 */
import { pathToFileURL } from 'node:url';

// The ops API of the server under test (harness.mjs passes the one beside BENCH_SERVER_MAIN).
/** @type {typeof import('@telehealth/server/ops')} */
const { openPlatform, loadConfig } = await import(
  process.env.BENCH_SERVER_OPS ? pathToFileURL(process.env.BENCH_SERVER_OPS).href : '@telehealth/server/ops'
);

const count = Number(process.argv[2] ?? '10000');
if (!Number.isInteger(count) || count < 1) throw new Error('usage: seed.mjs <patients>');

/** @param {string} organizationId - same shape as apps/server/src/testing/fixtures.ts systemActor() */
function systemActor(organizationId) {
  return {
    userId: '00000000-0000-4000-8000-000000000000',
    organizationId,
    roles: [{ role: /** @type {const} */ ('admin'), siteId: null, specialties: [], languages: [] }],
    patientId: null,
    via: /** @type {const} */ ('session'),
    sessionId: null,
    tokenId: null,
  };
}

const GIVEN = ['Ada', 'Ben', 'Carmen', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kateri', 'Liam', 'Maya', 'Noah'];
const FAMILY = [
  'Anderson', 'Bear', 'Chavez', 'Dubois', 'Eagleheart', 'Fischer', 'Garcia', 'Hansen', 'Iron Cloud', 'Johnson',
  'Kowalski', 'Larsen', 'Martinez', 'Nguyen', 'Olson', 'Peterson', 'Quinn', 'Running Wolf', 'Schmidt', 'Thompson',
];

// Deterministic spread: names, sites, birth dates and sex come from g by different moduli, so every run
// holds the same data; MRNs are unique by construction. Names repeat heavily, which exercises the id
// tie-breaker of the (family_name, given_name, id) keyset.
const INSERT_PATIENTS = `
INSERT INTO patients (id, organization_id, site_id, mrn, given_name, family_name, birth_date, sex,
                      email, phone, preferred_language, address_state, created_at)
SELECT gen_random_uuid(), $1::uuid, ($2::uuid[])[1 + g % 3], 'BENCH-' || lpad(g::text, 7, '0'),
       ($3::text[])[1 + (g * 7) % cardinality($3::text[])],
       ($4::text[])[1 + (g * 13) % cardinality($4::text[])],
       date '1930-01-01' + (g * 37) % 33000,
       (ARRAY['female', 'male', 'other', 'unknown'])[1 + (g * 11) % 4],
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'patient' || g || '@example.test' END,
       CASE WHEN g % 2 = 0 THEN NULL ELSE '+1406555' || lpad((g % 10000)::text, 4, '0') END,
       (ARRAY['en', 'en', 'en', 'es', 'fr'])[1 + g % 5], 'MT', now()
FROM generate_series(1, $5::int) AS g`;

const started = performance.now();
const platform = await openPlatform(loadConfig(process.env), 'bench seed');
try {
  const { services, database } = platform;
  const { id: organizationId } = await services.setup.ensureOrganization('Bench Health');
  const actor = systemActor(organizationId);
  /** @type {string[]} */
  const siteIds = [];
  for (const name of ['Bench Clinic Billings', 'Bench Clinic Havre', 'Bench Clinic Glasgow']) {
    const site = await services.sites.create(actor, { name, kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
    siteIds.push(site.id);
  }
  const admin = await services.users.create(
    organizationId,
    {
      email: 'bench-admin@example.test',
      name: 'Bench Admin',
      password: 'bench password that is long enough',
      roles: [{ role: 'admin', siteId: null, specialties: [], languages: [] }],
    },
    null,
  );
  const { token } = await services.tokens.create(admin.id, { name: 'bench', expiresInDays: 1 }, null);
  await database.rawTransaction((tx) => tx.query(INSERT_PATIENTS, [organizationId, siteIds, GIVEN, FAMILY, count]));
  // A production PostgreSQL has autovacuum's statistics; PGlite runs none, so analyse both alike.
  await database.rawTransaction((tx) => tx.exec('ANALYZE patients; ANALYZE api_tokens; ANALYZE users; ANALYZE user_roles;'));
  const [{ n }] = await database.rawTransaction((tx) => tx.query('SELECT count(*)::int AS n FROM patients'));
  process.stdout.write(
    `${JSON.stringify({ token, organizationId, siteIds, patients: n, seconds: (performance.now() - started) / 1000 })}\n`,
  );
} finally {
  await platform.close();
}
