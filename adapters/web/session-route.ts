import type { RequestHandler } from 'express';
import type { VisitorLocals } from './visitor-auth.js';
import { findConversation, type WidgetContext } from './widget-context.js';
import { handoffStatus } from './widget-messages.js';
import type { SessionResponse } from './widget/protocol.js';

/**
 * `POST /api/widget/session`: a valid token is renewed for the same conversation (so an
 * active visitor never loses it); none, or an invalid or expired one, gets a new conversation.
 */
export function sessionRoute(ctx: WidgetContext): RequestHandler {
  return async (_req, res) => {
    const { visitor } = res.locals as VisitorLocals;
    const tokens = await ctx.tokens;
    const { token, claims } = visitor ? tokens.issue(Date.now(), visitor.conversation) : tokens.issue();
    const conversation = visitor ? await findConversation(ctx, visitor.conversation) : null;
    const body: SessionResponse = {
      token,
      expiresAt: new Date(claims.expiresAt).toISOString(),
      resumed: conversation !== null && (await ctx.runtime.store.messages.countInbound(conversation.id)) > 0,
      handoff: await handoffStatus(ctx.runtime, conversation),
      language: conversation?.language ?? null,
    };
    res.set('Cache-Control', 'no-store').json(body);
  };
}
