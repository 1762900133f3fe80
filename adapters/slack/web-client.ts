import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { boltLogger } from './bolt-logger.js';

export type SlackClient = InstanceType<typeof webApi.WebClient>;

/**
 * The Web API client everything outbound uses. A customer's reply that arrives minutes late
 * is worse than a logged failure, so retries are few and quick (the SDK's default retries
 * for half an hour); rate limits are still waited out as Slack asks.
 */
export function createSlackClient(token: string, apiUrl: string, logger: Logger): SlackClient {
  return new webApi.WebClient(token, {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    logger: boltLogger(logger),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    timeout: 10_000,
  });
}
