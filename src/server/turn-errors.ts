import type { Response } from 'express';
import { InvalidInboundError, MessageInProgressError, TurnFailedError } from '../core/errors.js';
import type { Logger } from '../logger.js';
import { LockTimeoutError } from '../store/errors.js';

/** Maps the core's typed errors to HTTP answers that tell a client whether to retry. */
export function sendTurnError(res: Response, error: unknown, logger: Logger): void {
  const cause = error instanceof TurnFailedError ? error.cause : error;
  if (cause instanceof InvalidInboundError || error instanceof InvalidInboundError) {
    res.status(400).json({ error: 'invalid_message', issues: (cause as InvalidInboundError).issues });
    return;
  }
  if (cause instanceof MessageInProgressError) {
    res.status(409).set('Retry-After', '2').json({ error: 'in_progress', retryable: true });
    return;
  }
  if (cause instanceof LockTimeoutError) {
    res.status(503).set('Retry-After', '2').json({ error: 'busy', retryable: true });
    return;
  }
  if (!(error instanceof TurnFailedError)) logger.error({ err: error }, 'unexpected error handling a turn');
  res.status(500).json({ error: 'turn_failed', retryable: true });
}
