import path from 'node:path';

/**
 * The platform's one validated configuration. This file is the only reader of `process.env`
 * (STYLE §7); everything else receives a `Config`. Validation fails fast and names every bad key.
 */
export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Public base URL used in printed links; https here turns on Secure cookies and HSTS. */
  publicUrl: string;
  dataDir: string;
  /** postgres://… — when absent the embedded PGlite database under `dataDir` is used. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** 32-byte key (base64) that wraps stored secrets; generated into the data dir when absent outside production. */
  masterKey: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  bodyLimitBytes: number;
  /** Requests per minute per signed-in account, or per IP address when anonymous. */
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  trustProxy: boolean;
  webDistDir: string | null;
  /** smtp://user:pass@host:port or smtps://…; when absent, mail is written to `<dataDir>/outbox` as .eml files. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Video visits: a join link works from this many minutes before the scheduled start … */
  visitJoinBeforeMinutes: number;
  /** … to this many minutes after it (on-demand visits: after the invitation). */
  visitJoinAfterMinutes: number;
  /** Ask a joining patient for their date of birth before the waiting room. */
  visitRequireBirthDate: boolean;
  /** A dropped participant may come back without re-admission for this many seconds; then they have left. */
  visitReconnectGraceSeconds: number;
  /** Email reminder this many minutes before a scheduled visit's start; 0 turns reminders off. */
  visitReminderMinutes: number;
  /** Signalling heartbeat: a socket that does not answer a ping within this many seconds is terminated (dropped). */
  signalHeartbeatSeconds: number;
  /** How often the grace and reminder pollers run, in seconds; 0 stops them (tests drive them by hand). */
  visitSweepSeconds: number;
  /** TURN server URLs (turn:/turns:) handed to participants; empty = no TURN (host candidates only). */
  turnUrls: string[];
  /** coturn `static-auth-secret` for shared-secret REST credentials; required with turnUrls. */
  turnSecret: string | null;
  /** Force `iceTransportPolicy: 'relay'` (testing the TURN path). */
  turnRelayOnly: boolean;
  /** Consults: turnaround targets in minutes by urgency (defaults 72 h / 24 h / 2 h). */
  caseTurnaroundMinutes: { routine: number; urgent: number; stat: number };
  /** Consults: how often the turnaround sweeper looks for warnings and breaches, in seconds. */
  caseClockSweepSeconds: number;
  /** Minutes a critical result may go unacknowledged before it is escalated (docs/cases.md "Critical results"). */
  caseCriticalAckMinutes: number;
  /** Consults: largest accepted upload in bytes. */
  uploadMaxBytes: number;
  /** Consults: an unfinished upload expires this many minutes after it was created. */
  uploadExpiryMinutes: number;
  /** Consults: images with more pixels (width × height) are refused (pixel bombs). */
  uploadMaxPixels: number;
  /** Imaging: the DIMSE C-ECHO/C-STORE receiver, started only when `enabled` (docs/imaging.md). */
  dimse: { enabled: boolean; host: string; port: number; aeTitle: string };
  /** Imaging: a study is complete (and routed) after this many seconds without a new instance. */
  imagingQuietSeconds: number;
  /** Imaging: how often to look for quiet studies, in seconds; 0 turns the timer off (tests drive it). */
  imagingSweepSeconds: number;
  /** Imaging: largest accepted DICOM instance (C-STORE) and STOW-RS request body, in bytes. */
  imagingMaxInstanceBytes: number;
  /** DICOM zip uploads (docs/uploads.md): most entries, most uncompressed bytes in all, highest entry compression ratio. */
  imagingBundleMaxEntries: number;
  imagingBundleMaxBytes: number;
  imagingBundleMaxRatio: number;
  stowMaxBytes: number;
  /** Imaging: origins allowed to call /dicomweb from a browser (an external viewer); empty = none. */
  dicomwebCorsOrigins: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function intIn(env: Env, key: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${key} must be an integer from ${min} to ${max} (got "${raw}")`);
    return def;
  }
  return n;
}

function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], def: T, problems: string[]): T {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${key} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return def;
}

function bool(env: Env, key: string, def: boolean, problems: string[]): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  problems.push(`${key} must be true or false (got "${raw}")`);
  return def;
}

/** TURN_URLS: comma-separated turn:/turns: URLs (RFC 7065); TURN_SECRET must come with them. */
function turnUrlsOf(env: Env, problems: string[]): string[] {
  const urls = (env.TURN_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const bad = urls.filter((u) => !/^turns?:[^\s]+$/.test(u));
  if (bad.length) problems.push(`TURN_URLS must be turn: or turns: URLs (got "${bad.join(', ')}")`);
  if (urls.length && !env.TURN_SECRET) problems.push('TURN_SECRET is required with TURN_URLS');
  return bad.length ? [] : urls;
}

/** DIMSE_AE_TITLE: the receiver's own AE title (DICOM PS3.5 AE: 1–16 characters, no backslash). */
function aeTitleOf(env: Env, problems: string[]): string {
  const v = env.DIMSE_AE_TITLE || 'TELEHEALTH';
  if (!/^[ -[\]-~]{1,16}$/.test(v) || v.trim() === '') problems.push(`DIMSE_AE_TITLE must be 1 to 16 printable characters (got "${v}")`);
  return v.trim();
}

/** DICOMWEB_CORS_ORIGINS: comma-separated http(s) origins. */
function originsOf(env: Env, problems: string[]): string[] {
  const list = (env.DICOMWEB_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  const bad = list.filter((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad.length) problems.push(`DICOMWEB_CORS_ORIGINS must be origins like https://viewer.example.org (got "${bad.join(', ')}")`);
  return bad.length ? [] : list;
}

