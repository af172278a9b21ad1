import { defineConfig } from 'vitest/config';

// Three tiers by suffix (STYLE §10): *.test.ts pure logic, *.int.test.ts buildApp()+inject() on a real
// database, e2e/*.e2e.ts in Debian Chromium against a real server process.
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['apps/*/src/**/*.int.test.ts'],
          globalSetup: ['apps/server/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file opens its own database; two at a time fits 2 cores and PGlite's memory.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A browser waits on the page's real state; while the integration tier shares the two cores, one
          // round trip can take seconds, so polls get more than the default second before they fail.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
