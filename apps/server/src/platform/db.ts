import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { lockDataDir } from './data-dir-lock.js';

/** The query-builder handle used by every repository; a transaction handle is assignable to it. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Raw access for migrations and maintenance: multi-statement SQL inside one transaction. */
export interface RawTx {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  exec(text: string): Promise<void>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs `fn` in one transaction on one connection (BEGIN … COMMIT, ROLLBACK on throw). */
  rawTransaction<T>(fn: (tx: RawTx) => Promise<T>): Promise<T>;
  /** PGlite only: the data dir as a tarball (a migrated snapshot for tests). */
  dump?(): Promise<Blob>;
  /** Cheap liveness probe for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… or null for the embedded database. */
  databaseUrl: string | null;
  /** Where PGlite keeps its files; `null` opens an in-memory database (tests). */
  dataDir: string | null;
  poolSize?: number;
  /** Shown to another process that finds the data dir locked. */
  purpose?: string;
  /** A PGlite data dir tarball to start from (a migrated snapshot, for fast test start-up). */
  loadDataDir?: Blob;
}

// PostgreSQL `date` values are calendar dates: keep them as 'YYYY-MM-DD' strings, never JS Dates.
pg.types.setTypeParser(1082, (v: string) => v);

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? Promise.resolve(openPostgres(opts.databaseUrl, opts.poolSize ?? 10)) : openPglite(opts);
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async rawTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
          exec: async (text: string) => {
            await client.query(text);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  const release = opts.dataDir ? lockDataDir(opts.dataDir, opts.purpose ?? 'telehealth') : () => undefined;
  let client: PGlite;
  try {
    client = await PGlite.create(opts.dataDir ? path.join(opts.dataDir, 'pg') : undefined, {
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    rawTransaction: (fn) =>
      client.transaction((tx) =>
        fn({
          query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
          exec: async (text: string) => {
            await tx.exec(text);
          },
        }),
      ),
    async ping() {
      await client.query('SELECT 1');
    },
    dump: () => client.dumpDataDir('none'),
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Runs raw SQL built with drizzle's `sql` tag and returns its rows (same shape on both drivers). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/** Whether an error is PostgreSQL's unique_violation (SQLSTATE 23505), optionally on one constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = (err as { cause?: unknown })?.cause ?? err;
  const pgErr = e as { code?: string; constraint?: string };
  return pgErr?.code === '23505' && (constraint === undefined || pgErr.constraint === constraint);
}
