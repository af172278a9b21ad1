import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../platform/db.js';
import { migrate } from '../platform/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

/** Once per run: a migrated PGlite data dir, dumped to a file that every DB-backed test file starts from. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telehealth-pglite-'));
  const file = path.join(dir, 'snapshot.tar');
  if (!process.env.TEST_DATABASE_URL) {
    const database = await openDatabase({ databaseUrl: null, dataDir: null });
    await migrate(database);
    const blob = await database.dump!();
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    await database.close();
  }
  project.provide('pgliteSnapshot', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
