import fs from 'node:fs/promises';
import { Value } from 'typebox/value';
import { codeEncounters } from '@telehealth/server/tools';
import { CodeRequest } from '@telehealth/contracts/billing';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../cli-errors.js';
import { writeOut } from '../output.js';

/** Reads all of standard input as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(source: string): Promise<string> {
  if (source === '-') return readStdin();
  try {
    return await fs.readFile(source, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Parses and validates the facts against the API's own contract (the schema is the type). */
export function parseFacts(text: string): CodeRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError('the input is not valid JSON');
  }
  if (Value.Check(CodeRequest, value)) return value;
  const [first] = Value.Errors(CodeRequest, value);
  throw new CliError(`the input is not encounter facts (or an array of 1-1000): ${first?.instancePath || '/'} ${first?.message ?? 'is not valid'}`);
}

export const billingCodeCommand: Command = {
  name: 'billing code',
  summary: 'Code encounter facts into claim lines (prints results as JSON)',
  help: `Usage: telehealth billing code FILE|-

Reads one encounter-facts object, or an array of up to 1000, from FILE (or standard input with -) and
prints the coding result for each as JSON: { billable, lines, notBillableReason, needs, warnings,
rulesApplied } (an array for an array). Needs no database. The facts format is in docs/billing.md.
Exits 0 when the input was coded (billable or not), 1 when it is not valid facts.

Example:
  echo '{"dateOfService":"2026-03-02","payerProfile":"medicare_ffs","serviceType":"synchronous_telehealth_em",
         "modality":"audio_video","patientStatus":"established","patientLocation":"home","mdmLevel":"low"}' |
    telehealth billing code -`,
  async run(argv) {
    if (argv.length !== 1) throw new UsageError('give exactly one FILE, or - for standard input');
    const [source = ''] = argv;
    if (source.startsWith('-') && source !== '-') throw new UsageError(`unknown flag ${source}`);
    const results = codeEncounters(parseFacts(await readInput(source)));
    await writeOut(`${JSON.stringify(results, null, 2)}\n`);
    return 0;
  },
};