/**
 * Reads and validates configuration.
 * @param env - the environment to read; `process.env` by default, a plain object in tests.
 * @param overrides - values that win over the environment (tests, the CLI).
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development', problems);
  const host = env.HOST || '127.0.0.1';
  const port = intIn(env, 'PORT', 8080, 0, 65535, problems);
  const publicUrl = env.PUBLIC_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push('PUBLIC_URL must be an http(s) URL');
  } catch {
    problems.push(`PUBLIC_URL is not a URL (got "${publicUrl}")`);
  }
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const masterKey = env.TELEHEALTH_MASTER_KEY || null;
  if (masterKey && Buffer.from(masterKey, 'base64').length !== 32) {
    problems.push('TELEHEALTH_MASTER_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  }
  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  if (nodeEnv === 'production' && !masterKey) problems.push('TELEHEALTH_MASTER_KEY is required in production');
  const config: Config = {
    env: nodeEnv,
    host,
    port,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    dataDir: path.resolve(env.TELEHEALTH_DATA_DIR || 'data'),
    databaseUrl,
    databasePoolSize: intIn(env, 'DATABASE_POOL_SIZE', 10, 1, 200, problems),
    masterKey,
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
      problems,
    ),
    sessionIdleMinutes: intIn(env, 'SESSION_IDLE_MINUTES', 15, 1, 24 * 60, problems),
    sessionAbsoluteHours: intIn(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30, problems),
    bodyLimitBytes: intIn(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024, problems),
    rateLimitPerMinute: intIn(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 100_000_000, problems),
    loginRateLimitPerMinute: intIn(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000, problems),
    trustProxy: bool(env, 'TRUST_PROXY', false, problems),
    webDistDir: env.TELEHEALTH_WEB_DIST ? path.resolve(env.TELEHEALTH_WEB_DIST) : null,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || 'Telehealth <no-reply@telehealth.invalid>',
    visitJoinBeforeMinutes: intIn(env, 'VISIT_JOIN_BEFORE_MINUTES', 30, 0, 24 * 60, problems),
    visitJoinAfterMinutes: intIn(env, 'VISIT_JOIN_AFTER_MINUTES', 120, 5, 24 * 60, problems),
    visitRequireBirthDate: bool(env, 'VISIT_REQUIRE_BIRTH_DATE', false, problems),
    visitReconnectGraceSeconds: intIn(env, 'VISIT_RECONNECT_GRACE_SECONDS', 60, 5, 3600, problems),
    visitReminderMinutes: intIn(env, 'VISIT_REMINDER_MINUTES', 60, 0, 7 * 24 * 60, problems),
    signalHeartbeatSeconds: intIn(env, 'SIGNAL_HEARTBEAT_SECONDS', 20, 1, 300, problems),
    visitSweepSeconds: intIn(env, 'VISIT_SWEEP_SECONDS', 5, 0, 3600, problems),
    turnUrls: turnUrlsOf(env, problems),
    turnSecret: env.TURN_SECRET || null,
    turnRelayOnly: bool(env, 'TURN_RELAY_ONLY', false, problems),
    caseTurnaroundMinutes: {
      routine: intIn(env, 'CASE_TURNAROUND_ROUTINE_MINUTES', 72 * 60, 1, 60 * 24 * 60, problems),
      urgent: intIn(env, 'CASE_TURNAROUND_URGENT_MINUTES', 24 * 60, 1, 60 * 24 * 60, problems),
      stat: intIn(env, 'CASE_TURNAROUND_STAT_MINUTES', 2 * 60, 1, 60 * 24 * 60, problems),
    },
    caseClockSweepSeconds: intIn(env, 'CASE_CLOCK_SWEEP_SECONDS', 60, 1, 3600, problems),
    caseCriticalAckMinutes: intIn(env, 'CASE_CRITICAL_ACK_MINUTES', 60, 1, 7 * 24 * 60, problems),
    uploadMaxBytes: intIn(env, 'UPLOAD_MAX_BYTES', 50 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024, problems),
    uploadExpiryMinutes: intIn(env, 'UPLOAD_EXPIRY_MINUTES', 24 * 60, 1, 30 * 24 * 60, problems),
    uploadMaxPixels: intIn(env, 'UPLOAD_MAX_PIXELS', 50_000_000, 1_000_000, 500_000_000, problems),
    dimse: {
      enabled: bool(env, 'DIMSE_ENABLED', false, problems),
      host: env.DIMSE_HOST || '127.0.0.1',
      port: intIn(env, 'DIMSE_PORT', 11112, 0, 65535, problems),
      aeTitle: aeTitleOf(env, problems),
    },
    imagingQuietSeconds: intIn(env, 'IMAGING_QUIET_SECONDS', 60, 1, 24 * 3600, problems),
    imagingSweepSeconds: intIn(env, 'IMAGING_SWEEP_SECONDS', 10, 0, 3600, problems),
    imagingMaxInstanceBytes: intIn(env, 'IMAGING_MAX_INSTANCE_BYTES', 256 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024, problems),
    imagingBundleMaxEntries: intIn(env, 'IMAGING_BUNDLE_MAX_ENTRIES', 10_000, 1, 100_000, problems),
    imagingBundleMaxBytes: intIn(env, 'IMAGING_BUNDLE_MAX_BYTES', 4 * 1024 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024, problems),
    imagingBundleMaxRatio: intIn(env, 'IMAGING_BUNDLE_MAX_RATIO', 100, 2, 10_000, problems),
    stowMaxBytes: intIn(env, 'DICOMWEB_STOW_MAX_BYTES', 512 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024, problems),
    dicomwebCorsOrigins: originsOf(env, problems),
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** True when cookies must be Secure and HSTS sent: the platform is reached over TLS. */
export function servedOverTls(config: Config): boolean {
  return config.publicUrl.startsWith('https://');
}
