/**
 * Discord API objects as the gateway and REST API send them (API v10), for the stand-in and
 * the tests that drive it: real field names, snowflake ids, ISO timestamps.
 */
const discordEpoch = 1_420_070_400_000n;
let increment = 0n;

/** A snowflake id: milliseconds since Discord's epoch in the top bits, a counter below. */
export function snowflake(): string {
  increment = (increment + 1n) % 4096n;
  return (((BigInt(Date.now()) - discordEpoch) << 22n) | increment).toString();
}

export interface DiscordUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export function discordUser(username: string, options: { bot?: boolean; globalName?: string } = {}): DiscordUser {
  return { id: snowflake(), username, global_name: options.globalName ?? null, discriminator: '0', avatar: null, ...(options.bot ? { bot: true } : {}) };
}

export const ChannelTypes = { GuildText: 0, DM: 1, PublicThread: 11, PrivateThread: 12 } as const;

export function guildTextChannel(guildId: string, name: string, id = snowflake()) {
  return {
    id,
    type: ChannelTypes.GuildText,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    rate_limit_per_user: 0,
    last_message_id: null,
  };
}

export function threadChannel(options: { guildId: string; parentId: string; ownerId: string; name: string; type: number; id?: string; invitable?: boolean }) {
  return {
    id: options.id ?? snowflake(),
    type: options.type,
    guild_id: options.guildId,
    parent_id: options.parentId,
    owner_id: options.ownerId,
    name: options.name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 10080,
      archive_timestamp: new Date().toISOString(),
      locked: false,
      ...(options.type === ChannelTypes.PrivateThread ? { invitable: options.invitable ?? false } : {}),
      create_timestamp: new Date().toISOString(),
    },
  };
}

export function dmChannel(recipient: DiscordUser, id = snowflake()) {
  return { id, type: ChannelTypes.DM, recipients: [recipient], last_message_id: null, flags: 0 };
}

/** A guild as GUILD_CREATE delivers it: its channels, roles and the bot's own membership. */
export function guildCreate(options: { id: string; name: string; channels: unknown[]; bot: DiscordUser; ownerId: string }) {
  return {
    id: options.id,
    name: options.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: options.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [{ id: options.id, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    stickers: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [{ user: options.bot, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
    channels: options.channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessagePayloadOptions {
  author: DiscordUser;
  channelId: string;
  content: string;
  /** Set for messages in a server (support channel, threads); absent in DMs. */
  guildId?: string;
  /** The channel's type, which Discord sends with MESSAGE_CREATE (`channel_type`). */
  channelType: number;
  type?: number;
  id?: string;
  attachments?: unknown[];
  mentions?: DiscordUser[];
  embeds?: unknown[];
}

/** A message object (MESSAGE_CREATE's `d`, or what POST /channels/{id}/messages returns). */
export function messagePayload(options: MessagePayloadOptions) {
  return {
    id: options.id ?? snowflake(),
    channel_id: options.channelId,
    channel_type: options.channelType,
    author: options.author,
    content: options.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: options.mentions ?? [],
    mention_roles: [] as string[],
    attachments: options.attachments ?? [],
    embeds: options.embeds ?? [],
    pinned: false,
    type: options.type ?? 0,
    flags: 0,
    components: [],
    ...(options.guildId
      ? { guild_id: options.guildId, member: { roles: [] as string[], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null } }
      : {}),
  };
}
