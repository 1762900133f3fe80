import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelTypes, discordUser } from '../../testkit/discord-payloads.js';
import { startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';

describe('Discord support channel', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ supportChannel: true });
  });
  afterAll(() => h.close());

  const threadsCreated = () => h.discord.calls.filter((call) => call.method === 'POST' && call.path === `/channels/${h.discord.supportChannelId}/threads`);

  it("a customer's message opens a private thread for them: they are added, told where to look, and answered there by name", async () => {
    const gus = discordUser('gus', { globalName: 'Gus Ortiz' });
    const question = h.discord.guildMessage(gus, h.discord.supportChannelId, 'How long does a refund take to reach my card?');
    await h.discord.until(() => h.discord.sent.some((m) => m.channelId !== h.discord.supportChannelId && /refund/i.test(String(m.body.content))));

    const [created] = threadsCreated();
    expect(created!.body).toMatchObject({ name: 'Support · Gus Ortiz', type: ChannelTypes.PrivateThread, invitable: false, auto_archive_duration: 10080 });
    const threadId = [...h.discord.channels.values()].find((c) => c.type === ChannelTypes.PrivateThread && c.name === 'Support · Gus Ortiz')!.id as string;
    expect(h.discord.threadMembers).toContainEqual({ threadId, userId: gus.id });

    // In the channel: a pointer to the thread, as a reply that does not ping.
    const [pointer] = h.discord.sentTo(h.discord.supportChannelId);
    expect(String(pointer!.body.content)).toBe(`I've opened a thread just for you: <#${threadId}> — let's continue there.`);
    expect(pointer!.body.message_reference).toMatchObject({ message_id: question.id });
    expect(pointer!.body.allowed_mentions).toMatchObject({ parse: [], replied_user: false });

    // In the thread: the answer, pinging only the customer.
    const [answer] = h.discord.sentTo(threadId);
    expect(String(answer!.body.content)).toMatch(new RegExp(`^<@${gus.id}>\\n`));
    expect(answer!.body.allowed_mentions).toEqual({ parse: [], users: [gus.id] });
    expect(JSON.stringify(answer!.body.embeds)).toContain('refunds.md');

    const conversation = await h.runtime.store.conversations.findByKey('discord', `thread:${threadId}`);
    expect(conversation).toMatchObject({ userId: gus.id, replyContext: { channelId: threadId, guildId: h.discord.guildId } });
  });

  it('the customer continues in their thread; what others write there is not taken as theirs', async () => {
    const hal = discordUser('hal');
    h.discord.guildMessage(hal, h.discord.supportChannelId, 'Where is my order?');
    await h.discord.until(() => h.discord.threadMembers.some((m) => m.userId === hal.id));
    const threadId = h.discord.threadMembers.find((m) => m.userId === hal.id)!.threadId;
    await h.discord.until(() => h.discord.sentTo(threadId).length === 1);

    const moderator = discordUser('moderator');
    h.discord.guildMessage(moderator, threadId, 'I can help you with that');
    h.discord.guildMessage(hal, threadId, '运费谁出？');
    await h.discord.until(() => h.discord.sentTo(threadId).length === 2);
    await h.runtime.engine.settled();
    const conversation = (await h.runtime.store.conversations.findByKey('discord', `thread:${threadId}`))!;
    expect((await h.runtime.store.messages.recent(conversation.id, 10)).filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['Where is my order?', '运费谁出？']);
    // Only the first answer pinged the customer.
    expect(String(h.discord.sentTo(threadId)[1]!.body.content)).not.toContain('<@');
  });

  it('a customer who writes in the channel again is sent back to their own thread, not given a second one', async () => {
    const ivy = discordUser('ivy');
    h.discord.guildMessage(ivy, h.discord.supportChannelId, 'Hi, I need help with a return');
    await h.discord.until(() => h.discord.threadMembers.some((m) => m.userId === ivy.id));
    const threadId = h.discord.threadMembers.find((m) => m.userId === ivy.id)!.threadId;
    await h.discord.until(() => h.discord.sentTo(threadId).length === 1);
    const threadsBefore = threadsCreated().length;

    h.discord.guildMessage(ivy, h.discord.supportChannelId, '还有，运费谁出？');
    await h.discord.until(() => h.discord.sentTo(threadId).length === 2);
    expect(threadsCreated().length).toBe(threadsBefore);
    expect(
      h.discord
        .sentTo(h.discord.supportChannelId)
        .map((m) => String(m.body.content))
        .at(-1),
    ).toBe(`我们在您的讨论串里继续：<#${threadId}>`);
  });

  it("a thread that went quiet and was archived is reopened for the customer's next question", async () => {
    const nia = discordUser('nia');
    h.discord.guildMessage(nia, h.discord.supportChannelId, 'Where is my order?');
    await h.discord.until(() => h.discord.threadMembers.some((m) => m.userId === nia.id));
    const threadId = h.discord.threadMembers.find((m) => m.userId === nia.id)!.threadId;
    await h.discord.until(() => h.discord.sentTo(threadId).length === 1);
    h.discord.updateThread(threadId, { archived: true });
    h.discord.guildMessage(nia, h.discord.supportChannelId, 'Me again: how long does a refund take to reach my card?');
    await h.discord.until(() => h.discord.sentTo(threadId).length === 2);
    expect(h.discord.calls).toContainEqual(expect.objectContaining({ method: 'PATCH', path: `/channels/${threadId}`, body: expect.objectContaining({ archived: false }) }));
    expect(h.discord.threadMembers.filter((m) => m.userId === nia.id)).toHaveLength(1);
  });

  it('a thread staff have locked (and archived) is not reused: the customer gets a new one', async () => {
    const jon = discordUser('jon');
    h.discord.guildMessage(jon, h.discord.supportChannelId, 'Where is my order?');
    await h.discord.until(() => h.discord.threadMembers.some((m) => m.userId === jon.id));
    const first = h.discord.threadMembers.find((m) => m.userId === jon.id)!.threadId;
    await h.discord.until(() => h.discord.sentTo(first).length === 1);
    h.discord.updateThread(first, { locked: true, archived: true });
    h.discord.guildMessage(jon, h.discord.supportChannelId, 'Hello again, where is my order?');
    await h.discord.until(() => h.discord.threadMembers.filter((m) => m.userId === jon.id).length === 2);
    const second = h.discord.threadMembers.filter((m) => m.userId === jon.id)[1]!.threadId;
    expect(second).not.toBe(first);
    await h.discord.until(() => h.discord.sentTo(second).length === 1);
  });

  it('without permission to create threads the customer is told to try again and the log says which permissions are missing', async () => {
    h.discord.refuseThreadCreation(true);
    const olga = discordUser('olga');
    const question = h.discord.guildMessage(olga, h.discord.supportChannelId, 'Where is my order?');
    await h.discord.until(() =>
      h.discord.sent.some(
        (m) =>
          m.channelId === h.discord.supportChannelId && m.body.message_reference !== undefined && (m.body.message_reference as { message_id: string }).message_id === question.id,
      ),
    );
    h.discord.refuseThreadCreation(false);
    const reply = h.discord.sentTo(h.discord.supportChannelId).at(-1)!;
    expect(String(reply.body.content)).toMatch(/try|again/i);
    const logged = await h.waitForLog((line) => String(line.msg).startsWith('discord support thread could not be opened'));
    expect(String(logged.msg)).toContain('Create Private Threads');
    // Nothing was claimed: the customer's next message opens their thread.
    h.discord.guildMessage(olga, h.discord.supportChannelId, 'Where is my order? (again)');
    await h.discord.until(() => h.discord.threadMembers.some((m) => m.userId === olga.id));
    const threadId = h.discord.threadMembers.find((m) => m.userId === olga.id)!.threadId;
    await h.discord.until(() => h.discord.sentTo(threadId).length === 1);
  });

  it("other channels, other bots, and threads that are not a customer's are left alone", async () => {
    const kim = discordUser('kim');
    const before = h.discord.sent.length;
    h.discord.guildMessage(kim, h.discord.otherChannelId, 'refund?', { mentions: [h.discord.bot] });
    h.discord.guildMessage(discordUser('mee6', { bot: true }), h.discord.supportChannelId, 'Welcome to the server!');
    // A thread of the support channel that a member opened, not the bot for a customer.
    const strangerThread = h.discord.memberThread(h.discord.supportChannelId, kim.id, 'off-topic');
    h.discord.guildMessage(kim, strangerThread.id, 'anyone?');
    const marker = h.discord.customerDm(discordUser('marker'), 'hello');
    await h.discord.until(() => h.discord.sentTo(marker.channel_id).length === 1);
    await h.runtime.engine.settled();
    expect(h.discord.sent.slice(before).map((m) => m.channelId)).toEqual([marker.channel_id]);
    expect(threadsCreated().some((call) => String(call.body?.name).includes('mee6'))).toBe(false);
  });
});

describe('Discord support channel with public threads', () => {
  it("DISCORD_PRIVATE_THREADS=false starts a public thread from the customer's message", async () => {
    const h = await startDiscordHarness({ supportChannel: true, env: { DISCORD_PRIVATE_THREADS: 'false' } });
    const leo = discordUser('leo');
    const question = h.discord.guildMessage(leo, h.discord.supportChannelId, 'How long does a refund take to reach my card?');
    // A thread started from a message has the message's id.
    await h.discord.until(() => h.discord.sentTo(question.id).length === 1);
    const started = h.discord.calls.find((call) => call.method === 'POST' && call.path === `/channels/${h.discord.supportChannelId}/messages/${question.id}/threads`);
    expect(started!.body).toMatchObject({ name: 'Support · leo', auto_archive_duration: 10080 });
    expect(String(h.discord.sentTo(question.id)[0]!.body.content)).toMatch(/refund/i);
    await h.close();
  });
});
