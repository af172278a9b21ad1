import { randomInt } from 'node:crypto';
import { CliError, UsageError } from './cli-errors.js';

// No look-alikes (0/O, 1/l/I): the password is read off a screen and typed once.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A random password of five groups of five characters (about 143 bits), such as `k7QmX-2vRtp-…`.
 * Uses the CSPRNG; the groups make it easier to read aloud and type.
 */
export function generatePassword(groups = 5, size = 5): string {
  const group = () => Array.from({ length: size }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: groups }, group).join('-');
}

/**
 * Reads a password from stdin. From a pipe or file: the first line, with no prompt. From a terminal: a
 * prompt on stderr, keystrokes not echoed, asked twice.
 * @throws UsageError when the password is empty or the two entries differ.
 */
export async function readPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (password === '') throw new UsageError('--password-stdin: stdin held no password');
    return password;
  }
  const first = await promptHidden(stdin, 'Password: ');
  const second = await promptHidden(stdin, 'Repeat password: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  if (first === '') throw new UsageError('the password is empty');
  return first;
}

/** Reads one line from a terminal in raw mode without echoing it. Ctrl-C cancels. */
function promptHidden(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  let typed = '';
  return new Promise<string>((resolve, reject) => {
    const finish = (err: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003' || ch === '\u0004') return finish(new CliError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
