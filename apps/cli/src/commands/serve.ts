import type { Command } from '../command.js';
import { parseOptions } from '../command.js';
import { cliConfig, openPlatform } from '../platform-session.js';
import { serveUntilSignal } from '../serve-until-signal.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the platform (HTTP API and web app); the same as `npm start`',
  help: `Usage: telehealth serve

Runs the platform with the configuration from the environment (PORT, HOST, DATABASE_URL,
TELEHEALTH_DATA_DIR, …), applying pending migrations first. On an empty database it prints a one-time
setup link. SIGTERM or SIGINT stops it gracefully: in-flight requests finish, then it exits 0.`,
  async run(argv) {
    parseOptions(argv, {});
    const platform = await openPlatform(cliConfig(), 'telehealth server');
    return serveUntilSignal(platform);
  },
};
