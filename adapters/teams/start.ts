import express from 'express';
import { jsonBody } from '../../src/http/body-depth.js';
import type { ChannelContext, StartedChannel } from '../channel-adapter.js';
import { teamsActivityHandler } from './activity-handler.js';
import { botFrameworkAuthentication } from './bot-authentication.js';
import { TeamsHttpAdapter } from './http-adapter.js';
import type { TeamsSettings } from './settings.js';
import { TeamsSender } from './teams-sender.js';

export const teamsMessagesPath = '/api/messages';

/**
 * The messaging endpoint `POST /api/messages` (the Azure Bot resource's "Messaging endpoint"),
 * and a sender that reaches Teams customers proactively for staff replies and late answers.
 */
export function startTeams(ctx: ChannelContext<TeamsSettings>): StartedChannel {
  const { settings, logger } = ctx;
  const adapter = new TeamsHttpAdapter(botFrameworkAuthentication(settings), logger);
  const sender = new TeamsSender(adapter, settings.authenticated ? settings.appId : '', ctx.app.defaultLanguage);
  const handler = teamsActivityHandler({
    turns: ctx.turns,
    store: ctx.store,
    templates: ctx.templates,
    sender,
    background: ctx.background,
    logger,
    defaultLanguage: ctx.app.defaultLanguage,
    replyBudgetMs: settings.replyBudgetMs,
  });
  const router = express.Router();
  // Activities are small; Teams' own limit for a message is about 28 KB.
  router.post(teamsMessagesPath, jsonBody({ limit: '256kb' }), (req, res) => adapter.handle(req, res, handler));
  if (settings.authenticated) {
    logger.info({ path: teamsMessagesPath, appType: settings.appType, tenantId: settings.tenantId }, 'teams adapter on');
  } else {
    logger.warn(
      { path: teamsMessagesPath },
      'teams adapter on WITHOUT authentication (TEAMS_ALLOW_UNAUTHENTICATED): anyone who can reach it can post as a customer; use only with the Bot Framework Emulator',
    );
  }
  return { routes: [router], senders: [sender] };
}
