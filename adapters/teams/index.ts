import express, { type Router } from 'express';
import type { Runtime } from '../../src/runtime.js';
import { jsonBody } from '../../src/server/body-depth.js';
import { teamsActivityHandler } from './activity-handler.js';
import { botFrameworkAuthentication } from './bot-authentication.js';
import { TeamsHttpAdapter } from './http-adapter.js';
import { teamsSettingsOf } from './settings.js';
import { TeamsSender } from './teams-sender.js';

export const teamsMessagesPath = '/api/messages';

/**
 * Microsoft Teams through the Bot Framework: the messaging endpoint `POST /api/messages`
 * (the Azure Bot resource's "Messaging endpoint"), and a sender that reaches Teams
 * customers proactively for staff replies and late answers. Off without settings.
 */
export function teamsChannel(runtime: Runtime): Router[] {
  const logger = runtime.logger.child({ channel: 'teams' });
  const settings = teamsSettingsOf(runtime.config);
  if (!settings) {
    logger.info('teams adapter off: TEAMS_APP_ID is not set');
    return [];
  }
  const adapter = new TeamsHttpAdapter(botFrameworkAuthentication(settings), logger);
  const sender = new TeamsSender(adapter, settings.authenticated ? settings.appId : '', runtime.config.DEFAULT_LANGUAGE);
  runtime.channels.register(sender);
  const handler = teamsActivityHandler({
    engine: runtime.engine,
    store: runtime.store,
    templates: runtime.templates,
    sender,
    background: runtime.background,
    logger,
    defaultLanguage: runtime.config.DEFAULT_LANGUAGE,
    replyBudgetMs: settings.replyBudgetMs,
  });
  const router = express.Router();
  // Activities are small; Teams' own limit for a message is about 28 KB.
  router.post(teamsMessagesPath, jsonBody({ limit: '256kb' }), (req, res) => adapter.handle(req, res, handler));
  if (settings.authenticated) {
    logger.info({ path: teamsMessagesPath, appType: settings.appType, tenantId: settings.tenantId }, 'teams adapter on');
  } else {
    logger.warn({ path: teamsMessagesPath }, 'teams adapter on WITHOUT authentication (TEAMS_ALLOW_UNAUTHENTICATED): anyone who can reach it can post as a customer; use only with the Bot Framework Emulator');
  }
  return [router];
}
