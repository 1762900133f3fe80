import type { Runtime } from '../../src/runtime.js';
import type { DeadlineReplier } from '../shared/deadline-reply.js';
import type { CallbackChannel } from './callback-router.js';
import type { Answer } from './push-handler.js';
import { withFollowUpLines } from '../shared/follow-up-lines.js';

/**
 * At start-up, sends the replies of messages that were answered "success" by a worker that
 * stopped before sending them. The customer's message and (when the turn finished) its
 * outcome are in the inbox; replies older than the platform's 48-hour window are refused by
 * it and recorded as failed.
 */
export function resumeDeferredReplies(runtime: Runtime, replier: DeadlineReplier, setup: CallbackChannel): void {
  const { sender, channel } = setup;
  if (!sender) return;
  runtime.background.run(`resume ${channel} replies`, async () => {
    await replier.resume<Answer>(channel, async (delivery) => {
      const entry = await runtime.store.inbox.get(channel, delivery.messageId);
      if (!entry) return null;
      const { inbound } = entry;
      return {
        channel,
        messageId: delivery.messageId,
        budgetMs: 0,
        produce: async () => {
          const outcome = entry.status === 'done' && entry.outcome ? entry.outcome : await runtime.engine.handle(inbound);
          return { text: withFollowUpLines(outcome.reply, outcome.followUps) };
        },
        fallback: () => null,
        fitsResponse: () => false,
        encode: (answer) => answer.text,
        decode: (text) => ({ text }),
        sendLater: async (answer) => {
          if (!answer.text) return;
          const to = { channel, conversationKey: inbound.conversationKey, userId: inbound.userId, replyContext: null };
          await sender.send(to, { author: 'bot', text: answer.text });
        },
      };
    });
  });
}
