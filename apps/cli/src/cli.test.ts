import { describe, expect, it } from 'vitest';
import { AppError, ConfigError, DataDirLockedError, DemoRefusedError } from '@telehealth/server/tools';
import { CliError, UsageError, report } from './cli-errors.js';
import { COMMANDS, findCommand } from './cli.js';

describe('findCommand', () => {
  it('finds one-word and two-word commands and returns the arguments after the name', () => {
    expect(findCommand(['serve']).command.name).toBe('serve');
    const { command, rest } = findCommand(['user', 'create', '--email', 'a@b.example']);
    expect(command.name).toBe('user create');
    expect(rest).toEqual(['--email', 'a@b.example']);
  });

  it('names the verbs of a noun given without one', () => {
    expect(() => findCommand(['audit'])).toThrow('"audit" needs a subcommand: verify, export');
    expect(() => findCommand(['audit', 'delete'])).toThrow(
      'unknown command "audit delete"; "audit" takes verify, export',
    );
    expect(() => findCommand(['nope'])).toThrow(UsageError);
  });

  it('gives every command a summary and a help text that starts with its usage line', () => {
    for (const c of COMMANDS) {
      expect(c.summary.length).toBeGreaterThan(10);
      expect(c.help.startsWith(`Usage: telehealth ${c.name}`)).toBe(true);
    }
  });
});

describe('report', () => {
  it('maps usage errors to 64, configuration and a locked data dir to 2, the rest to 1', () => {
    expect(report(new UsageError('missing --email'), 'user create')).toEqual({
      code: 64,
      message: 'telehealth user create: missing --email\nRun `telehealth user create --help` for usage.',
    });
    expect(report(new ConfigError(['PORT is bad']), 'serve').code).toBe(2);
    expect(report(new DataDirLockedError('/d', 42, 'telehealth server'), 'migrate')).toMatchObject({
      code: 2,
    });
    expect(report(new DemoRefusedError(), 'demo seed').code).toBe(2);
    expect(report(new AppError('EMAIL_TAKEN'), 'user create')).toEqual({
      code: 1,
      message: 'telehealth user create: A user with this email already exists (EMAIL_TAKEN)',
    });
    expect(report(new CliError('no user has the email x'), 'token create').code).toBe(1);
  });

  it('shows only the message of an unexpected error, never its stack', () => {
    const { code, message } = report(new Error('connection refused'), 'migrate');
    expect(code).toBe(1);
    expect(message).toBe('telehealth migrate: unexpected error: connection refused');
  });
});
