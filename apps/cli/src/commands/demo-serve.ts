import { assertDemoAllowed } from '@telehealth/server/tools';
import type { Command } from '../command.js';
import { parseOptions } from '../command.js';
import { formatDemoSummary } from '../demo-summary.js';
import { writeOut } from '../output.js';
import { cliConfig, loadOps } from '../platform-session.js';
import { serveUntilSignal } from '../serve-until-signal.js';

export const demoServeCommand: Command = {
  name: 'demo serve',
  summary: 'Seed the demo health system, then serve it (`npm run demo`)',
  help: `Usage: telehealth demo serve

Runs \`telehealth demo seed\` and then \`telehealth serve\` in one process: prints the demo logins, then
serves the platform until SIGTERM or SIGINT. Configuration comes from the environment (PORT,
TELEHEALTH_DATA_DIR, DATABASE_URL, …). Refused when NODE_ENV=production (exit 2).`,
  async run(argv) {
    parseOptions(argv, {});
    const config = cliConfig();
    assertDemoAllowed(config.env);
    const { openPlatform, seedDemo } = await loadOps();
    const platform = await openPlatform(config, 'telehealth server');
    try {
      await writeOut(formatDemoSummary(await seedDemo(platform.services)));
    } catch (err) {
      await platform.close();
      throw err;
    }
    return serveUntilSignal(platform);
  },
};
