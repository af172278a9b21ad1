import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-errors.js';

/** One `telehealth <noun> <verb>` command. Command files are thin: parse flags, call ops, print. */
export interface Command {
  /** The words after `telehealth`, such as `user create`. */
  name: string;
  /** One line for `telehealth --help`. */
  summary: string;
  /** The full text for `telehealth <command> --help`. */
  help: string;
  /**
   * Runs the command with the arguments after its name.
   * @returns the process exit code.
   */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;
/** The typed flag values that parseArgs returns for `O`. */
export type OptionValues<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>
>['values'];

/**
 * Parses flags strictly (unknown flags and stray arguments are usage errors).
 * @param argv - the arguments after the command's name.
 * @param options - node:util parseArgs option definitions.
 */
export function parseOptions<const O extends Options>(argv: string[], options: O): OptionValues<O> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    // node:util reports ERR_PARSE_ARGS_* as TypeErrors whose messages name the flag.
    throw new UsageError(
      err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, '') : String(err),
    );
  }
}

/**
 * The value of a required flag.
 * @throws UsageError when the flag is absent or empty.
 */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`missing ${flag}`);
  return value;
}
