import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.js';
import { hashRow, type AuditRowContent } from './audit-chain.js';
import { bearerFor, createOrg, createPatient, createUser, roleAt } from '../../testing/fixtures.js';

// Tampering rewrites this file's own database; the trail is restored from a copy after each scenario.
let t: TestApp;
let rowCount = 0;

beforeAll(async () => {
  t = await createTestApp();
  const org = await createOrg(t);
  const admin = await createUser(t, org.organizationId, [roleAt('admin', null)]);
  const token = await bearerFor(t, admin.id);
  for (let i = 0; i < 5; i++) {
    const id = await createPatient(t, org.organizationId, org.siteA);
    await t.app.inject({ url: `/api/v1/patients/${id}`, headers: { authorization: `Bearer ${token}` } });
  }
  const verified = await t.services.audit.verify();
  expect(verified.problem).toBeNull();
  rowCount = verified.rows;
  expect(rowCount).toBeGreaterThanOrEqual(12);
  await t.db.database.rawTransaction((tx) => tx.exec('CREATE TABLE audit_backup AS SELECT * FROM audit_event'));
});
afterAll(async () => {
  await t.close();
});

/** What a database superuser (or the table owner) can do: switch the append-only triggers off for a moment. */
async function asSuperuser(statements: string): Promise<void> {
  await t.db.database.rawTransaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_event DISABLE TRIGGER USER');
    await tx.exec(statements);
    await tx.exec('ALTER TABLE audit_event ENABLE TRIGGER USER');
  });
}

async function restore(): Promise<void> {
  await asSuperuser('DELETE FROM audit_event; INSERT INTO audit_event SELECT * FROM audit_backup');
  expect(await t.services.audit.verify()).toEqual({ rows: rowCount, problem: null });
}

describe('audit tampering', () => {
  it('cannot be done through the application’s connection', async () => {
    for (const q of [sql`UPDATE audit_event SET action = 'x' WHERE seq = 3`, sql`DELETE FROM audit_event WHERE seq = 3`, sql`TRUNCATE audit_event`]) {
      await expect(t.services.database.db.execute(q)).rejects.toThrow();
    }
    expect(await t.services.audit.verify()).toEqual({ rows: rowCount, problem: null });
  });

  it('names the first altered row', async () => {
    await asSuperuser(`UPDATE audit_event SET action = 'patient.forged' WHERE seq = 9;
                       UPDATE audit_event SET detail = '{"tampered": true}'::jsonb WHERE seq = 5`);
    const { problem } = await t.services.audit.verify();
    expect(problem).toMatchObject({ kind: 'altered', seq: 5 });
    expect(problem?.detail).toContain('row 5');
    await restore();
  });

  it('names an altered timestamp or actor too', async () => {
    await asSuperuser(`UPDATE audit_event SET event_time = event_time + interval '1 second' WHERE seq = 4`);
    expect((await t.services.audit.verify()).problem).toMatchObject({ kind: 'altered', seq: 4 });
    await restore();
    const [withActor] = await t.db.database.rawTransaction((tx) =>
      tx.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM audit_event WHERE user_id IS NOT NULL'),
    );
    const seq = withActor!.seq;
    await asSuperuser(`UPDATE audit_event SET user_id = NULL, role = NULL WHERE seq = ${seq}`);
    expect((await t.services.audit.verify()).problem).toMatchObject({ kind: 'altered', seq });
    await restore();
  });

  it('names the row after an altered row whose own hash was recomputed, by the broken link', async () => {
    // Changing content and recomputing that row's hash is not enough: the next row still links to the old hash.
    const [row] = await t.db.database.rawTransaction((tx) =>
      tx.query<AuditRowContent>(
        `SELECT seq::int AS seq, event_time AS "eventTime", user_id AS "userId", role, organization_id AS "organizationId",
                patient_id AS "patientId", action, resource_type AS "resourceType", resource_id AS "resourceId", outcome,
                source_ip AS "sourceIp", user_agent AS "userAgent", request_id AS "requestId", detail, prev_hash AS "prevHash"
           FROM audit_event WHERE seq = 7`,
      ),
    );
    const forged: AuditRowContent = { ...row!, eventTime: new Date(row!.eventTime), action: 'patient.forged' };
    await asSuperuser(`UPDATE audit_event SET action = 'patient.forged', hash = '${hashRow(forged)}' WHERE seq = 7`);
    expect((await t.services.audit.verify()).problem).toMatchObject({ kind: 'broken_link', seq: 8 });
    await restore();
  });

  it('names a deleted row', async () => {
    await asSuperuser('DELETE FROM audit_event WHERE seq = 7');
    const { problem } = await t.services.audit.verify();
    expect(problem).toMatchObject({ kind: 'missing', seq: 7 });
    expect(problem?.detail).toContain('row 7 is missing');
    await restore();
  });

  it('names a re-ordered pair', async () => {
    await asSuperuser(`UPDATE audit_event SET seq = -1 WHERE seq = 10;
                       UPDATE audit_event SET seq = 10 WHERE seq = 11;
                       UPDATE audit_event SET seq = 11 WHERE seq = -1`);
    const { problem } = await t.services.audit.verify();
    expect(problem?.seq).toBe(10);
    expect(['broken_link', 'altered']).toContain(problem?.kind);
    await restore();
  });

  it('names a deleted newest row by the recorded head', async () => {
    await asSuperuser(`DELETE FROM audit_event WHERE seq = ${rowCount}`);
    const { problem, rows } = await t.services.audit.verify();
    expect(rows).toBe(rowCount - 1);
    expect(problem).toMatchObject({ kind: 'head_mismatch', seq: rowCount });
    await restore();
  });
});
