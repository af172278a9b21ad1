import { AppError, ConfigError, DataDirLockedError, DemoRefusedError } from '@telehealth/server/tools';

/** Exit codes: sysexits.h EX_USAGE (64) for bad invocations; 2 for configuration the operator must fix. */
export const EXIT = { ok: 0, failure: 1, config: 2, usage: 64 } as const;

/** The command line itself is wrong: unknown command or flag, missing or malformed value. Exit 64. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure with a message for the operator (no such user, organization not found…). Exit 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Reported {
  code: number;
  message: string;
}

/**
 * Turns any error into an exit code and one message for stderr. Expected errors never show a stack trace;
 * unexpected ones show only their message, because driver errors can quote stored values.
 * @param err - what the command threw.
 * @param command - the command's name, for the usage hint.
 */
export function report(err: unknown, command: string | null): Reported {
  const prefix = command ? `telehealth ${command}` : 'telehealth';
  if (err instanceof UsageError) {
    const hint = command ? `telehealth ${command} --help` : 'telehealth --help';
    return { code: EXIT.usage, message: `${prefix}: ${err.message}\nRun \`${hint}\` for usage.` };
  }
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof DemoRefusedError) {
    return { code: EXIT.config, message: err.message };
  }
  if (err instanceof AppError)
    return { code: EXIT.failure, message: `${prefix}: ${err.message} (${err.code})` };
  if (err instanceof CliError) return { code: EXIT.failure, message: `${prefix}: ${err.message}` };
  const message = err instanceof Error ? err.message : String(err);
  return { code: EXIT.failure, message: `${prefix}: unexpected error: ${message}` };
}
