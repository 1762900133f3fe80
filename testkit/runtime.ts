import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChannelAdapter } from '../adapters/channel-adapter.js';
import { loadConfig } from '../src/config/load-config.js';
import type { Config } from '../src/config/schema.js';
import { createLogger } from '../src/logger.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../src/runtime.js';

export const repoRoot = resolve(import.meta.dirname, '..');

export function tempDir(prefix = 'aftercare-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A configuration as a fresh install would have it, with its own data directory. `channels`:
 * channels beyond the registry's, whose settings are read too (a new channel's own test).
 */
export function testConfig(dataDir: string, env: Record<string, string> = {}, channels: readonly ChannelAdapter[] = []): Config {
  return loadConfig(
    {
      AFTERCARE_DATA_DIR: dataDir,
      KNOWLEDGE_DIR: join(repoRoot, 'knowledge'),
      PROMPTS_DIR: join(repoRoot, 'prompts'),
      LOG_LEVEL: 'silent',
      // The lexicon alone keeps other areas' tests fast and exact; tests/nlu opts into the model.
      SENTIMENT_MODEL: 'lexicon',
      // With an LLM configured, intent would go to it too; tests of replies count the model's
      // requests, so the LLM intent path is opted into by its own tests.
      INTENT_CLASSIFIER: 'offline',
      // Likewise doc2query at ingest and multi-query search: their own tests opt in.
      KB_DOC2QUERY: 'false',
      KB_MULTI_QUERY: 'false',
      // Product suggestions would change other areas' replies; tests/recommend opts in.
      RECOMMENDATIONS: 'false',
      // Deterministic and offline: tests never depend on a downloaded model.
      EMBEDDING_MODEL: 'hashed',
      ...env,
    },
    channels,
  );
}

export async function testRuntime(dataDir: string, options: RuntimeOptions & { env?: Record<string, string>; channels?: readonly ChannelAdapter[] } = {}): Promise<Runtime> {
  const config = testConfig(dataDir, options.env, options.channels);
  return createRuntime(config, createLogger({ level: 'silent' }), options);
}

let sequence = 0;
/** A customer message as an adapter would hand it over. */
export function message(conversationKey: string, text: string, overrides: Partial<{ messageId: string; channel: string }> = {}) {
  sequence++;
  return {
    channel: overrides.channel ?? 'test',
    conversationKey,
    userId: `user-${conversationKey}`,
    messageId: overrides.messageId ?? `m-${process.pid}-${sequence}-${Date.now()}`,
    text,
    timestamp: new Date(),
  };
}

/** A promise with its resolve function exposed, to hold a stage until the test says go. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
