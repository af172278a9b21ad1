import { ApiTokenCreate } from '@telehealth/contracts/identity';
import type { Command } from '../command.js';
import { parseOptions, required } from '../command.js';
import { CliError } from '../cli-errors.js';
import { parseExpiry } from '../expiry.js';
import { note, writeOut } from '../output.js';
import { withPlatform } from '../platform-session.js';
import { assertValid } from '../validate.js';

const OPTIONS = {
  email: { type: 'string' },
  expires: { type: 'string', default: '30d' },
  name: { type: 'string', default: 'cli' },
} as const;

export const tokenCreateCommand: Command = {
  name: 'token create',
  summary: 'Create an API token for a user and print it once (only the token on stdout)',
  help: `Usage: telehealth token create --email E [--expires 30d] [--name N]

  --email E       the user the token acts as (with that user's roles)
  --expires Nd    lifetime in days, 1d to 365d (default 30d)
  --name N        a label to recognise the token by (default "cli")

Prints only the token on stdout, so it can be piped; details go to stderr. The token is stored hashed
and cannot be shown again. Send it as "Authorization: Bearer <token>".

Example:
  TOKEN=$(telehealth token create --email admin@clinic.example --expires 7d --name nightly-export)`,
  async run(argv) {
    const o = parseOptions(argv, OPTIONS);
    const email = required(o.email, '--email');
    const input = assertValid(
      ApiTokenCreate,
      { name: o.name, expiresInDays: parseExpiry(o.expires) },
      { name: '--name' },
    );
    return withPlatform('telehealth token create', async (platform) => {
      const user = await platform.services.users.findByEmail(email);
      if (!user) throw new CliError(`no user has the email ${email}`);
      if (user.disabled)
        throw new CliError(`${user.email} is disabled; enable the user before creating a token`);
      const created = await platform.services.tokens.create(user.id, input, null);
      await writeOut(`${created.token}\n`);
      note(
        `API token "${created.name}" for ${user.email} expires ${created.expiresAt}. It is shown only this once.`,
      );
      return 0;
    });
  },
};
