import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export interface TestBrowser {
  browser: Browser;
  /** A fresh, isolated browser profile (cookies, storage): one per person in a scenario. */
  newContext: () => Promise<BrowserContext>;
  close: () => Promise<void>;
}

/**
 * Launches Chromium once for a test file. Playwright creates (and removes) a fresh user-data directory.
 * @param baseURL - the server under test; pages resolve relative paths against it
 */
export async function launchBrowser(baseURL: string): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    newContext: async () => {
      const context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'UTC' });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return context;
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/**
 * For `onTestFailed`: saves a full-page screenshot of where the test stopped, and prints its path.
 * @param page - the page to capture
 * @param name - a file-name stem, e.g. the spec name
 */
export function screenshotOnFailure(page: Page, name: string): () => Promise<void> {
  return async () => {
    const path = join(tmpdir(), `e2e-failure-${name}-${Date.now()}.png`);
    try {
      await page.screenshot({ path, fullPage: true });
      console.error(`screenshot of the failure: ${path} (page ${page.url()})`);
    } catch (err) {
      console.error('no failure screenshot:', err);
    }
  };
}
