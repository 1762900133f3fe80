import express, { type Request, type Response, type Router } from 'express';
import type { WebhookChannelSettings } from './settings.js';
import type { Outcome } from '../../src/domain/types.js';
import type { ChannelContext } from '../channel-adapter.js';
import type { WebhookEnv } from './settings.js';
import { jsonNestingDepth, maxBodyDepth } from '../../src/http/body-depth.js';
import { AnswerUnavailableError, type DeadlineReplier } from '../shared/deadline-reply.js';
import type { CallbackSender } from './callback-sender.js';
import { answerCallback } from './deferred-replies.js';
import { webhookMessageSchema } from './message-schema.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyBody, WebhookSignatureError } from './signature.js';

export interface WebhookChannel {
  name: string;
  settings: WebhookChannelSettings;
  sender: CallbackSender;
}

/** The outcome of a turn (the shape replayed from the delivery slot to a resend). */
type Answer = { outcome: Outcome };

/**
 * `POST /webhook/:channel`: a shop's own system sends a customer message as signed JSON.
 * An answer ready within the channel's budget comes back in the response (200); otherwise the
 * response is 202 and the answer follows to the channel's callback URL — never both. Staff
 * replies always go to the callback URL.
 */
export function webhookRouter(runtime: ChannelContext<WebhookEnv>, replier: DeadlineReplier, channels: ReadonlyMap<string, WebhookChannel>): Router {
  const { logger, settings: config } = runtime;
  const router = express.Router();

  const reject = (req: Request, res: Response, status: number, body: Record<string, unknown>) => {
    logger.warn({ route: '/webhook/:channel', channel: req.params.channel, status, error: body.error, ip: req.ip }, 'rejected webhook');
    res.status(status).json(body);
  };

  router.post('/webhook/:channel', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    const channel = channels.get(String(req.params.channel));
    if (!channel) return reject(req, res, 404, { error: 'unknown_channel' });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      verifyBody(channel.settings.secret, { timestamp: req.get(TIMESTAMP_HEADER), signature: req.get(SIGNATURE_HEADER) }, raw, config.WEBHOOK_MAX_CLOCK_SKEW_S);
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      return reject(req, res, 401, { error: error.reason });
    }
    if (jsonNestingDepth(raw.toString('utf8'), maxBodyDepth) > maxBodyDepth) {
      return reject(req, res, 400, { error: 'too_deep', message: `the JSON body nests deeper than ${maxBodyDepth} levels` });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return reject(req, res, 400, { error: 'malformed_json' });
    }
    const parsed = webhookMessageSchema.safeParse(json);
    if (!parsed.success) {
      return reject(req, res, 400, { error: 'invalid_message', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    }
    const message = parsed.data;
    const inbound = {
      channel: channel.sender.channel,
      conversationKey: message.conversation,
      userId: message.userId ?? message.conversation,
      messageId: message.messageId,
      text: message.text,
      timestamp: message.sentAt ? new Date(message.sentAt) : new Date(),
      ...(message.userName ? { userName: message.userName } : {}),
      ...(message.context ? { replyContext: { context: message.context } } : {}),
    };

    try {
      // In the inbox before the 202: if this process dies now, any process's recovery sweep answers it.
      await runtime.store.inbox.accept(inbound, runtime.app.inboxLeaseMs);
      const decision = await replier.reply<Answer>({
        channel: inbound.channel,
        messageId: inbound.messageId,
        budgetMs: channel.settings.replyBudgetMs,
        produce: async () => ({ outcome: await runtime.turns.handle(inbound) }),
        // In the response the caller can simply retry (503).
        fallback: () => null,
        fitsResponse: () => true,
        encode: (answer) => JSON.stringify(answer),
        decode: (payload) => JSON.parse(payload) as Answer,
        prepare: (answer) => {
          const callback = answerCallback(channel.sender, inbound, answer.outcome);
          return callback ? JSON.stringify(callback) : null;
        },
      });
      if (decision.kind === 'deferred') {
        res.status(202).json({ status: 'accepted', messageId: inbound.messageId });
        return;
      }
      const answer = decision.answer;
      res.json({ status: 'replied', outcome: { ...answer.outcome, duplicate: answer.outcome.duplicate || decision.replay } });
    } catch (error) {
      if (!(error instanceof AnswerUnavailableError)) logger.error({ err: error, channel: inbound.channel }, 'webhook turn failed');
      res.status(503).set('Retry-After', '5').json({ error: 'turn_failed', retryable: true });
    }
  });
  return router;
}
