import { assertDemoAllowed } from '@telehealth/server/tools';
import type { Command } from '../command.js';
import { parseOptions } from '../command.js';
import { formatDemoSummary } from '../demo-summary.js';
import { writeOut } from '../output.js';
import { cliConfig, loadOps, withPlatform } from '../platform-session.js';

export const demoSeedCommand: Command = {
  name: 'demo seed',
  summary: 'Create the demo health system "High Plains Health" (idempotent) and print its logins',
  help: `Usage: telehealth demo seed

Creates the demo organization "High Plains Health": a rural hospital with an emergency department, two
primary-care clinics, an imaging center, a pharmacy hub with three remote pharmacies, staff in every role,
36 fictional patients and one patient login (see docs/demo.md). Running it again creates nothing new.
Prints every demo login with its role and site; all share one password. Refused when
NODE_ENV=production (exit 2).`,
  async run(argv) {
    parseOptions(argv, {});
    const config = cliConfig();
    assertDemoAllowed(config.env);
    const { seedDemo } = await loadOps();
    const summary = await withPlatform('telehealth demo seed', (p) => seedDemo(p.services), config);
    await writeOut(formatDemoSummary(summary));
    return 0;
  },
};
