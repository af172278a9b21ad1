import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, servedOverTls } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('runs with safe defaults and no environment at all', () => {
    expect(loadConfig({})).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      dataDir: path.resolve('data'),
      databaseUrl: null,
      databasePoolSize: 10,
      masterKey: null,
      logLevel: 'info',
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 12,
      bodyLimitBytes: 1024 * 1024,
      rateLimitPerMinute: 1200,
      loginRateLimitPerMinute: 20,
      trustProxy: false,
      webDistDir: null,
    });
  });

  it('keeps the test environment quiet by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', TELEHEALTH_MASTER_KEY: '', LOG_LEVEL: '' })).toMatchObject({
      port: 8080,
      databaseUrl: null,
      masterKey: null,
      logLevel: 'info',
    });
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '9000',
      PUBLIC_URL: 'https://tele.example.org/',
      TELEHEALTH_DATA_DIR: '/var/lib/telehealth',
      DATABASE_URL: 'postgresql://app@db/telehealth',
      DATABASE_POOL_SIZE: '25',
      TELEHEALTH_MASTER_KEY: KEY,
      LOG_LEVEL: 'warn',
      SESSION_IDLE_MINUTES: '30',
      SESSION_ABSOLUTE_HOURS: '8',
      BODY_LIMIT_BYTES: '2048',
      RATE_LIMIT_PER_MINUTE: '600',
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
      TRUST_PROXY: 'yes',
      TELEHEALTH_WEB_DIST: '/srv/web',
    });
    expect(c).toMatchObject({
      env: 'production',
      host: '0.0.0.0',
      port: 9000,
      publicUrl: 'https://tele.example.org',
      dataDir: '/var/lib/telehealth',
      databaseUrl: 'postgresql://app@db/telehealth',
      databasePoolSize: 25,
      masterKey: KEY,
      logLevel: 'warn',
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 8,
      bodyLimitBytes: 2048,
      rateLimitPerMinute: 600,
      loginRateLimitPerMinute: 5,
      trustProxy: true,
      webDistDir: '/srv/web',
    });
    expect(servedOverTls(c)).toBe(true);
  });

  it('brackets an IPv6 host in the default public URL', () => {
    expect(loadConfig({ HOST: '::1', PORT: '8081' }).publicUrl).toBe('http://[::1]:8081');
  });

  it('fails fast naming every bad key at once', () => {
    const problems = problemsOf({
      NODE_ENV: 'staging',
      PORT: 'eighty',
      PUBLIC_URL: 'ftp://files.example.org',
      DATABASE_URL: 'mysql://db/app',
      DATABASE_POOL_SIZE: '0',
      TELEHEALTH_MASTER_KEY: 'c2hvcnQ=',
      LOG_LEVEL: 'loud',
      SESSION_IDLE_MINUTES: '1.5',
      SESSION_ABSOLUTE_HOURS: '-1',
      BODY_LIMIT_BYTES: '10',
      RATE_LIMIT_PER_MINUTE: 'lots',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1e9',
      TRUST_PROXY: 'maybe',
    });
    const keys = [
      'NODE_ENV',
      'PORT',
      'PUBLIC_URL',
      'DATABASE_URL',
      'DATABASE_POOL_SIZE',
      'TELEHEALTH_MASTER_KEY',
      'LOG_LEVEL',
      'SESSION_IDLE_MINUTES',
      'SESSION_ABSOLUTE_HOURS',
      'BODY_LIMIT_BYTES',
      'RATE_LIMIT_PER_MINUTE',
      'LOGIN_RATE_LIMIT_PER_MINUTE',
      'TRUST_PROXY',
    ];
    for (const key of keys) expect(problems.some((p) => p.startsWith(key)), `${key} is named`).toBe(true);
    expect(problems).toHaveLength(keys.length);
  });

  it('puts every problem in the error message, with the offending value', () => {
    let message = '';
    try {
      loadConfig({ PORT: '99999', LOG_LEVEL: 'loud' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('Invalid configuration');
    expect(message).toContain('PORT must be an integer from 0 to 65535 (got "99999")');
    expect(message).toContain('LOG_LEVEL must be one of');
  });

  it('rejects a public URL that is not a URL', () => {
    expect(problemsOf({ PUBLIC_URL: 'not a url' })).toEqual([expect.stringContaining('PUBLIC_URL is not a URL')]);
  });

  it('requires the master key in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toContain('TELEHEALTH_MASTER_KEY is required in production');
    expect(loadConfig({ NODE_ENV: 'production', TELEHEALTH_MASTER_KEY: KEY }).masterKey).toBe(KEY);
  });

  it('accepts only a 32-byte master key', () => {
    expect(problemsOf({ TELEHEALTH_MASTER_KEY: Buffer.alloc(31).toString('base64') })[0]).toMatch(/^TELEHEALTH_MASTER_KEY must be 32 bytes/);
    expect(loadConfig({ TELEHEALTH_MASTER_KEY: KEY }).masterKey).toBe(KEY);
  });

  it('accepts the boolean spellings it documents', () => {
    for (const v of ['1', 'true', 'yes']) expect(loadConfig({ TRUST_PROXY: v }).trustProxy).toBe(true);
    for (const v of ['0', 'false', 'no']) expect(loadConfig({ TRUST_PROXY: v }).trustProxy).toBe(false);
  });

  it('lets overrides win over the environment', () => {
    expect(loadConfig({ PORT: '9000' }, { port: 0, bodyLimitBytes: 4096 })).toMatchObject({ port: 0, bodyLimitBytes: 4096 });
  });

  it('turns on TLS behaviour only for an https public URL', () => {
    expect(servedOverTls(loadConfig({}))).toBe(false);
    expect(servedOverTls(loadConfig({ PUBLIC_URL: 'https://tele.example.org' }))).toBe(true);
  });
});
