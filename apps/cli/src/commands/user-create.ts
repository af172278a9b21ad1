import { ROLES, UserCreate, type Role, type RoleAssignment } from '@telehealth/contracts/identity';
import type { Command } from '../command.js';
import { parseOptions, required } from '../command.js';
import { UsageError } from '../cli-errors.js';
import { resolveOrganization, resolveSite } from '../lookup.js';
import { say } from '../output.js';
import { generatePassword, readPassword } from '../password.js';
import { withPlatform } from '../platform-session.js';
import { assertValid } from '../validate.js';

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  site: { type: 'string' },
  org: { type: 'string' },
  specialty: { type: 'string', multiple: true },
  language: { type: 'string', multiple: true },
  'password-stdin': { type: 'boolean' },
} as const;

// Which flag to blame for a schema error at a UserCreate path.
const FLAG_OF: Record<string, string> = {
  email: '--email',
  name: '--name',
  password: 'the password',
  roles: '--role',
};

function parseRole(text: string): Role {
  const role = ROLES.find((r) => r === text);
  if (!role)
    throw new UsageError(
      `--role must be one of ${ROLES.filter((r) => r !== 'patient').join(', ')} (got "${text}")`,
    );
  if (role === 'patient') {
    throw new UsageError(
      'patient logins belong to a patient record: create them through the API (POST /api/v1/users with patientId)',
    );
  }
  return role;
}

export const userCreateCommand: Command = {
  name: 'user create',
  summary: 'Create a staff user with one role (at a site or organization-wide)',
  help: `Usage: telehealth user create --email E --name N --role R [--site S] [--org O]
                             [--specialty X]... [--language L]... [--password-stdin]

  --email E          sign-in email (unique across the platform)
  --name N           display name
  --role R           admin, clinician, specialist, nurse, pharmacist, pharmacy_technician,
                     interpreter or billing
  --site S           site name or id; without it the role applies to every site of the organization
  --org O            organization name or id; may be omitted when there is exactly one
  --specialty X      a specialist's specialty (repeatable), such as dermatology
  --language L       an interpreter's language tag (repeatable), such as es
  --password-stdin   read the password from stdin (first line; prompts without echo on a terminal).
                     Without it a strong random password is generated and printed once.

Staff enrol two-factor authentication at their first sign-in.

Example:
  telehealth user create --email ana@clinic.example --name "Ana Ruiz" --role nurse --site "Valley Clinic"`,
  async run(argv) {
    const o = parseOptions(argv, OPTIONS);
    const email = required(o.email, '--email');
    const name = required(o.name, '--name');
    const role = parseRole(required(o.role, '--role'));
    const generated = o['password-stdin'] ? null : generatePassword();
    const password = generated ?? (await readPassword());
    return withPlatform('telehealth user create', async (platform) => {
      const org = await resolveOrganization(platform, o.org);
      const site = o.site === undefined ? null : await resolveSite(platform, org, o.site);
      const assignment: RoleAssignment = {
        role,
        siteId: site?.id ?? null,
        specialties: o.specialty ?? [],
        languages: o.language ?? [],
      };
      const input = assertValid(UserCreate, { email, name, password, roles: [assignment] }, FLAG_OF);
      const user = await platform.services.users.create(org.id, input, null);
      say(`Created user ${user.email} (${role} at ${site ? site.name : 'every site'}) in ${org.name}.`);
      if (generated) say(`Password (shown once): ${generated}`);
      say('The user enrols two-factor authentication at first sign-in.');
      return 0;
    });
  },
};
