/** `telehealth billing code FILE|-` through the built binary: no database, JSON out, clear errors. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from '../testing/cli-sandbox.js';

const facts = {
  dateOfService: '2026-03-02', payerProfile: 'medicare_ffs', serviceType: 'synchronous_telehealth_em',
  modality: 'audio_video', patientStatus: 'established', patientLocation: 'home', mdmLevel: 'low',
};
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [CLI_BIN, 'billing', 'code', ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TZ: 'UTC' } });

// Each case starts the CLI as a process (loading the platform's modules), several times in one test.
describe('telehealth billing code', { timeout: 30_000 }, () => {
  it('codes facts from standard input and prints the result as JSON', () => {
    const r = run(['-'], JSON.stringify(facts));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ billable: true, lines: [{ code: '99213', modifiers: [], pos: '10', units: 1 }], needs: [] });
  });

  it('codes an array from a file, in order', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'billing-')), 'facts.json');
    fs.writeFileSync(file, JSON.stringify([facts, { ...facts, dateOfService: '2025-10-20' }]));
    const r = run([file]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { billable: boolean; notBillableReason: string | null }[];
    expect(out.map((o) => o.billable)).toEqual([true, false]);
    expect(out[1]?.notBillableReason).toMatch(/^held: /);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('refuses input that is not encounter facts, naming where', () => {
    const bad = run(['-'], JSON.stringify({ ...facts, patientName: 'x' }));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/not encounter facts/);
    expect(bad.stdout).toBe('');
    expect(run(['-'], '{oops').stderr).toMatch(/not valid JSON/);
    expect(run(['/nonexistent/facts.json']).stderr).toMatch(/cannot read \/nonexistent\/facts.json: ENOENT/);
    expect(run([]).status).toBe(64);
  });
});
