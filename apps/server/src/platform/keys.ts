import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';

/**
 * The master key that seals stored secrets. Production must configure TELEHEALTH_MASTER_KEY; elsewhere a
 * key is generated once into the data dir (mode 0600) so `npm start` needs no set-up.
 */
export function loadMasterKey(config: Config): Buffer {
  if (config.masterKey) return Buffer.from(config.masterKey, 'base64');
  if (config.env === 'production') throw new Error('TELEHEALTH_MASTER_KEY is required in production');
  const file = path.join(config.dataDir, 'master.key');
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}
