/**
 * The part of the server's public surface that opens nothing and loads no web framework or database driver
 * (`@telehealth/server/tools`): configuration, the error classes the CLI reports, the coding engine and the
 * audit CSV format. The CLI imports this eagerly and `@telehealth/server/ops` only when a command needs the
 * platform, so `telehealth billing code` and `--help` start in a fraction of the time.
 */
export { loadConfig, ConfigError, type Config } from './config.js';
export { AppError } from './platform/errors.js';
export { DataDirLockedError } from './platform/data-dir-lock.js';
export { assertDemoAllowed, DemoRefusedError } from './modules/demo/demo-guard.js';
/** The coding engine needs no database: `telehealth billing code` calls it directly. */
export { codeEncounters } from './modules/billing/coding.js';
export { csvHeader, csvLine } from './modules/audit/audit-csv.js';
