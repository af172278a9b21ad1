#!/usr/bin/env bash
# Runs every test tier: unit once; the DB-backed tiers (integration, browser) on the embedded PGlite and,
# when a PostgreSQL server answers (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test),
# again on PostgreSQL. Ends with one plain line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0

echo "==> build (server, CLI, web)"
npm run --silent build || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

run() { # name, then vitest args
  local name="$1"; shift
  echo "==> $name"
  npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$results/$name.json" || status=1
}

run unit --project unit
run pglite --project int --project e2e

pg_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
databases="PGlite (embedded)"
if node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.query('select version()')).then(r=>{console.log(r.rows[0].version.split(' on ')[0]);return c.end()}).catch(()=>process.exit(1))" "$pg_url" > "$results/pg-version" 2>/dev/null; then
  databases="$databases and $(cat "$results/pg-version") at ${pg_url%%\?*}"
  TEST_DATABASE_URL="$pg_url" run postgres --project int --project e2e
else
  echo "==> PostgreSQL: no server answers at $pg_url — DB-backed tiers ran on PGlite only"
fi

node -e '
const fs = require("fs"); const path = require("path");
let passed = 0, failed = 0;
for (const f of fs.readdirSync(process.argv[1])) {
  if (!f.endsWith(".json")) continue;
  const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8"));
  // A file that fails to load has no failed test but fails the run: count it as one failure.
  const broken = r.testResults.filter((t) => t.status === "failed" && t.assertionResults.every((a) => a.status !== "failed")).length;
  passed += r.numPassedTests; failed += r.numFailedTests + broken;
  console.log(`   ${f.replace(".json","")}: ${r.numPassedTests} passed, ${r.numFailedTests + broken} failed, ${r.testResults.length} files`);
}
fs.writeFileSync(path.join(process.argv[1], "total"), `${passed} ${failed}`);
' "$results"
read -r passed failed < "$results/total"
echo "Databases exercised: $databases"
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
exit $status
