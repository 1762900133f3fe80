import express from 'express';
import { z } from 'zod';
import type { ConversationAddress, ChannelSender, OutboundMessage } from '../../../src/core/channels.js';
import { jsonBody } from '../../../src/http/body-depth.js';
import { tokenMatches } from '../../../src/http/token-match.js';
import { defineChannel, type ChannelContext, type StartedChannel } from '../../../adapters/channel-adapter.js';
import { exampleSecretKeys, exampleSettings, type ExampleSettings } from './settings.js';

/**
 * The smallest complete channel, as a template: a platform POSTs a customer's message as JSON
 * and gets the answer in the response; what is written later goes to its callback URL.
 * Copy this folder to adapters/<name>/, rename, and add the adapter to adapters/registry.ts.
 */
export const exampleChannel = defineChannel<typeof exampleSettings, ExampleSettings>({
  name: 'example',
  settings: exampleSettings,
  secretKeys: exampleSecretKeys,
  configure: (env) =>
    env.EXAMPLE_CHANNEL_TOKEN
      ? { settings: { token: env.EXAMPLE_CHANNEL_TOKEN, ...(env.EXAMPLE_CHANNEL_CALLBACK_URL ? { callbackUrl: env.EXAMPLE_CHANNEL_CALLBACK_URL } : {}) } }
      : { off: 'example channel off: EXAMPLE_CHANNEL_TOKEN is not set' },
  start: startExample,
});

const channelName = 'example';

const messageSchema = z.object({
  conversation: z.string().min(1).max(256),
  from: z.string().min(1).max(256),
  /** The platform's id for the message: a redelivery gets no second answer. */
  id: z.string().min(1).max(256),
  text: z.string().min(1).max(4000),
});

/** Writes into a conversation after its request was answered: a POST to the platform's callback. */
class ExampleSender implements ChannelSender {
  readonly channel = channelName;
  constructor(private readonly callbackUrl: string | undefined) {}

  async send(to: ConversationAddress, message: OutboundMessage): Promise<void> {
    if (!this.callbackUrl) throw new Error('EXAMPLE_CHANNEL_CALLBACK_URL is not set: nothing can be sent after the response');
    const response = await fetch(this.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: to.conversationKey, to: to.userId, author: message.author, text: message.text }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`example callback answered ${response.status}`);
  }
}

function startExample(ctx: ChannelContext<ExampleSettings>): StartedChannel {
  const router = express.Router();
  router.post('/example/messages', jsonBody({ limit: '16kb' }), async (req, res) => {
    // Every inbound route verifies its caller before reading anything.
    const presented = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!presented || !tokenMatches(presented, ctx.settings.token)) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const parsed = messageSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_message', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { conversation, from, id, text } = parsed.data;
    // The protocol becomes the core's one message shape; the answer comes back as the platform's JSON.
    const result = await ctx.turns.run({ channel: channelName, conversationKey: conversation, userId: from, messageId: id, text, timestamp: new Date() });
    if (result.kind === 'in_progress') {
      res.status(409).set('Retry-After', '2').json({ error: 'in_progress' });
      return;
    }
    if (result.kind === 'failed') {
      res.status(result.errorKind === 'invalid_message' ? 400 : 200).json({ reply: result.apology.text, failed: true });
      return;
    }
    res.json({ reply: result.kind === 'answered' ? (result.reply?.text ?? null) : null, duplicate: result.kind === 'duplicate' });
  });
  ctx.logger.info({ path: '/example/messages' }, 'example channel on');
  return { routes: [router], senders: [new ExampleSender(ctx.settings.callbackUrl)] };
}
