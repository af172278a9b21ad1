import type { Command } from '../command.js';
import { parseOptions } from '../command.js';
import { say } from '../output.js';
import { cliConfig, describeDatabase, withPlatform } from '../platform-session.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations and list them',
  help: `Usage: telehealth migrate

Applies every forward-only migration not yet applied to the configured database (DATABASE_URL, or the
embedded database in TELEHEALTH_DATA_DIR) in one transaction, and prints what was applied. The server
also migrates at start; run this before deploying several servers against one PostgreSQL database.`,
  async run(argv) {
    parseOptions(argv, {});
    const config = cliConfig();
    const { applied, alreadyApplied } = await withPlatform(
      'telehealth migrate',
      (p) => Promise.resolve(p.migration),
      config,
    );
    if (applied.length === 0) {
      say(
        `Nothing to apply: ${describeDatabase(config)} is up to date (${alreadyApplied} migration${alreadyApplied === 1 ? '' : 's'} already applied).`,
      );
    } else {
      say(
        `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${describeDatabase(config)}:`,
      );
      for (const version of applied) say(`  ${version}`);
    }
    return 0;
  },
};
