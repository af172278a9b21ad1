import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser.js';
import { startServer, type TestServer } from './server.js';

/** The server and browser of a test file, available inside its tests (reading them earlier throws). */
export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: TestBrowser;
}

/**
 * Starts one platform server (a fresh database) and one Chromium for the test file, and stops both after it:
 * browsers start once per suite, people are browser contexts. Call at the top of a `describe`.
 * @param env - extra environment for the server process.
 */
export function browserSuite(env: NodeJS.ProcessEnv = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    server = await startServer(env);
    browser = await launchBrowser(new URL(server.setupLink).origin);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`the suite's ${what} is not started: use it inside a test`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
