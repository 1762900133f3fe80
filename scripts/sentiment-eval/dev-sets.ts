import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentimentLabel } from '../../src/domain/types.js';

export const repoRoot = join(import.meta.dirname, '../..');

export interface LabelledMessage {
  text: string;
  lang: 'en' | 'zh';
  label: SentimentLabel;
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${path}:${i + 1}: ${(error as Error).message}`, { cause: error });
      }
    });
}

/** Our own customer-message dev set: tuning only, never reported as a test. */
export const messageDevPath = join(repoRoot, 'tests/fixtures/sentiment/customer-messages-dev.jsonl');
export const readMessageDev = () => readJsonl<LabelledMessage>(messageDevPath);

/** ../shared beside the repository, or SHARED_DIR. */
export const sharedDir = () => process.env.SHARED_DIR ?? join(repoRoot, '../shared');
