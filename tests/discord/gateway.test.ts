import { GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createDiscordClient } from '../../adapters/discord/client.js';
import { DiscordGateway } from '../../adapters/discord/gateway-connection.js';
import { discordSettingsOf } from '../../adapters/discord/settings.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { discordUser } from '../../testkit/discord-payloads.js';
import { startDiscordHarness } from '../helpers/discord-harness.js';
import { startFakeDiscord } from '../../testkit/fake-discord.js';
import { tempDir } from '../../testkit/runtime.js';
import { textControlledStages } from '../helpers/text-controlled-stages.js';
import { watchedLogger } from '../helpers/watched-logger.js';

const { Guilds, GuildMessages, DirectMessages, MessageContent } = GatewayIntentBits;

describe('Discord gateway connection', () => {
  it('asks for the fewest intents: DMs only without a support channel; Message Content only with one', async () => {
    const dmsOnly = await startDiscordHarness();
    expect(dmsOnly.discord.identifies).toEqual([{ token: dmsOnly.discord.token, intents: Guilds | DirectMessages }]);
    const connected = dmsOnly.logs.find((line) => line.msg === 'discord adapter connected')!;
    expect(connected).toMatchObject({ bot: 'aftercare', servers: 1 });
    expect(String(connected.invite)).toBe(`https://discord.com/oauth2/authorize?client_id=${dmsOnly.discord.applicationId}&scope=bot&permissions=377957207040`);
    await dmsOnly.close();

    const withSupport = await startDiscordHarness({ supportChannel: true });
    expect(withSupport.discord.identifies[0]!.intents).toBe(Guilds | DirectMessages | GuildMessages | MessageContent);
    await withSupport.close();
  });

  it('a wrong token is one clear log line, and the server keeps serving', async () => {
    const discord = await startFakeDiscord();
    const wrongToken = `${'A'.repeat(24)}.${'B'.repeat(6)}.${'C'.repeat(27)}`;
    const h = await startDiscordHarness({ discord, env: { DISCORD_BOT_TOKEN: wrongToken }, waitForConnection: false });
    const failure = await h.waitForLog((line) => String(line.msg).startsWith('discord login failed'));
    expect(failure.msg).toBe('discord login failed: the adapter stays off until the setting is fixed and the server restarted');
    expect(String(failure.reason)).toContain('Reset Token');
    expect(JSON.stringify(h.logs)).not.toContain(wrongToken);
    // Refused at gateway discovery: it never got as far as identifying.
    expect(discord.identifies).toEqual([]);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    // Staff replies to a Discord customer now fail with a clear error instead of hanging.
    await expect(
      h.runtime.channels.send({ channel: 'discord', conversationKey: 'dm:1', userId: '1', replyContext: { channelId: '1' } }, { author: 'staff', text: 'hi' }),
    ).rejects.toThrow(/not connected/);
    await h.close();
    await discord.close();
  });

  it('a support channel without the Message Content intent enabled says exactly which switch to turn on', async () => {
    const discord = await startFakeDiscord({ allowMessageContent: false });
    const h = await startDiscordHarness({ discord, supportChannel: true, waitForConnection: false });
    const failure = await h.waitForLog((line) => String(line.msg).startsWith('discord login failed'));
    expect(String(failure.reason)).toContain('Privileged Gateway Intents → Message Content Intent');
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    await h.close();
    await discord.close();
  });

  it('without a token the adapter is off and says so', async () => {
    const { logger, lines } = watchedLogger();
    const { createRuntime } = await import('../../src/runtime.js');
    const { testConfig } = await import('../../testkit/runtime.js');
    const { discordChannel } = await import('../../adapters/discord/index.js');
    const dir = tempDir();
    const runtime = await createRuntime(testConfig(dir.path), logger);
    const { startChannels } = await import('../../src/server/channels.js');
    expect(await startChannels(runtime, [discordChannel])).toEqual([]);
    expect(lines.some((line) => line.msg === 'discord adapter off: DISCORD_BOT_TOKEN is not set')).toBe(true);
    expect(runtime.channels.has('discord')).toBe(false);
    await runtime.close();
    dir.remove();
  });

  it('settings that cannot work stop start-up with the variable to fix', () => {
    expect(() => loadConfig({ DISCORD_BOT_TOKEN: 'my-client-secret' })).toThrow(/DISCORD_BOT_TOKEN.*must be the bot token/s);
    expect(() => loadConfig({ DISCORD_SUPPORT_CHANNEL: '#support' })).toThrow(/DISCORD_SUPPORT_CHANNEL.*channel ID/s);
    expect(() => discordSettingsOf(loadConfig({ DISCORD_SUPPORT_CHANNEL: '123456789012345678' }))).toThrow(ConfigError);
  });

  it('a dropped connection is resumed by the library, and what was said meanwhile is answered', async () => {
    const h = await startDiscordHarness();
    const [session] = h.discord.liveSessions();
    h.discord.dropConnections();
    // Said while the bot was disconnected: Discord replays it on RESUME.
    const ana = discordUser('ana');
    const dm = h.discord.customerDm(ana, 'Where is my order?');
    await h.waitForLog((line) => line.msg === 'discord gateway session resumed');
    expect(h.discord.resumes).toEqual([session!.sessionId]);
    expect(h.discord.identifies).toHaveLength(1);
    expect(h.logs.some((line) => line.msg === 'discord gateway connection lost: reconnecting')).toBe(true);
    await h.discord.until(() => h.discord.sentTo(dm.channel_id).length === 1);
    expect(String(h.discord.sentTo(dm.channel_id)[0]!.body.content)).toMatch(/order/i);
    await h.close();
  });

  it('a login that fails for a network reason is tried again with a fresh client until it connects', async () => {
    const discord = await startFakeDiscord();
    // More failures than discord.js's own REST retries (3), so its login gives up once.
    discord.failGatewayDiscovery(5);
    const { logger, lines } = watchedLogger();
    const settings = discordSettingsOf(loadConfig({ DISCORD_BOT_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl }))!;
    const gateway = new DiscordGateway({ settings, logger, createClient: () => createDiscordClient(settings), retryDelayMs: 10 });
    gateway.start();
    expect(await gateway.ready()).toBe(true);
    expect(lines.find((line) => line.msg === 'discord login failed: trying again later')).toMatchObject({ attempt: 1 });
    expect(lines.some((line) => line.msg === 'discord adapter connected')).toBe(true);
    await gateway.stop();
    await discord.close();
  });
});

