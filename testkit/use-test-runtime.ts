import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Runtime, RuntimeOptions } from '../src/runtime.js';
import { tempDir, testRuntime } from './runtime.js';

export interface TestRuntimeSetup extends RuntimeOptions {
  /** Settings as environment variables, over the test defaults of testConfig. */
  env?: Record<string, string>;
}

export interface TestRuntimeOptions {
  /** A fresh data directory and runtime for each test (default), or one for all the tests of the describe/file. */
  per?: 'test' | 'file';
  /** How the runtime is started; a function is called at start time, so it may read what other hooks set up (a fake server's URL). */
  setup?: TestRuntimeSetup | (() => TestRuntimeSetup);
  /** Start no runtime in the hook: each test calls `start` with its own settings. */
  lazy?: boolean;
}

export interface TestRuntimeFixture {
  /** The runtime started last for the current test (or file). */
  readonly runtime: Runtime;
  /** The data directory of the current test (or file). */
  readonly dataDir: string;
  /** Starts a runtime on the data directory (another one after a restart, or with other settings); closed afterwards. */
  start(setup?: TestRuntimeSetup): Promise<Runtime>;
}

/**
 * The set-up most tests repeat: a temporary data directory, a runtime on it, and both closed and
 * removed afterwards, even when the test fails. Call it inside `describe` (or at the top of the
 * file) and read `fixture.runtime` in the tests.
 */
export function useTestRuntime(options: TestRuntimeOptions = {}): TestRuntimeFixture {
  let dir: ReturnType<typeof tempDir> | null = null;
  let started: Runtime[] = [];
  const setupOf = (): TestRuntimeSetup => (typeof options.setup === 'function' ? options.setup() : (options.setup ?? {}));

  const fixture: TestRuntimeFixture = {
    get runtime() {
      const last = started.at(-1);
      if (!last) throw new Error('useTestRuntime: no runtime started yet (lazy: call start() first)');
      return last;
    },
    get dataDir() {
      if (!dir) throw new Error('useTestRuntime: read dataDir inside a test or hook');
      return dir.path;
    },
    async start(setup = setupOf()) {
      dir ??= tempDir();
      const runtime = await testRuntime(dir.path, setup);
      // Closing twice (a test that restarts, then the clean-up) closes once.
      const close = runtime.close.bind(runtime);
      let closing: Promise<void> | null = null;
      runtime.close = () => (closing ??= close());
      started.push(runtime);
      return runtime;
    },
  };

  const open = async () => {
    dir = tempDir();
    if (!options.lazy) await fixture.start();
  };
  const finish = async () => {
    const runtimes = started;
    started = [];
    for (const runtime of runtimes.reverse()) await runtime.close();
    dir?.remove();
    dir = null;
  };
  if (options.per === 'file') {
    beforeAll(open);
    afterAll(finish);
  } else {
    beforeEach(open);
    afterEach(finish);
  }
  return fixture;
}
