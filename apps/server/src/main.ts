import { ConfigError, DataDirLockedError, loadConfig, openPlatform, serve } from './ops.js';

/** `npm start`: configuration → database → HTTP server; graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await openPlatform(config, 'telehealth server');
  const server = await serve(platform);
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
  process.stdout.write(`Telehealth platform listening on ${server.url} (${where})\n`);
  if (server.setupLink) {
    process.stdout.write(
      `\nNo organization yet. Open this one-time setup link to create the first organization and administrator:\n\n  ${server.setupLink}\n\n`,
    );
  }
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`The server could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
