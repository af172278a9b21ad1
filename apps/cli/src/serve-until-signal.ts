import type { Platform } from '@telehealth/server/ops';
import { describeDatabase, loadOps } from './platform-session.js';
import { say } from './output.js';

const FORCED_EXIT_AFTER_MS = 15_000;

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/**
 * Serves HTTP on an opened platform until SIGTERM or SIGINT, then stops accepting, lets in-flight
 * requests finish and closes the database (as `npm start` does). The platform is closed in every case.
 * @returns exit code 0 after a clean shutdown.
 */
export async function serveUntilSignal(platform: Platform): Promise<number> {
  // Listen for signals before starting, so a SIGTERM during start-up still shuts down cleanly.
  const signalled = nextSignal();
  const { serve } = await loadOps();
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve(platform);
  } catch (err) {
    await platform.close();
    throw err;
  }
  say(`Telehealth platform listening on ${server.url} (${describeDatabase(platform.config)})`);
  if (server.setupLink) {
    say(
      '\nNo organization yet. Open this one-time setup link to create the first organization and administrator:\n',
    );
    say(`  ${server.setupLink}\n`);
  }
  const signal = await signalled;
  server.app.log.info({ signal }, 'shutting down');
  // A request that never finishes must not keep the process alive forever.
  const force = setTimeout(() => process.exit(1), FORCED_EXIT_AFTER_MS);
  force.unref();
  await server.stop();
  clearTimeout(force);
  return 0;
}
