import { z } from 'zod';
import { CallbackRejectedError } from './errors.js';

const envelope = z.object({
  ToUserName: z.string().min(1).max(128),
  FromUserName: z.string().min(1).max(128),
  CreateTime: z.string().regex(/^\d{1,12}$/, 'must be seconds since 1970'),
  MsgType: z.string().min(1).max(32),
  MsgId: z
    .string()
    .regex(/^\d{1,24}$/)
    .optional(),
  Content: z.string().max(20_000).optional(),
  Recognition: z.string().max(20_000).optional(),
  PicUrl: z.string().max(2048).optional(),
  Url: z.string().max(2048).optional(),
  Event: z.string().max(64).optional(),
  EventKey: z.string().max(256).optional(),
  AgentID: z.string().max(32).optional(),
});

interface PushBase {
  /** The account the customer wrote to (gh_… for an Official Account, the CorpID for WeCom). */
  account: string;
  /** The customer: OpenID (Official Account) or UserID (WeCom). */
  customer: string;
  createdAt: Date;
  /** The platform's id for deduplication: MsgId, or FromUserName+CreateTime(+Event) for events as the platform advises. */
  messageId: string;
  agentId?: string;
}

/** One callback from the platform, reduced to what the bot acts on. */
export type Push =
  | (PushBase & { kind: 'text'; text: string })
  /** `recognition` is the platform's speech-to-text, present when the account has it switched on. */
  | (PushBase & { kind: 'voice'; recognition: string | null })
  | (PushBase & { kind: 'media'; mediaType: string; url: string | null })
  | (PushBase & { kind: 'event'; event: string; eventKey: string | null });

export function parsePush(fields: Record<string, string>): Push {
  const parsed = envelope.safeParse(fields);
  if (!parsed.success) {
    throw new CallbackRejectedError(400, 'malformed_message', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const f = parsed.data;
  const type = f.MsgType.toLowerCase();
  const event = type === 'event' ? (f.Event ?? '').toLowerCase() : '';
  const base: PushBase = {
    account: f.ToUserName,
    customer: f.FromUserName,
    createdAt: new Date(Number(f.CreateTime) * 1000),
    messageId: f.MsgId ?? [f.FromUserName, f.CreateTime, event || type].join(':'),
    ...(f.AgentID ? { agentId: f.AgentID } : {}),
  };
  switch (type) {
    case 'text':
      return { ...base, kind: 'text', text: f.Content ?? '' };
    case 'voice':
      return { ...base, kind: 'voice', recognition: f.Recognition?.trim() || null };
    case 'event':
      return { ...base, kind: 'event', event, eventKey: f.EventKey ?? null };
    default:
      return { ...base, kind: 'media', mediaType: type, url: f.PicUrl ?? f.Url ?? null };
  }
}
