import { z } from 'zod';
import type { ChannelContext } from '../channel-adapter.js';
import type { WechatEnv } from './settings.js';
import type { DeadlineReplier } from '../shared/deadline-reply.js';
import type { PlatformApi } from './platform-api.js';
import type { Push } from './push.js';
import { prepareReply } from './deferred-replies.js';
import { answerFor, turnInboundOf, type Answer } from './push-handler.js';

export const KF_CHANNEL = 'wecom-kf';

const kfMessageSchema = z.object({
  msgid: z.string().min(1).max(256),
  open_kfid: z.string().optional(),
  external_userid: z.string().optional(),
  send_time: z.number().optional(),
  /** 3 = the customer, 4 = a system event, 5 = a WeCom servicer writing from the WeCom client. */
  origin: z.number().optional(),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  event: z
    .object({
      event_type: z.string(),
      open_kfid: z.string().optional(),
      external_userid: z.string().optional(),
      scene: z.string().optional(),
      welcome_code: z.string().optional(),
    })
    .optional(),
});
type KfMessage = z.infer<typeof kfMessageSchema>;

const CUSTOMER = 3;
// Without a cursor (first sync ever) the platform returns three days of history; answering
// that backlog would surprise customers, so only messages this recent are taken then.
const FIRST_SYNC_WINDOW_S = 600;
const MAX_PAGES = 20;

/**
 * WeCom's customer service for WeChat users (微信客服). Unlike the Official Account, the
 * callback carries no message, only a notice (`kf_msg_or_event`) with a short-lived token:
 * the messages are pulled with `/cgi-bin/kf/sync_msg` from a cursor kept in the shared store
 * (under a lock, so two notices never pull the same page), and every answer goes through
 * `/cgi-bin/kf/send_msg` — there is no passive reply. Each message id is answered once
 * through the same delivery slots as the other channels.
 */
export class WecomKfInbox {
  constructor(
    private readonly runtime: ChannelContext<WechatEnv>,
    private readonly replier: DeadlineReplier,
    private readonly api: PlatformApi,
    private readonly corpId: string,
  ) {}

  /** Handles a `kf_msg_or_event` callback: the pull happens after the platform has its `success`. */
  notify(fields: Record<string, string>): void {
    const token = fields.Token;
    const openKfId = fields.OpenKfId;
    if (!token || !openKfId) {
      this.runtime.logger.warn({ channel: KF_CHANNEL }, 'customer-service notice without Token/OpenKfId ignored');
      return;
    }
    this.runtime.background.run(`${KF_CHANNEL} sync ${openKfId}`, () => this.sync(token, openKfId));
  }

  private async sync(token: string, openKfId: string): Promise<void> {
    const { store } = this.runtime;
    const cursorKey = `${KF_CHANNEL}:cursor:${this.corpId}:${openKfId}`;
    await store.locks.runExclusive(
      cursorKey,
      async () => {
        let cursor = (await store.keyValues.get(cursorKey))?.value ?? null;
        const since = cursor === null ? Date.now() / 1000 - FIRST_SYNC_WINDOW_S : 0;
        for (let page = 0; page < MAX_PAGES; page++) {
          const answer = await this.api.post('/cgi-bin/kf/sync_msg', { cursor: cursor ?? '', token, limit: 1000, open_kfid: openKfId });
          const list = Array.isArray(answer.msg_list) ? answer.msg_list : [];
          for (const item of list) {
            const parsed = kfMessageSchema.safeParse(item);
            if (parsed.success && (parsed.data.send_time ?? Infinity) >= since) await this.handle(parsed.data, openKfId);
          }
          if (typeof answer.next_cursor === 'string' && answer.next_cursor) {
            cursor = answer.next_cursor;
            await store.keyValues.set(cursorKey, cursor);
          }
          if (!answer.has_more) break;
        }
      },
      { timeoutMs: 60_000 },
    );
  }

  private async handle(message: KfMessage, openKfId: string): Promise<void> {
    const kfId = message.open_kfid ?? message.event?.open_kfid ?? openKfId;
    const customer = message.external_userid ?? message.event?.external_userid;
    if (!customer) return;
    const base = { account: kfId, customer, createdAt: new Date((message.send_time ?? Date.now() / 1000) * 1000), messageId: message.msgid };
    let push: Push;
    let prepare: (answer: Answer) => string | null;
    if (message.origin === CUSTOMER && message.msgtype !== 'event') {
      push = message.msgtype === 'text' && message.text ? { ...base, kind: 'text', text: message.text.content } : { ...base, kind: 'media', mediaType: message.msgtype, url: null };
      prepare = (answer) => prepareReply({ to: customer, account: kfId, text: answer.text });
    } else if (message.event?.event_type === 'enter_session' && message.event.welcome_code) {
      // The welcome goes with the event's one-time code, valid for 20 seconds.
      const code = message.event.welcome_code;
      push = { ...base, kind: 'event', event: 'subscribe', eventKey: message.event.scene ?? null };
      prepare = (answer) => prepareReply({ to: customer, account: kfId, text: answer.text, welcomeCode: code });
    } else {
      return;
    }
    const { turns, store, logger, settings: config, app } = this.runtime;
    const inbound = turnInboundOf(push, KF_CHANNEL);
    if (inbound) await store.inbox.accept(inbound, app.inboxLeaseMs);
    await this.replier.reply<Answer>({
      channel: KF_CHANNEL,
      messageId: message.msgid,
      budgetMs: 0,
      produce: answerFor(push, { channel: KF_CHANNEL, turns, store, templates: this.runtime.templates, logger, defaultLanguage: config.WECHAT_DEFAULT_LANGUAGE }),
      fallback: () => ({ text: turns.apology(config.WECHAT_DEFAULT_LANGUAGE).text }),
      fitsResponse: () => false,
      encode: (answer) => answer.text,
      decode: (text) => ({ text }),
      prepare,
    });
  }
}

/** `/cgi-bin/kf/send_msg` as the `wecom-kf` channel's sender: the customer and the customer-service account. */
export function kfSendBody(to: { userId: string; replyContext: Record<string, unknown> | null }, content: string): Record<string, unknown> {
  return { touser: to.userId, open_kfid: String(to.replyContext?.account ?? ''), msgtype: 'text', text: { content } };
}
