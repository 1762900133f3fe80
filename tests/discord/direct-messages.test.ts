import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../../testkit/discord-payloads.js';
import { startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';
import { textControlledStages } from '../helpers/text-controlled-stages.js';

const codePoints = (text: string) => [...text].length;

// A reply far over Discord's 2,000: paragraphs of policy text with Chinese and emoji in it.
const paragraph = (n: number) =>
  `Paragraph ${n}. Returns are accepted within 30 days of delivery when the item is unused. 退货需在签收后30天内申请。 Refunds reach the original card in 3–5 business days 💳. `
    .repeat(4)
    .trim();
const longReply = Array.from({ length: 9 }, (_, i) => paragraph(i + 1)).join('\n\n');

describe('Discord direct messages', () => {
  let h: DiscordHarness;
  const control = textControlledStages(longReply);
  beforeAll(async () => {
    h = await startDiscordHarness({ runtime: { customiseStages: control.wrap } });
  });
  afterAll(() => h.close());

  const dmOf = (message: { channel_id: string }) => message.channel_id;

  it('a DM becomes a conversation: the answer comes in the same DM with its sources as an embed', async () => {
    const ana = discordUser('ana');
    const dm = h.discord.customerDm(ana, 'How long does a refund take to reach my card?');
    await h.discord.until(() => h.discord.sentTo(dmOf(dm)).length === 1);
    const [answer] = h.discord.sentTo(dmOf(dm));
    expect(String(answer!.body.content)).toMatch(/refund/i);
    const embeds = answer!.body.embeds as Array<{ title: string; description: string }>;
    expect(embeds[0]!.title).toBe('Sources');
    expect(embeds[0]!.description).toContain('refunds.md');
    // Nobody is pinged by an answer in a DM.
    expect(answer!.body.allowed_mentions).toEqual({ parse: [], users: [] });

    const conversation = await h.runtime.store.conversations.findByKey('discord', `dm:${dmOf(dm)}`);
    expect(conversation).toMatchObject({ userId: ana.id, state: 'bot', replyContext: { channelId: dmOf(dm) } });
  });

  it('"typing…" shows while a slow answer is worked out, and not after it', async () => {
    const gil = discordUser('gil');
    const dm = h.discord.customerDm(gil, 'HOLD: where is my order?');
    await control.entered;
    const typingCall = (call: { method: string; path: string }) => call.method === 'POST' && call.path === `/channels/${dmOf(dm)}/typing`;
    await h.discord.until(() => h.discord.calls.some(typingCall));
    expect(h.discord.sentTo(dmOf(dm))).toEqual([]);
    control.release();
    await h.discord.until(() => h.discord.sentTo(dmOf(dm)).length === 1);
    const lastTyping = h.discord.calls.findLastIndex(typingCall);
    const answer = h.discord.calls.findIndex((call) => call.method === 'POST' && call.path === `/channels/${dmOf(dm)}/messages`);
    expect(lastTyping).toBeLessThan(answer);
  });

  it('answers Chinese in Chinese', async () => {
    const li = discordUser('lilei');
    const dm = h.discord.customerDm(li, '退款多久能到账？');
    await h.discord.until(() => h.discord.sentTo(dmOf(dm)).length === 1);
    const [answer] = h.discord.sentTo(dmOf(dm));
    expect(String(answer!.body.content)).toMatch(/退款/);
    expect((answer!.body.embeds as Array<{ title: string }>)[0]!.title).toBe('参考来源');
  });

  it('a reply longer than 2,000 characters arrives as several messages, split between paragraphs, in order, sources on the last', async () => {
    const ben = discordUser('ben');
    const dm = h.discord.customerDm(ben, 'LONG: what is your return policy?');
    await h.runtime.engine.settled();
    await h.discord.until(
      () =>
        h.discord.sentTo(dmOf(dm)).length > 0 &&
        h.discord
          .sentTo(dmOf(dm))
          .map((m) => String(m.body.content))
          .join('\n\n') === longReply,
    );
    const parts = h.discord.sentTo(dmOf(dm)).map((m) => m.body);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(codePoints(String(part.content))).toBeLessThanOrEqual(2000);
      // Each part ends where a paragraph ended.
      expect(String(part.content)).toMatch(/business days 💳\.$/u);
    }
    expect(parts.slice(0, -1).every((part) => part.embeds === undefined || (part.embeds as unknown[]).length === 0)).toBe(true);
  });

  it('its own messages, other bots, system messages and empty messages are ignored', async () => {
    const cleo = discordUser('cleo');
    const before = h.discord.sent.length;
    const ignored = [
      h.discord.customerDm(discordUser('helper-bot', { bot: true }), 'refund?'),
      h.discord.customerDm(cleo, ''),
      // MessageType.ChannelPinnedMessage: "cleo pinned a message".
      h.discord.customerDm(cleo, '', { type: 6 }),
    ];
    // A marker message: once it is answered, everything before it was handled.
    const marker = h.discord.customerDm(discordUser('marker'), 'hello');
    await h.discord.until(() => h.discord.sentTo(dmOf(marker)).length === 1);
    await h.runtime.engine.settled();
    // Only the marker was answered — and the bot's answer, which it also receives over the gateway, was not answered in turn.
    expect(h.discord.sent.slice(before).map((m) => m.channelId)).toEqual([dmOf(marker)]);
    for (const message of ignored) expect(await h.runtime.store.inbox.get('discord', message.id)).toBeNull();
  });

  it('the same message delivered again (a replay after a resume) is answered once', async () => {
    const dan = discordUser('dan');
    const dm = h.discord.customerDm(dan, 'Where is my order?');
    await h.discord.until(() => h.discord.sentTo(dmOf(dm)).length === 1);
    h.discord.redeliver(dm);
    h.discord.customerDm(dan, 'thanks');
    await h.discord.until(() => h.discord.sentTo(dmOf(dm)).length === 2);
    await h.runtime.engine.settled();
    const conversation = await h.runtime.store.conversations.findByKey('discord', `dm:${dmOf(dm)}`);
    expect(await h.runtime.store.messages.countInbound(conversation!.id)).toBe(2);
  });

  it('when a turn fails the customer is asked to try again, and the message stays retryable', async () => {
    const eve = discordUser('eve');
    const dm = h.discord.customerDm(eve, 'FAIL: where is my order?');
    await h.discord.until(() => h.discord.sentTo(dmOf(dm)).length === 1);
    expect(String(h.discord.sentTo(dmOf(dm))[0]!.body.content)).toMatch(/try|again/i);
    expect(await h.runtime.store.inbox.listByStatus('failed', 10)).toContainEqual(expect.objectContaining({ channel: 'discord', messageId: dm.id }));
  });

  it('a picture without text gets a note that the bot reads text', async () => {
    const fay = discordUser('fay');
    const dm = h.discord.customerDm(fay, '', {
      attachments: [
        {
          id: '1',
          filename: 'parcel.jpg',
          size: 2048,
          url: 'https://cdn.discordapp.com/attachments/1/2/parcel.jpg',
          proxy_url: 'https://media.discordapp.net/attachments/1/2/parcel.jpg',
          content_type: 'image/jpeg',
        },
      ],
    });
    await h.discord.until(() => h.discord.sentTo(dmOf(dm)).length === 1);
    expect(String(h.discord.sentTo(dmOf(dm))[0]!.body.content)).toMatch(/only read text/i);
  });
});
