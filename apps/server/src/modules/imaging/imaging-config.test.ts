import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

describe('imaging configuration', () => {
  it('keeps the DIMSE receiver off by default, on loopback port 11112 when enabled', () => {
    expect(loadConfig({}).dimse).toEqual({ enabled: false, host: '127.0.0.1', port: 11112, aeTitle: 'TELEHEALTH' });
    const c = loadConfig({ DIMSE_ENABLED: 'true', DIMSE_PORT: '4242', DIMSE_AE_TITLE: 'RADS', DICOMWEB_CORS_ORIGINS: 'https://viewer.example.org, http://localhost:3000' });
    expect(c.dimse).toMatchObject({ enabled: true, port: 4242, aeTitle: 'RADS' });
    expect(c.dicomwebCorsOrigins).toEqual(['https://viewer.example.org', 'http://localhost:3000']);
  });

  it.each([
    ['DIMSE_AE_TITLE', 'A\\B'],
    ['DIMSE_AE_TITLE', 'SEVENTEEN_CHARS_X'],
    ['DIMSE_PORT', '70000'],
    ['DICOMWEB_CORS_ORIGINS', 'https://viewer.example.org/path'],
    ['IMAGING_QUIET_SECONDS', '0'],
  ])('refuses %s=%s', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
  });
});
