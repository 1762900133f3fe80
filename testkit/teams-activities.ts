import { randomUUID } from 'node:crypto';

/** Ids shaped like Teams' own: `28:` bot accounts, `29:` users, `a:` personal chats, `19:` channels. */
export const teamsIds = {
  appId: '8b0e1f5c-3f2a-4d7e-9c61-2a5b7d9e4f10',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  teamId: '19:team-general@thread.tacv2',
  supportChannelId: '19:support-channel@thread.tacv2',
};
export const botAccount = { id: `28:${teamsIds.appId}`, name: 'aftercare' };

let sequence = 0;
/** Teams activity ids are millisecond timestamps, unique within a conversation. */
export function nextActivityId(): string {
  return String(1_700_000_000_000 + (Date.now() % 1_000_000_000) + ++sequence);
}

export interface Customer {
  id: string;
  name: string;
  aadObjectId: string;
}

export function customer(name: string): Customer {
  return { id: `29:1${randomUUID().replace(/-/g, '')}`, name, aadObjectId: randomUUID() };
}

/** The personal (1:1) chat id Teams assigns to a user and the bot. */
export function personalChatId(user: Customer): string {
  return `a:1${user.id.slice(4)}${'x'.repeat(40)}`;
}

interface Common {
  serviceUrl: string;
  id?: string;
  locale?: string;
}

function base(type: string, options: Common) {
  const now = new Date();
  return {
    type,
    id: options.id ?? nextActivityId(),
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace('Z', '+08:00'),
    serviceUrl: options.serviceUrl,
    channelId: 'msteams',
    recipient: { ...botAccount },
    locale: options.locale ?? 'en-US',
    channelData: { tenant: { id: teamsIds.tenantId } },
  };
}

/** A message in the customer's personal chat with the bot, as Teams delivers it. */
export function personalMessage(options: Common & { from: Customer; text: string; attachments?: unknown[] }) {
  return {
    ...base('message', options),
    from: { id: options.from.id, name: options.from.name, aadObjectId: options.from.aadObjectId },
    conversation: { conversationType: 'personal', tenantId: teamsIds.tenantId, id: personalChatId(options.from) },
    text: options.text,
    textFormat: 'plain',
    attachments: options.attachments ?? [],
    entities: [{ type: 'clientInfo', locale: options.locale ?? 'en-US', country: 'US', platform: 'Web', timezone: 'America/New_York' }],
  };
}

/**
 * A channel post or thread reply that @mentions the bot. Teams puts `<at>name</at>` in the text
 * and a mention entity beside it; the conversation id names the thread's root message.
 */
export function channelMention(options: Common & { from: Customer; text: string; rootId?: string; channelId?: string; mention?: boolean }) {
  const activity = base('message', options);
  const rootId = options.rootId ?? activity.id;
  const channelId = options.channelId ?? teamsIds.supportChannelId;
  const mentionText = `<at>${botAccount.name}</at>`;
  const mention = options.mention ?? true;
  return {
    ...activity,
    from: { id: options.from.id, name: options.from.name, aadObjectId: options.from.aadObjectId },
    conversation: { isGroup: true, conversationType: 'channel', tenantId: teamsIds.tenantId, id: `${channelId};messageid=${rootId}` },
    text: mention ? `${mentionText}&nbsp;${options.text}` : options.text,
    textFormat: 'plain',
    attachments: [
      {
        contentType: 'text/html',
        content: `<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">${botAccount.name}</span>&nbsp;${options.text}</div></div>`,
      },
    ],
    entities: mention ? [{ type: 'mention', mentioned: { ...botAccount }, text: mentionText }] : [],
    channelData: {
      teamsChannelId: channelId,
      teamsTeamId: teamsIds.teamId,
      channel: { id: channelId },
      team: { id: teamsIds.teamId },
      tenant: { id: teamsIds.tenantId },
    },
  };
}

/** Teams' `conversationUpdate` when the bot is installed for a personal chat. */
export function personalInstall(options: Common & { from: Customer }) {
  return {
    ...base('conversationUpdate', options),
    from: { id: options.from.id, aadObjectId: options.from.aadObjectId },
    conversation: { conversationType: 'personal', tenantId: teamsIds.tenantId, id: personalChatId(options.from) },
    membersAdded: [{ id: botAccount.id }],
  };
}

/** Teams' `conversationUpdate` when the bot is added to a team (it arrives in the team's General channel). */
export function teamInstall(options: Common & { from: Customer }) {
  return {
    ...base('conversationUpdate', options),
    from: { id: options.from.id, aadObjectId: options.from.aadObjectId },
    conversation: { isGroup: true, conversationType: 'channel', tenantId: teamsIds.tenantId, id: teamsIds.teamId },
    membersAdded: [{ id: botAccount.id }],
    channelData: { team: { id: teamsIds.teamId, name: 'Support' }, eventType: 'teamMemberAdded', tenant: { id: teamsIds.tenantId } },
  };
}

/** Any other activity in a customer's personal chat (reactions, invokes, edits…), with its own fields. */
export function personalActivity(type: string, options: Common & { from: Customer; fields?: Record<string, unknown> }) {
  return {
    ...base(type, options),
    from: { id: options.from.id, name: options.from.name, aadObjectId: options.from.aadObjectId },
    conversation: { conversationType: 'personal', tenantId: teamsIds.tenantId, id: personalChatId(options.from) },
    ...options.fields,
  };
}

/** POSTs an activity to the bot's messaging endpoint as the Bot Framework does. */
export function postActivity(baseUrl: string, activity: unknown, token?: string): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
}
