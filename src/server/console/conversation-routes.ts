import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import type { Escalation, EscalationStatus } from '../../store/types.js';
import { sessionOf, viewerOf } from './console-auth.js';
import { conversationListBody, escalationQueueBody, transcriptBody } from './conversations-page.js';
import { html } from './html.js';
import { consolePage } from './layout.js';

const pageSize = 50;
/** Suggestions for the channel filter; any name can be typed. */
const knownChannels = ['widget', 'web', 'slack', 'wechat', 'wecom', 'teams', 'discord'];
const transcriptLimit = 1000;

const listQuery = z.object({
  q: z.string().trim().max(200).catch(''),
  channel: z.string().trim().max(64).catch(''),
  state: z.enum(['', 'bot', 'escalated', 'human', 'resolved']).catch(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const statusGroups: Record<string, EscalationStatus[]> = {
  active: ['open', 'taken'],
  open: ['open'],
  taken: ['taken'],
  resolved: ['resolved'],
  handed_back: ['handed_back'],
  all: ['open', 'taken', 'resolved', 'handed_back'],
};

/** Conversations (search, transcript) and the escalation queue. */
export function conversationConsoleRoutes(router: Router, runtime: Runtime, page: RequestHandler[]): void {
  const { store } = runtime;
  const send = (res: Parameters<RequestHandler>[1], title: string, section: 'conversations' | 'escalations', body: ReturnType<typeof transcriptBody>) =>
    res.type('html').send(consolePage({ title, section, csrf: sessionOf(res).csrf, viewer: viewerOf(res), body }));

  router.get('/admin/conversations', ...page, async (req, res) => {
    const query = listQuery.parse(req.query);
    const found = await store.conversations.search({
      text: query.q || undefined,
      channel: query.channel || undefined,
      state: query.state || undefined,
      limit: pageSize + 1,
      offset: (query.page - 1) * pageSize,
    });
    send(res, 'Conversations', 'conversations', conversationListBody(query, found.slice(0, pageSize), found.length > pageSize, knownChannels));
  });

  router.get('/admin/conversations/*rest', ...page, async (req, res) => {
    const id = (req.params as { rest: string[] }).rest.join('/');
    const conversation = await store.conversations.get(id);
    if (!conversation) {
      res.status(404);
      send(res, 'Conversation not found', 'conversations', html`<p class="card">No conversation has the id ${id}. <a href="/admin/conversations">All conversations</a></p>`);
      return;
    }
    const messages = await store.messages.recent(conversation.id, transcriptLimit);
    const escalations = await store.escalations.listForConversation(conversation.id);
    send(
      res,
      `Conversation ${conversation.conversationKey.slice(0, 40)}`,
      'conversations',
      transcriptBody(conversation, messages, escalations, messages.length === transcriptLimit),
    );
  });

  router.get('/admin/escalations', ...page, async (req, res) => {
    const status = typeof req.query.status === 'string' && statusGroups[req.query.status] ? req.query.status : 'active';
    const escalations: Escalation[] = await store.escalations.listRecent(statusGroups[status]!, 200);
    // Waiting ones first, longest wait first: the queue staff work from.
    if (status === 'active' || status === 'open')
      escalations.sort((a, b) => (a.status === b.status ? a.createdAt.getTime() - b.createdAt.getTime() : a.status === 'open' ? -1 : 1));
    const counts: Record<string, number> = {};
    for (const [name, statuses] of Object.entries(statusGroups)) if (name !== 'all') counts[name] = (await store.escalations.listRecent(statuses, 1000)).length;
    const rows = await Promise.all(escalations.map(async (escalation) => ({ escalation, conversation: await store.conversations.get(escalation.conversationId) })));
    send(res, 'Escalations', 'escalations', escalationQueueBody(status, counts, rows, new Date()));
  });
}
