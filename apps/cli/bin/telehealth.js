#!/usr/bin/env node
// The `telehealth` operator command. Its code is compiled to ../dist by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('telehealth: the CLI is not built yet: run `npm run build` first\n');
  process.exit(1);
}
await import(entry.href);
