import type { RequestHandler } from 'express';
import type { Logger } from '../../src/logger.js';

/** Slack's own window for a request's timestamp, which Bolt applies to the past only. */
export const slackTimestampWindowS = 5 * 60;

/**
 * Refuses requests stamped more than five minutes in the future. Bolt rejects old timestamps
 * (replays) but not future ones, and a request signed with a future stamp could be replayed
 * until that time comes and for five minutes after.
 */
export function rejectFutureTimestamps(logger: Logger, now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    const stamp = Number(req.get('x-slack-request-timestamp'));
    if (Number.isFinite(stamp) && stamp - now() / 1000 > slackTimestampWindowS) {
      logger.warn({ ip: req.ip, aheadS: Math.round(stamp - now() / 1000) }, 'slack request refused: timestamp in the future');
      res.status(401).json({ error: 'timestamp_in_future', message: `X-Slack-Request-Timestamp is more than ${slackTimestampWindowS} s ahead of this server's clock` });
      return;
    }
    next();
  };
}
