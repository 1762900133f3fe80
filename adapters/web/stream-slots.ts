import type { RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Logger } from '../../src/logger.js';
import { visitorOf } from './visitor-auth.js';

export interface StreamLimits {
  perConversation: number;
  perAddress: number;
  total: number;
}

type Refusal = { setting: string; max: number; scope: string };

/**
 * Open push streams are long-lived connections, each holding a socket (a file descriptor)
 * for as long as the visitor likes. They are counted per conversation, per address and in
 * all, in this process (the sockets are this process's), and a stream past a limit is
 * refused before it opens.
 */
export class StreamSlots {
  private readonly byConversation = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: StreamLimits) {}

  /** A release function, or which limit refused the stream. */
  acquire(conversation: string, address: string): { release: () => void } | { refused: Refusal } {
    const { perConversation, perAddress, total } = this.limits;
    if ((this.byConversation.get(conversation) ?? 0) >= perConversation) {
      return { refused: { setting: 'WIDGET_STREAMS_PER_CONVERSATION', max: perConversation, scope: 'for this conversation' } };
    }
    if ((this.byAddress.get(address) ?? 0) >= perAddress) return { refused: { setting: 'WIDGET_STREAMS_PER_ADDRESS', max: perAddress, scope: 'from this address' } };
    if (this.total >= total) return { refused: { setting: 'WIDGET_STREAMS_TOTAL', max: total, scope: 'on this server' } };
    const add = (counts: Map<string, number>, key: string, delta: number) => {
      const next = (counts.get(key) ?? 0) + delta;
      if (next > 0) counts.set(key, next);
      else counts.delete(key);
    };
    add(this.byConversation, conversation, 1);
    add(this.byAddress, address, 1);
    this.total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        add(this.byConversation, conversation, -1);
        add(this.byAddress, address, -1);
        this.total--;
      },
    };
  }

  get open(): number {
    return this.total;
  }
}

/** Holds a stream slot for the response's lifetime, or answers 429 naming the limit that refused it. */
export function streamSlot(slots: StreamSlots, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const address = ipKeyGenerator(req.ip ?? 'unknown');
    const slot = slots.acquire(visitorOf(res).conversation, address);
    if ('refused' in slot) {
      const { setting, max, scope } = slot.refused;
      logger.warn({ ip: req.ip, limit: setting, max }, 'widget push stream refused');
      res
        .status(429)
        .set('Retry-After', '30')
        .json({
          error: 'too_many_streams',
          limit: setting,
          max,
          retryable: true,
          message: `at most ${max} open push streams ${scope} (${setting}); close another tab or try again later`,
        });
      return;
    }
    releaseOnClose(res, slot.release);
    next();
  };
}

function releaseOnClose(res: Response, release: () => void): void {
  res.on('close', release);
  res.on('finish', release);
}
