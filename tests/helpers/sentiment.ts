import { join } from 'node:path';
import { repoRoot } from '../../testkit/runtime.js';

/** The bundled sentiment model (models/bundled: a copy of ../shared/models/tiny-bert-sentiment-zh-en, int8 file only). */
export const fixtureModelDir = join(repoRoot, 'models/bundled/tiny-bert-sentiment-zh-en');

/** Settings that serve the fixture model offline, with no download attempt. */
export const fixtureModelEnv = { SENTIMENT_MODEL: fixtureModelDir, SENTIMENT_ALLOW_DOWNLOAD: 'false' };
