import type { Command } from '../command.js';
import { parseOptions } from '../command.js';
import { note, say } from '../output.js';
import { withPlatform } from '../platform-session.js';

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  summary: 'Check the hash chain of the whole audit trail',
  help: `Usage: telehealth audit verify

Walks the audit trail from the first row, recomputing every row's SHA-256 hash and its link to the row
before, and compares the end with the recorded chain head. Exits 0 and prints
"audit chain intact: N rows" when nothing was changed; exits 1 naming the first altered, missing or
re-ordered row otherwise.`,
  async run(argv) {
    parseOptions(argv, {});
    const { rows, problem } = await withPlatform('telehealth audit verify', (p) => p.services.audit.verify());
    if (!problem) {
      say(`audit chain intact: ${rows} rows`);
      return 0;
    }
    note(`audit chain broken at row ${problem.seq} (${problem.kind.replace('_', ' ')}): ${problem.detail}`);
    return 1;
  },
};
