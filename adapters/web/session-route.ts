import type { RequestHandler } from 'express';
import type { VisitorLocals } from './visitor-auth.js';
import { CustomerTokenError, linkCustomer } from '../../src/commerce/customer-identity.js';
import { findConversation, widgetChannel, type WidgetContext } from './widget-context.js';
import { handoffStatus } from './widget-messages.js';
import type { SessionResponse } from './widget/protocol.js';

/**
 * `POST /api/widget/session`: a valid token is renewed for the same conversation (so an
 * active visitor never loses it); none, or an invalid or expired one, gets a new conversation.
 */
export function sessionRoute(ctx: WidgetContext): RequestHandler {
  return async (req, res) => {
    const { visitor } = res.locals as VisitorLocals;
    const tokens = await ctx.tokens;
    const { token, claims } = visitor ? tokens.issue(Date.now(), visitor.conversation) : tokens.issue();
    // A logged-in shopper: the shop's site passes its signed customer token, and their own orders need no further proof.
    const customerToken = req.get('x-shop-customer-token');
    const secret = ctx.channel.app.shopIdentitySecret;
    if (customerToken && secret) {
      try {
        await linkCustomer(ctx.channel.store.keyValues, secret, widgetChannel, claims.conversation, customerToken);
      } catch (error) {
        if (!(error instanceof CustomerTokenError)) throw error;
        res.status(401).json({ error: 'invalid_customer_token', problem: error.problem });
        return;
      }
    }
    const conversation = visitor ? await findConversation(ctx, visitor.conversation) : null;
    const body: SessionResponse = {
      token,
      expiresAt: new Date(claims.expiresAt).toISOString(),
      resumed: conversation !== null && (await ctx.channel.store.messages.countInbound(conversation.id)) > 0,
      handoff: await handoffStatus(ctx.channel, conversation),
      language: conversation?.language ?? null,
    };
    res.set('Cache-Control', 'no-store').json(body);
  };
}
