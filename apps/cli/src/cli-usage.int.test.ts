import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, createCliSandbox, type CliResult, type CliSandbox } from './testing/cli-sandbox.js';

// None of these invocations gets as far as opening the database: usage and configuration are checked first.
let cli: CliSandbox;
beforeAll(async () => {
  cli = await createCliSandbox();
});
afterAll(async () => {
  await cli.close();
});

const STACK_FRAME = /^\s+at /m;

function expectUsageError(r: CliResult, message: string | RegExp): void {
  expect(r.code).toBe(64);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/--help` for usage/);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stdout).toBe('');
}

describe('telehealth usage', () => {
  it('prints the command overview with --help and exits 0', async () => {
    const r = await cli.run(['--help']);
    expect(r.code).toBe(0);
    for (const name of [
      'serve',
      'migrate',
      'user create',
      'token create',
      'audit verify',
      'audit export',
      'demo seed',
      'demo serve',
    ]) {
      expect(r.stdout).toContain(`  ${name}`);
    }
  });

  it('exits 64 with the overview on stderr when no command is given', async () => {
    const r = await cli.run([]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('Usage: telehealth <command>');
  });

  it('prints each command’s own help with --help', async () => {
    const r = await cli.run(['user', 'create', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: telehealth user create --email E --name N --role R');
    expect(r.stdout).toContain('--password-stdin');
  });

  it('rejects an unknown command, a missing verb and an unknown flag with exit 64', async () => {
    expectUsageError(await cli.run(['frobnicate']), /unknown command "frobnicate"/);
    expectUsageError(await cli.run(['user']), /"user" needs a subcommand: create/);
    expectUsageError(await cli.run(['user', 'create', '--bogus']), /Unknown option '--bogus'/);
  });

  it('names the missing or malformed flag of user create', async () => {
    expectUsageError(await cli.run(['user', 'create', '--name', 'N', '--role', 'nurse']), /missing --email/);
    expectUsageError(
      await cli.run(['user', 'create', '--email', 'a@b.example', '--name', 'N', '--role', 'wizard']),
      /--role must be one of/,
    );
    expectUsageError(
      await cli.run(['user', 'create', '--email', 'a@b.example', '--name', 'N', '--role', 'patient']),
      /patient logins belong to a patient record/,
    );
  });

  it('accepts token lifetimes from 1d to 365d only', async () => {
    for (const expires of ['0d', '366d', '30', '2w']) {
      expectUsageError(
        await cli.run(['token', 'create', '--email', 'a@b.example', '--expires', expires]),
        /--expires must be a number of days from 1d to 365d/,
      );
    }
  });

  it('rejects a bad export format and time range with exit 64', async () => {
    expectUsageError(await cli.run(['audit', 'export', '--format', 'xml']), /--format must be csv or json/);
    expectUsageError(
      await cli.run(['audit', 'export', '--from', 'yesterday']),
      /--from must be an ISO 8601 date/,
    );
    expectUsageError(
      await cli.run(['audit', 'export', '--from', '2026-02-01', '--to', '2026-01-01']),
      /--from is after --to/,
    );
  });

  it('exits 2 with the configuration problem for invalid configuration', async () => {
    const r = await cli.run(['migrate'], { env: { PORT: 'eighty' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT must be an integer from 0 to 65535 (got "eighty")');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('refuses the demo in production with exit 2, before touching the database', async () => {
    const env = { NODE_ENV: 'production', TELEHEALTH_MASTER_KEY: randomBytes(32).toString('base64') };
    for (const verb of ['seed', 'serve']) {
      const r = await cli.run(['demo', verb], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('not available in production');
    }
    expect(fs.readdirSync(cli.dataDir)).toEqual([]);
  });

  it('tells the operator to build first when the compiled CLI is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telehealth-bin-'));
    try {
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
      fs.copyFileSync(CLI_BIN, path.join(dir, 'bin', 'telehealth.js'));
      const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'telehealth.js'), '--help'], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('run `npm run build` first');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
