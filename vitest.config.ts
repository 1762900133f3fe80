import { defineConfig } from 'vitest/config';
import { browserTestFiles, browserTestsRequired, chromiumInstalled } from './testkit/chromium.js';

// Without Chromium the browser tests are left out (and reported as not run by the global
// setup) unless CI requires them; they are never skipped from inside a test file.
const runBrowserTests = browserTestsRequired || chromiumInstalled();

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: runBrowserTests ? [] : [browserTestFiles],
    globalSetup: ['tests/helpers/browser-gate.ts'],
    // Native addons (better-sqlite3, onnxruntime) are safest in child processes, one per core.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
