import type { Config } from '../../config.js';

/** Refusal to seed or serve the demo in production: its logins share one published password. */
export class DemoRefusedError extends Error {
  constructor() {
    super(
      'The demo health system is not available in production (NODE_ENV=production): its logins share one published password. ' +
        'Use a development or test environment.',
    );
    this.name = 'DemoRefusedError';
  }
}

/** Throws DemoRefusedError in production. Call before opening anything. */
export function assertDemoAllowed(env: Config['env']): void {
  if (env === 'production') throw new DemoRefusedError();
}
