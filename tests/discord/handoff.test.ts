import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordUser } from '../../testkit/discord-payloads.js';
import { startFakeDiscord, type FakeDiscord } from '../../testkit/fake-discord.js';
import type { SlackCall } from '../../testkit/fake-slack-server.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { eventEnvelope, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../../testkit/slack-requests.js';

const blocksOf = (call: SlackCall) => JSON.stringify(call.args.blocks ?? []);

describe('a Discord customer handed to staff in Slack', () => {
  let discord: FakeDiscord;
  let h: SlackHarness;
  beforeAll(async () => {
    discord = await startFakeDiscord();
    h = await startSlackHarness({ env: { DISCORD_BOT_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_SUPPORT_CHANNEL: discord.supportChannelId } });
    await discord.until(() => discord.liveSessions().length === 1);
  });
  afterAll(async () => {
    await h.close();
    await discord.close();
  });

  const takeOver = async (conversationKey: string, cardTs: string) => {
    const conversation = (await h.runtime.store.conversations.findByKey('discord', conversationKey))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;
    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
  };

  it('in a DM: escalates, hears from staff by name, and their next messages reach the staff thread', async () => {
    const quinn = discordUser('quinn');
    const first = discord.customerDm(quinn, 'My parcel is lost and nobody answers. I want to talk to a human agent now!');
    const dm = first.channel_id;
    await discord.until(() => discord.sentTo(dm).length === 1);
    expect(String(discord.sentTo(dm)[0]!.body.content)).toMatch(/passed your conversation to a colleague/);

    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes('parcel is lost'));
    const cardTs = String(card.response.ts);
    expect(blocksOf(card)).toContain('discord');
    await takeOver(`dm:${dm}`, cardTs);
    await discord.until(() => discord.sentTo(dm).some((m) => /joined the conversation/.test(String(m.body.content))));

    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Hi Quinn, Alex here. I have opened a claim with the courier — @everyone relax.');
    await postEvent(h.url, eventEnvelope(reply));
    await discord.until(() => discord.sentTo(dm).some((m) => /opened a claim/.test(String(m.body.content))));
    const relayed = discord.sentTo(dm).find((m) => /opened a claim/.test(String(m.body.content)))!;
    expect(relayed.body.content).toBe('**Alex** · support team\nHi Quinn, Alex here. I have opened a claim with the courier — @everyone relax.');
    // Relayed words never ping anyone.
    expect(relayed.body.allowed_mentions).toEqual({ parse: [], users: [] });
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'white_check_mark');

    const before = discord.sentTo(dm).length;
    discord.customerDm(quinn, 'Thanks Alex, how long will the claim take?');
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /how long will the claim take/.test(String(call.args.text)));
    expect(discord.sentTo(dm)).toHaveLength(before);
  });

  it("in a support thread: staff replies land in the customer's thread; if Discord refuses, staff are told", async () => {
    const rita = discordUser('rita');
    discord.guildMessage(rita, discord.supportChannelId, 'Agent please, my blender arrived broken');
    await discord.until(() => discord.threadMembers.some((m) => m.userId === rita.id));
    const threadId = discord.threadMembers.find((m) => m.userId === rita.id)!.threadId;
    const card = await h.slack.waitFor(
      'chat.postMessage',
      (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes('blender arrived broken'),
    );
    const cardTs = String(card.response.ts);
    await takeOver(`thread:${threadId}`, cardTs);
    await discord.until(() => discord.sentTo(threadId).some((m) => /joined the conversation/.test(String(m.body.content))));

    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Sorry to hear that, Rita. A replacement is on its way.');
    await postEvent(h.url, eventEnvelope(reply));
    await discord.until(() => discord.sentTo(threadId).some((m) => /replacement is on its way/.test(String(m.body.content))));

    // The bot lost access to the thread (a moderator removed it): Discord answers 403.
    discord.failSends(403);
    const lost = staffReplyEvent(staffUsers.alex.id, cardTs, 'Are you still there?');
    await postEvent(h.url, eventEnvelope(lost));
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === lost.ts && call.args.name === 'warning');
  });
});