describe('Discord with several server processes', () => {
  it('every process receives each message; exactly one answers it (or notes a picture), and one thread is opened', async () => {
    const discord = await startFakeDiscord();
    const shared = tempDir();
    const first = await startDiscordHarness({ discord, supportChannel: true, dataDir: shared.path });
    const second = await startDiscordHarness({ discord, supportChannel: true, dataDir: shared.path });
    expect(discord.liveSessions()).toHaveLength(2);

    const ben = discordUser('ben');
    const dm = discord.customerDm(ben, 'How long does a refund take to reach my card?');
    const cleo = discordUser('cleo');
    discord.guildMessage(cleo, discord.supportChannelId, 'Where is my order?');
    const picture = discord.customerDm(discordUser('dora'), '', {
      attachments: [
        {
          id: '9',
          filename: 'box.png',
          size: 10,
          url: 'https://cdn.discordapp.com/attachments/9/9/box.png',
          proxy_url: 'https://media.discordapp.net/attachments/9/9/box.png',
          content_type: 'image/png',
        },
      ],
    });
    await discord.until(() => discord.sentTo(dm.channel_id).length >= 1 && discord.threadMembers.some((m) => m.userId === cleo.id));
    const threadId = discord.threadMembers.find((m) => m.userId === cleo.id)!.threadId;
    await discord.until(() => discord.sentTo(threadId).length >= 1);
    // Closing waits for every handler still running in either process; then nothing more can be sent.
    await first.close();
    await second.close();
    expect(discord.sentTo(dm.channel_id)).toHaveLength(1);
    expect(discord.sentTo(threadId)).toHaveLength(1);
    expect(discord.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/threads'))).toHaveLength(1);
    expect(discord.sentTo(discord.supportChannelId)).toHaveLength(1);
    expect(discord.sentTo(picture.channel_id)).toHaveLength(1);
    await discord.close();
    shared.remove();
  });
});

describe('Discord shutdown', () => {
  it('waits for a message still being answered, and sends the answer before disconnecting', async () => {
    const control = textControlledStages();
    const h = await startDiscordHarness({ runtime: { customiseStages: control.wrap } });
    const dm = h.discord.customerDm(discordUser('dan'), 'HOLD: where is my order?');
    await control.entered;
    const closed = h.close();
    control.release();
    await closed;
    expect(h.discord.sentTo(dm.channel_id)).toHaveLength(1);
  });
});
