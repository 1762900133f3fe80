import { join } from 'node:path';
import { repoRoot } from './runtime.js';

/** The bundled fixture model (a copy of ../shared/models/tiny-bert-sentiment-zh-en, int8 file only). */
export const fixtureModelDir = join(repoRoot, 'tests/fixtures/models/tiny-bert-sentiment-zh-en');

/** Settings that serve the fixture model offline, with no download attempt. */
export const fixtureModelEnv = { SENTIMENT_MODEL: fixtureModelDir, SENTIMENT_ALLOW_DOWNLOAD: 'false' };
