import { once } from 'node:events';

/** Writes to stdout, waiting when the pipe is full so large exports stay within bounded memory. */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** One line of the command's result, on stdout. */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A remark for the operator that is not the result (progress, hints), on stderr so pipes stay clean. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
