import { randomBytes } from 'node:crypto';
import type { Logger } from '../../src/logger.js';
import type { KeyValueRepository } from '../../src/store/types.js';

const storeKey = 'widget:token-secret';

/**
 * The key that signs visitors' tokens: `WIDGET_TOKEN_SECRET`, or one generated once and kept in
 * the store, so every process (and every restart) on one data directory accepts the same tokens.
 */
export async function widgetSecret(configured: string | undefined, keyValues: KeyValueRepository, logger: Logger): Promise<Buffer> {
  if (configured) {
    logger.info('widget tokens signed with WIDGET_TOKEN_SECRET');
    return Buffer.from(configured, 'utf8');
  }
  const stored = await keyValues.setIfAbsent(storeKey, randomBytes(32).toString('hex'));
  logger.info('widget tokens signed with a secret generated for this data directory (set WIDGET_TOKEN_SECRET to choose one)');
  return Buffer.from(stored, 'hex');
}
