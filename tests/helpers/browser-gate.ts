import { browserTestFiles, browserTestsRequired, chromiumInstalled, chromiumPath, installHint } from '../../testkit/chromium.js';

/**
 * vitest's global setup: says, at the start and again under the summary, that the browser
 * tests were not run and why — or, where they are required (CI), stops the run.
 */
export default function setup(): (() => void) | undefined {
  if (chromiumInstalled()) return undefined;
  if (browserTestsRequired) {
    throw new Error(`AFTERCARE_BROWSER_TESTS=required but there is no Chromium at ${chromiumPath}: ${installHint}.`);
  }
  const notice = [
    '',
    `  Browser tests NOT RUN (${browserTestFiles}): no Chromium at ${chromiumPath}.`,
    `  To run them, ${installHint}.`,
    '  Everything else ran; CI (.ci/run) installs Chromium and never skips them.',
    '',
  ].join('\n');
  process.stdout.write(`${notice}\n`);
  return () => void process.stdout.write(`${notice}\n`);
}
