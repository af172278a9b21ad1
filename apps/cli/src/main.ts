import { runCli } from './cli.js';

// A reader that goes away (`telehealth audit export | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  process.exit(err.code === 'EPIPE' ? 0 : 1);
});

// Explicit exit: the exit code is decided, and nothing left open (an idle pool timer) may keep the process.
process.exit(await runCli(process.argv.slice(2)));
