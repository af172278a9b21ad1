import { loadConfig, type Config } from '@telehealth/server/tools';
import type { Platform } from '@telehealth/server/ops';

/**
 * The server's platform operations, loaded on first use: they bring the web framework and the database
 * drivers, which commands that open no database (`billing code`, `--help`) should not wait for.
 */
export const loadOps = () => import('@telehealth/server/ops');

/** Opens the configured database and wires the services (see `openPlatform`). */
export async function openPlatform(config: Config, purpose: string): Promise<Platform> {
  const ops = await loadOps();
  return ops.openPlatform(config, purpose);
}

/** The configuration from the environment (DATABASE_URL, TELEHEALTH_DATA_DIR, …), validated by the server. */
export function cliConfig(): Config {
  return loadConfig();
}

/**
 * Opens the configured database (applying pending migrations), runs `fn`, and always closes it again,
 * which also releases the embedded database's lock.
 * @param purpose - shown to another process that finds the embedded database in use.
 * @param fn - the work to do with the platform's services.
 */
export async function withPlatform<T>(
  purpose: string,
  fn: (platform: Platform) => Promise<T>,
  config = cliConfig(),
): Promise<T> {
  const platform = await openPlatform(config, purpose);
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

/** Where the data lives, for messages: never the DATABASE_URL itself, which may hold a password. */
export function describeDatabase(config: Config): string {
  return config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
}
