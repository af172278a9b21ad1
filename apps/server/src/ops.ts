/**
 * The server's public operations (`@telehealth/server/ops`): everything that works on a database the caller
 * opens through `openPlatform`, plus the light surface of `./tools.js` (which the CLI may import on its own).
 */
import { asc } from 'drizzle-orm';
import type { Config } from './config.js';
import { buildApp } from './app.js';
import type { AuditService } from './modules/audit/audit.service.js';
import { organizations } from './platform/db-schema.js';
import { systemClock } from './platform/clock.js';
import { openDatabase, type Database } from './platform/db.js';
import { loadMasterKey } from './platform/keys.js';
import { migrate, type MigrationResult } from './platform/migrate.js';
import { createServices, type Services } from './services.js';
import type { Api } from './platform/http.js';

export * from './tools.js';
export type { Services, MigrationResult };
export {
  seedDemo,
  DEMO_PASSWORD,
  type DemoSummary,
  type DemoLogin,
} from './modules/demo/demo.service.js';
export { systemActor } from './modules/demo/system-actor.js';
export type { Actor } from './platform/actor.js';

/** Which audit events `services.audit.iterate` returns (organization, time range, user, patient, action). */
export type AuditFilter = Parameters<AuditService['iterate']>[0];

export interface Platform {
  config: Config;
  database: Database;
  services: Services;
  migration: MigrationResult;
  close(): Promise<void>;
}

/** Opens the configured database (locking the embedded one), applies migrations, and wires the services. */
export async function openPlatform(config: Config, purpose: string): Promise<Platform> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? null : config.dataDir,
    poolSize: config.databasePoolSize,
    purpose,
  });
  try {
    const migration = await migrate(database);
    const services = createServices(config, database, systemClock, loadMasterKey(config));
    return {
      config,
      database,
      services,
      migration,
      close: async () => {
        await services.audit.flush();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export interface RunningServer {
  app: Api;
  url: string;
  setupLink: string | null;
  stop(): Promise<void>;
}

/**
 * Starts the HTTP server on an opened platform. On an empty database a one-time setup link is issued.
 * `stop()` stops accepting, lets in-flight requests finish, then closes the database.
 */
export async function serve(platform: Platform): Promise<RunningServer> {
  const { config, database } = platform;
  const app = await buildApp(config, { database, masterKey: loadMasterKey(config) });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl.replace(/:(\d+)$/, config.port === 0 ? `:${port}` : ':$1');
  const token = await platform.services.setup.issueToken();
  let stopped = false;
  return {
    app,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    setupLink: token ? `${base}/setup#token=${token}` : null,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await app.close();
      await platform.close();
    },
  };
}

/**
 * Every organization, oldest first: operators pick one by name or id (`telehealth user create --org`).
 * The identity services offer no organization listing yet; when SetupService does, this delegates to it.
 */
export async function listOrganizations(platform: Platform): Promise<{ id: string; name: string }[]> {
  return platform.database.db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .orderBy(asc(organizations.createdAt), asc(organizations.id));
}
