import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliSandbox, type CliResult, type CliSandbox } from './testing/cli-sandbox.js';

// One database for the file; the tampering tests each undo their change, so the next starts intact.
let cli: CliSandbox;
let rows = 0;
beforeAll(async () => {
  cli = await createCliSandbox();
  const seeded = await cli.run(['demo', 'seed']);
  if (seeded.code !== 0) throw new Error(`demo seed failed: ${seeded.stderr}`);
});
afterAll(async () => {
  await cli.close();
});

/**
 * Changes the trail as a database superuser could: the append-only trigger is switched off for the change.
 * The CLI is not running meanwhile, so the PGlite files may be opened directly.
 */
async function asSuperuser(change: string): Promise<void> {
  await cli.sql(
    `ALTER TABLE audit_event DISABLE TRIGGER USER; ${change}; ALTER TABLE audit_event ENABLE TRIGGER USER;`,
  );
}

function expectBroken(r: CliResult, message: string): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(message);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('telehealth audit', () => {
  it('verify reports an intact chain with its row count', async () => {
    const r = await cli.run(['audit', 'verify']);
    expect(r.code).toBe(0);
    const m = /^audit chain intact: (\d+) rows\n$/.exec(r.stdout);
    rows = Number(m?.[1]);
    expect(rows).toBeGreaterThan(60); // organization, 9 sites, 36 patients, 21 users, the patient list
  });

  it('export writes JSON lines oldest first and CSV with the header, filtered by organization and time', async () => {
    const json = await cli.run(['audit', 'export', '--format', 'json']);
    expect(json.code).toBe(0);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; action: string; organizationId: string | null });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: rows + 1 }, (_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ action: 'audit.export' }); // the export is itself on record
    const orgId = events[0]?.organizationId;

    const csv = await cli.run([
      'audit',
      'export',
      '--org',
      'High Plains Health',
      '--from',
      '2000-01-01',
      '--to',
      '2999-12-31',
    ]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'seq,event_time,user_id,role,organization_id,patient_id,action,resource_type,resource_id,outcome,source_ip,user_agent,request_id,detail,hash',
    );
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(1).every((l) => l.split(',')[4] === orgId)).toBe(true);

    const none = await cli.run(['audit', 'export', '--from', '2999-01-01']);
    expect(none.stdout.split('\r\n').filter(Boolean)).toHaveLength(1);
    rows += 3; // the three exports were recorded
  });

  it('verify exits 1 naming an altered row', async () => {
    const [original] = await cli.sql('SELECT action FROM audit_event WHERE seq = 3');
    await asSuperuser(`UPDATE audit_event SET action = 'x' WHERE seq = 3`);
    expectBroken(
      await cli.run(['audit', 'verify']),
      'audit chain broken at row 3 (altered): row 3 was altered',
    );
    await asSuperuser(`UPDATE audit_event SET action = '${String(original?.action)}' WHERE seq = 3`);
  });

  it('verify exits 1 naming a deleted row', async () => {
    await asSuperuser(
      'CREATE TABLE audit_saved AS SELECT * FROM audit_event WHERE seq = 5; DELETE FROM audit_event WHERE seq = 5',
    );
    expectBroken(
      await cli.run(['audit', 'verify']),
      'audit chain broken at row 5 (missing): row 5 is missing',
    );
    await asSuperuser('INSERT INTO audit_event SELECT * FROM audit_saved; DROP TABLE audit_saved');
  });

  it('verify exits 1 naming the first of two re-ordered rows', async () => {
    const swap =
      'UPDATE audit_event SET seq = -1 WHERE seq = 7; UPDATE audit_event SET seq = 7 WHERE seq = 8; UPDATE audit_event SET seq = 8 WHERE seq = -1';
    await asSuperuser(swap);
    expectBroken(await cli.run(['audit', 'verify']), 'audit chain broken at row 7');
    await asSuperuser(swap);
  });

  it('verify exits 1 when the newest rows were deleted', async () => {
    await asSuperuser(
      `CREATE TABLE audit_saved AS SELECT * FROM audit_event WHERE seq = ${rows}; DELETE FROM audit_event WHERE seq = ${rows}`,
    );
    expectBroken(
      await cli.run(['audit', 'verify']),
      `the chain ends at row ${rows - 1} but the recorded head is row ${rows}`,
    );
    await asSuperuser('INSERT INTO audit_event SELECT * FROM audit_saved; DROP TABLE audit_saved');
  });

  it('verify passes again once every change is undone', async () => {
    const r = await cli.run(['audit', 'verify']);
    expect(r.stdout).toBe(`audit chain intact: ${rows} rows\n`);
    expect(r.code).toBe(0);
  });
});
