import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumPath, installHint } from './chromium.js';
import { repoRoot } from './runtime.js';

export { chromiumPath };

/**
 * Debian's Chromium, headless, in a fresh profile (Playwright makes one per launch). Without
 * the networking flags Chromium's own background connections fail noisily on a machine
 * without internet.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: ${installHint}`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export const artifactsDir = join(repoRoot, 'test-artifacts', 'screenshots');

/** Screenshots taken during a test run: CI artefacts in `test-artifacts/` (gitignored), never committed. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/** Whether the element has the focus within its own tree (a shadow root's active element included). */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement);
}

/** The widget tokens the page keeps in localStorage, by key. */
export async function widgetTokens(page: Page): Promise<Array<[string, string]>> {
  return (await page.evaluate("Object.entries(localStorage).filter(([key]) => key.startsWith('aftercare-widget:'))")) as Array<[string, string]>;
}

/** The conversation key inside a widget token (its claims are readable, only the signature is secret). */
export function conversationOfToken(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { c: string }).c;
}
