import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../platform/db.js';
import { migrate } from '../platform/migrate.js';

/** Which database the DB-backed tiers run on: PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
export function testDatabaseKind(): 'postgres' | 'pglite' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  database: Database;
  /** The PostgreSQL URL of this test's own database (null on PGlite). */
  url: string | null;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file. On PostgreSQL a new database is created on the
 * TEST_DATABASE_URL server and dropped afterwards; on PGlite an in-memory instance is loaded from the
 * migrated snapshot that the global setup made once per run (≈0.7 s instead of ≈4 s per file).
 */
export async function openTestDatabase(snapshotPath?: string): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: null, poolSize: 10 });
    await migrate(database);
    return {
      database,
      url: url.toString(),
      close: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const loadDataDir = snapshotPath && fs.existsSync(snapshotPath) ? new Blob([fs.readFileSync(snapshotPath)]) : undefined;
  const database = await openDatabase({ databaseUrl: null, dataDir: null, ...(loadDataDir ? { loadDataDir } : {}) });
  await migrate(database);
  return { database, url: null, close: () => database.close() };
}
