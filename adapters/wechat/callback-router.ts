import express, { type Request, type Response, type Router } from 'express';
import type { ChannelSender } from '../../src/core/channels.js';
import type { ChannelContext } from '../channel-adapter.js';
import type { WechatEnv } from './settings.js';
import type { DeadlineReplier } from '../shared/deadline-reply.js';
import { answerUrlCheck, openCallback, sealReply, type CallbackSecurity } from './callback-security.js';
import { CallbackRejectedError } from './errors.js';
import { parsePush, type Push } from './push.js';
import { prepareReply } from './deferred-replies.js';
import { answerFor, turnInboundOf, type Answer } from './push-handler.js';
import { fitsOneMessage, splitForMessages } from './text-chunks.js';
import { WecomKfInbox } from './wecom-kf.js';
import type { PlatformApi } from './platform-api.js';
import type { PlatformTextSender } from './text-sender.js';
import { buildXml } from './xml.js';
import type { DeferredReplySender } from '../../src/core/deferred-replies.js';

export interface CallbackChannel {
  /** `wechat` (Official Account) or `wecom` (WeCom application). */
  channel: string;
  path: string;
  security: CallbackSecurity;
  /** How long a request waits for the answer before saying `success` and sending it through the API. */
  replyBudgetMs: number;
  /** Null when no API credentials are configured: then every answer must travel in a response. */
  sender: ChannelSender | null;
  /** Every sender this account brings (the app's, and WeCom customer service's), for the server to register. */
  senders: ChannelSender[];
  deferredReplies: DeferredReplySender[];
  /** WeCom customer service for WeChat users (微信客服), whose notices arrive on the same callback. */
  customerService?: { api: PlatformApi; sender: PlatformTextSender; corpId: string } | null;
}

function passiveReply(push: Push, text: string): string {
  return buildXml({
    ToUserName: push.customer,
    FromUserName: push.account,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: text,
  });
}

/**
 * The callback URL of a WeChat-family account: GET is the platform's server check, POST a
 * message or event push. A push is verified (signature, clock, decryption, receiver) before
 * anything is stored, and answered within the platform's 5-second limit: with the reply when
 * it is ready within the budget, otherwise with `success` while the reply follows through the
 * API. With no API credentials the request waits for the answer instead: the platform retries
 * a request it gave up on, and the retry is answered with the reply once it is ready.
 */
export function callbackRouter(runtime: ChannelContext<WechatEnv>, replier: DeadlineReplier, setup: CallbackChannel): Router {
  const { logger } = runtime;
  const { channel, security, sender } = setup;
  const router = express.Router();
  const kf = setup.customerService ? new WecomKfInbox(runtime, replier, setup.customerService.api, setup.customerService.corpId) : null;

  const reject = (req: Request, res: Response, error: unknown) => {
    if (!(error instanceof CallbackRejectedError)) throw error;
    logger.warn({ channel, status: error.status, reason: error.reason, detail: error.message, ip: req.ip }, 'rejected callback');
    res.status(error.status).type('text/plain').send(error.reason);
  };

  router.get(setup.path, (req, res) => {
    try {
      res.type('text/plain').send(answerUrlCheck(security, req.query));
      logger.info({ channel }, 'server address check answered');
    } catch (error) {
      reject(req, res, error);
    }
  });

  router.post(setup.path, express.text({ type: () => true, limit: '64kb' }), async (req, res) => {
    let push: Push;
    let encrypted: boolean;
    try {
      const opened = openCallback(security, req.query, typeof req.body === 'string' ? req.body : '');
      encrypted = opened.encrypted;
      if (opened.fields.Event?.toLowerCase() === 'kf_msg_or_event') {
        if (kf) kf.notify(opened.fields);
        else logger.warn({ channel }, 'WeCom customer-service notice received, but WECOM_KF_SECRET is not set to fetch its messages');
        res.type('text/plain').send('success');
        return;
      }
      push = parsePush(opened.fields);
    } catch (error) {
      reject(req, res, error);
      return;
    }
    try {
      // In the inbox before "success": if this process dies now, any process's recovery sweep answers it.
      const inbound = turnInboundOf(push, channel);
      if (inbound) await runtime.store.inbox.accept(inbound, runtime.app.inboxLeaseMs);
      const decision = await replier.reply<Answer>({
        channel,
        messageId: push.messageId,
        budgetMs: sender ? setup.replyBudgetMs : Number.POSITIVE_INFINITY,
        produce: answerFor(push, {
          channel,
          turns: runtime.turns,
          store: runtime.store,
          templates: runtime.templates,
          logger,
          defaultLanguage: runtime.settings.WECHAT_DEFAULT_LANGUAGE,
        }),
        fallback: () => ({ text: runtime.turns.apology(runtime.settings.WECHAT_DEFAULT_LANGUAGE).text }),
        // Without an API, a long answer still has to travel in the one response: its first part goes.
        fitsResponse: (answer) => !sender || fitsOneMessage(answer.text),
        encode: (answer) => answer.text,
        decode: (text) => ({ text }),
        prepare: (answer) => prepareReply({ to: push.customer, text: answer.text }),
      });
      if (decision.kind === 'respond' && decision.answer.text) {
        const text = splitForMessages(decision.answer.text)[0] ?? '';
        res.type('application/xml').send(sealReply(security, passiveReply(push, text), encrypted));
      } else {
        // "success" tells the platform not to retry and not to show the customer an error.
        res.type('text/plain').send('success');
      }
    } catch (error) {
      logger.error({ err: error, channel, messageId: push.messageId }, 'could not answer a callback');
      res.status(500).type('text/plain').send('error');
    }
  });
  return router;
}
