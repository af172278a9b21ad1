import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { Api } from '../platform/http.js';
import type { Services } from '../services.js';
import { openTestDatabase, type TestDatabase } from './database.js';

/** A clock tests move by hand: idle sessions, TOTP steps and throttles without sleeping. */
export class FakeClock {
  constructor(public ms = Date.UTC(2026, 0, 15, 14, 0, 0)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestApp {
  app: Api;
  services: Services;
  clock: FakeClock;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/**
 * `buildApp()` on a fresh database of the kind under test (PGlite, or PostgreSQL with TEST_DATABASE_URL),
 * with a fake clock and a random master key. Make one per test file (beforeAll) and isolate tests by
 * creating their own organizations, not by truncating.
 */
export async function createTestApp(overrides: Partial<Config> = {}, masterKey: Buffer = randomBytes(32)): Promise<TestApp> {
  const db = await openTestDatabase(inject('pgliteSnapshot'));
  // Blobs, upload scratch files and the mail outbox go to a directory of this test file's own.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'telehealth-test-'));
  const config = loadConfig(
    { NODE_ENV: 'test', TELEHEALTH_DATA_DIR: dataDir },
    { rateLimitPerMinute: 100_000, loginRateLimitPerMinute: 10_000, visitSweepSeconds: 0, ...overrides },
  );
  const clock = new FakeClock();
  const app = await buildApp(config, { database: db.database, clock: clock.now, masterKey });
  await app.ready();
  return {
    app,
    services: app.services,
    clock,
    db,
    config,
    close: async () => {
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
