import { EXIT, UsageError, report } from './cli-errors.js';
import type { Command } from './command.js';
import { auditExportCommand } from './commands/audit-export.js';
import { auditVerifyCommand } from './commands/audit-verify.js';
import { billingCodeCommand } from './commands/billing-code.js';
import { demoSeedCommand } from './commands/demo-seed.js';
import { demoServeCommand } from './commands/demo-serve.js';
import { migrateCommand } from './commands/migrate.js';
import { serveCommand } from './commands/serve.js';
import { tokenCreateCommand } from './commands/token-create.js';
import { userCreateCommand } from './commands/user-create.js';
import { note, say } from './output.js';

/** Every command, in the order `telehealth --help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  migrateCommand,
  userCreateCommand,
  tokenCreateCommand,
  auditVerifyCommand,
  auditExportCommand,
  billingCodeCommand,
  demoSeedCommand,
  demoServeCommand,
];

/** The overview printed by `telehealth --help`. */
export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: telehealth <command> [flags]',
    '',
    'Operate a telehealth platform. Configuration comes from the environment, as for `npm start`:',
    'DATABASE_URL (PostgreSQL) or TELEHEALTH_DATA_DIR (embedded database, default ./data), PORT, …',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `telehealth <command> --help` for a command's flags. Exit codes: 0 success, 1 failure,",
    '2 configuration error or database in use, 64 usage error. See docs/cli.md.',
  ].join('\n');
}

/** The command named by the first one or two words of `argv`, and the arguments after its name. */
export function findCommand(argv: readonly string[]): { command: Command; rest: string[] } {
  const [first = '', second = ''] = argv;
  const command =
    COMMANDS.find((c) => c.name === first) ?? COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (command) return { command, rest: argv.slice(command.name.split(' ').length) };
  const verbs = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.split(' ')[1]);
  if (verbs.length > 0 && !second.startsWith('-') && second !== '') {
    throw new UsageError(`unknown command "${first} ${second}"; "${first}" takes ${verbs.join(', ')}`);
  }
  if (verbs.length > 0) throw new UsageError(`"${first}" needs a subcommand: ${verbs.join(', ')}`);
  throw new UsageError(`unknown command "${first}"`);
}

const isHelp = (arg: string) => arg === '--help' || arg === '-h';

/**
 * Runs one CLI invocation and returns its exit code; every error becomes a message on stderr.
 * @param argv - the arguments after `telehealth`.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined) {
    note(overview());
    return EXIT.usage;
  }
  if (isHelp(first) || first === 'help') {
    say(overview());
    return EXIT.ok;
  }
  let name: string | null = null;
  try {
    const { command, rest } = findCommand(argv);
    name = command.name;
    if (rest.some(isHelp)) {
      say(command.help);
      return EXIT.ok;
    }
    return await command.run(rest);
  } catch (err) {
    const { code, message } = report(err, name);
    note(message);
    return code;
  }
}
