import { accessSync, constants } from 'node:fs';

/**
 * Where the browser tests find Chromium (Debian's package by default), and whether a missing
 * one fails the run. Plain Node, no test framework: vitest.config.ts reads it to decide which
 * files run, before any test starts.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browser tests are the files named `*-browser.test.ts`. */
export const browserTestFiles = 'tests/**/*-browser.test.ts';

/** Set by CI (.ci/run): a machine without Chromium fails instead of skipping the browser tests. */
export const browserTestsRequired = /^(?:1|true|required)$/i.test(process.env.AFTERCARE_BROWSER_TESTS ?? '');

export function chromiumInstalled(path = chromiumPath): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const installHint =
  'install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium; macOS: brew install --cask chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary';
