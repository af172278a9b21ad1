#!/usr/bin/env bash
# Runs every benchmark and prints the results as markdown (see docs/benchmarks.md).
#
#   npm run bench                       # full suite, ~25 min on an idle 2-core machine
#   BENCH_RUNS=1 BENCH_DURATION=5 BENCH_WARMUP=2 BENCH_STARTUP_RUNS=1 BENCH_RESULTS=/tmp/smoke npm run bench
#                                       # smoke run, ~3 min, leaving the documented results alone
#
# Needs PostgreSQL on 127.0.0.1:5432 accepting user postgres without a password (BENCH_PG_URL overrides).
# Every server, data dir and database a benchmark creates is removed when it ends, also on failure or
# Ctrl-C (each script releases its own). Raw results: bench/results/{startup,patients-list-*}.json.
# BENCH_SERVER_MAIN=<path to another build's main.js> runs the suite against that build (a snapshot of
# dist/, so concurrent edits cannot change the server mid-run, or an A/B trial of a proposed change).
# The other scripts in bench/ (billing, visits, cases, uploads) are run on their own: see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${BENCH_RUNS:-3}"
DURATION="${BENCH_DURATION:-20}"
WARMUP="${BENCH_WARMUP:-5}"
STARTUP_RUNS="${BENCH_STARTUP_RUNS:-5}"
RESULTS="${BENCH_RESULTS:-bench/results}"
export BENCH_RESULTS="$RESULTS"

npm run --silent build:ts
mkdir -p "$RESULTS"
# Only this suite's own files: other benchmarks keep their results in the same directory.
rm -f "$RESULTS"/startup.json "$RESULTS"/patients-list-*.json

node bench/startup.mjs --runs "$STARTUP_RUNS"

pl() { node bench/patients-list.mjs --runs "$RUNS" --duration "$DURATION" --warmup "$WARMUP" "$@"; }
pl --db pglite
pl --db pglite --semi-space 64
pl --db postgres --pool 10
pl --db postgres --pool 20
pl --db postgres --pool 10 --semi-space 64

node bench/report.mjs --dir "$RESULTS"
