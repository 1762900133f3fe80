import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { buildEscalationCard } from '../../handoff/escalation-card.js';
import { EscalationNotFoundError } from '../../handoff/errors.js';
import type { Runtime } from '../../runtime.js';
import type { Escalation } from '../../store/types.js';
import { sessionOf, staffOf, viewerOf } from './console-auth.js';
import { setFlash, takeFlash } from './flash.js';
import { formatTime, html } from './html.js';
import { actionsFragment, conversationBody, detailsFragment, queueBody, queueFragment, transcriptFragment, type ConversationView, type QueueRow } from './inbox-page.js';
import { consolePage, type Notice } from './layout.js';
import { StaffStateFeed } from './staff-state-feed.js';

const transcriptLimit = 500;
const recentlyClosed = 10;
const heartbeatMs = 20_000;
/** Open live views per sign-in (tabs); more is a leak or a loop, not a colleague at work. */
const maxStreamsPerSession = 12;
function openEventStream(res: Response): void {
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
}

function sendEvent(res: Response, event: string, data: unknown): void {
  if (!res.writableEnded && !res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const textField = z.object({ text: z.string().trim().min(1, 'write something first').max(4000, 'at most 4000 characters') });

/**
 * The staff inbox: the live queue, a conversation with everything staff need, and the
 * actions. It works on the same handoff state and claims as the Slack desk, so an action in
 * one shows in the other and a conversation cannot be taken twice.
 */
export function inboxConsoleRoutes(router: Router, runtime: Runtime, guard: { session: RequestHandler; csrf: RequestHandler }): void {
  const { store, handoff, logger } = runtime;
  const feed = new StaffStateFeed(store, runtime.config.CONSOLE_LIVE_POLL_MS, logger);
  const open = new Set<() => void>();
  const hooked = new WeakSet<object>();
  const form = express.urlencoded({ extended: false, limit: '32kb' });

  async function queueRows(): Promise<QueueRow[]> {
    const waiting = (await store.escalations.listByStatus('open', 200)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const taken = await store.escalations.listByStatus('taken', 200);
    const closed = await store.escalations.listRecent(['resolved', 'handed_back'], recentlyClosed);
    return Promise.all([...waiting, ...taken, ...closed].map(async (escalation) => ({ escalation, conversation: await store.conversations.get(escalation.conversationId) })));
  }

  async function view(escalationId: string, res: Response): Promise<ConversationView | null> {
    try {
      const { card, escalation } = await buildEscalationCard(store, escalationId, runtime.config.HANDOFF_TRANSCRIPT_MESSAGES);
      const conversation = (await store.conversations.get(escalation.conversationId))!;
      const messages = await store.messages.recent(conversation.id, transcriptLimit);
      const notes = await store.staffNotes.listForConversation(conversation.id);
      const intent = [...messages].reverse().find((m) => m.direction === 'in' && m.intent)?.intent ?? null;
      return { card, escalation, conversation, messages, notes, intent, viewerId: staffOf(res).member.id, csrf: sessionOf(res).csrf };
    } catch (error) {
      if (error instanceof EscalationNotFoundError) return null;
      throw error;
    }
  }

  const idOf = (req: Request) => String((req.params as { id: string }).id);

  router.get('/admin/inbox', guard.session, async (req, res) => {
    const body = queueBody(await queueRows(), new Date(), staffOf(res).member.id);
    res.type('html').send(consolePage({ title: 'Inbox', section: 'inbox', csrf: sessionOf(res).csrf, viewer: viewerOf(res), body, notice: takeFlash(req, res), live: true }));
  });

  router.get('/admin/inbox/live/queue', guard.session, async (_req, res) => {
    res.type('html').send(queueFragment(await queueRows(), new Date(), staffOf(res).member.id).value);
  });

  const streamsPerSession = new Map<string, number>();
  router.get('/admin/inbox/events', guard.session, (req, res) => {
    const sessionId = (res.locals as { sessionId: string }).sessionId;
    const streams = streamsPerSession.get(sessionId) ?? 0;
    if (streams >= maxStreamsPerSession) {
      res.status(429).type('text').send(`At most ${maxStreamsPerSession} live console views per sign-in: close some tabs.`);
      return;
    }
    streamsPerSession.set(sessionId, streams + 1);
    openEventStream(res);
    if (!hooked.has(req.app)) {
      hooked.add(req.app);
      req.app.once('shutdown', () => [...open].forEach((end) => end()));
    }
    const unsubscribe = feed.subscribe((version) => sendEvent(res, 'change', { version }));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const left = (streamsPerSession.get(sessionId) ?? 1) - 1;
      if (left > 0) streamsPerSession.set(sessionId, left);
      else streamsPerSession.delete(sessionId);
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    res.on('close', end);
    sendEvent(res, 'ready', {});
  });

  router.get('/admin/inbox/:id', guard.session, async (req, res) => {
    const found = await view(idOf(req), res);
    if (!found) {
      res
        .status(404)
        .type('html')
        .send(
          consolePage({
            title: 'Not found',
            section: 'inbox',
            csrf: sessionOf(res).csrf,
            viewer: viewerOf(res),
            body: html`<p class="card">No escalation has the id ${idOf(req)}. <a href="/admin/inbox">Inbox</a></p>`,
          }),
        );
      return;
    }
    const title = `${found.conversation.channel} · ${found.conversation.conversationKey.slice(0, 40)}`;
    res
      .type('html')
      .send(consolePage({ title, section: 'inbox', csrf: sessionOf(res).csrf, viewer: viewerOf(res), body: conversationBody(found), notice: takeFlash(req, res), live: true }));
  });

  const fragments = { transcript: transcriptFragment, actions: actionsFragment, details: detailsFragment } as const;
  router.get('/admin/inbox/:id/live/:part', guard.session, async (req, res) => {
    const part = (req.params as { part: string }).part;
    const render = Object.hasOwn(fragments, part) ? fragments[part as keyof typeof fragments] : null;
    const found = render ? await view(idOf(req), res) : null;
    if (!render || !found) return void res.status(404).type('text').send('No such escalation or part.');
    res.type('html').send(render(found).value);
  });

  const back = (req: Request, res: Response, notice: Notice) => {
    setFlash(req, res, notice);
    res.redirect(303, `/admin/inbox/${encodeURIComponent(idOf(req))}`);
  };
  const closedText = (e: Escalation) =>
    `Nothing changed: this was already ${e.status === 'resolved' ? 'resolved' : 'handed back to the bot'}${e.closedByName ? ` by ${e.closedByName}` : ''}${e.closedAt ? ` at ${formatTime(e.closedAt)}` : ''}.`;
  const takenText = (e: Escalation, viewerId: string) =>
    e.assignee === viewerId
      ? 'You already have this conversation.'
      : `${e.assigneeName ?? e.assignee} took this over${e.takenAt ? ` at ${formatTime(e.takenAt)}` : ''}: it is theirs now.`;

  /** Runs a staff action; an escalation that does not exist is a 404, not a 500. */
  const act =
    (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (error) {
        if (!(error instanceof EscalationNotFoundError)) throw error;
        res
          .status(404)
          .type('text')
          .send(`No escalation has the id ${idOf(req)}.`);
      }
    };

  const actions = { take: 'take_over', resolve: 'resolve', 'hand-back': 'hand_back' } as const;
  for (const [path, action] of Object.entries(actions)) {
    router.post(
      `/admin/inbox/:id/${path}`,
      guard.session,
      form,
      guard.csrf,
      act(async (req, res) => {
        const staff = staffOf(res).member;
        const current = await store.escalations.get(idOf(req));
        // Only the colleague who has it closes it; anyone may close one nobody took.
        if (current && action !== 'take_over' && current.status === 'taken' && current.assignee !== staff.id) {
          return back(req, res, { kind: 'error', text: `${current.assigneeName ?? current.assignee} has this conversation: only they can close it.` });
        }
        const result = await handoff.act(action, idOf(req), staff);
        if (result.kind === 'done') {
          const done = {
            take_over: 'You have taken this over; the customer was told.',
            resolve: 'Resolved; the customer was told.',
            hand_back: 'Handed back to the bot; the customer was told.',
          }[action];
          return back(req, res, { kind: 'ok', text: done });
        }
        back(req, res, { kind: 'error', text: result.kind === 'already_taken' ? takenText(result.escalation, staff.id) : closedText(result.escalation) });
      }),
    );
  }

  router.post(
    '/admin/inbox/:id/reply',
    guard.session,
    form,
    guard.csrf,
    act(async (req, res) => {
      const parsed = textField.safeParse(req.body ?? {});
      if (!parsed.success) return back(req, res, { kind: 'error', text: `Not sent: ${parsed.error.issues[0]!.message}.` });
      const staff = staffOf(res).member;
      const nonce = (req.body as Record<string, unknown>).reply_id;
      const replyId = typeof nonce === 'string' && /^[0-9a-f-]{36}$/.test(nonce) ? nonce : undefined;
      const result = await handoff.replyFromConsole(idOf(req), staff, parsed.data.text, { replyId });
      switch (result.kind) {
        case 'delivered':
          return back(req, res, { kind: 'ok', text: result.tookOver ? 'Sent; you have taken this over.' : 'Sent to the customer.' });
        case 'failed':
          return back(req, res, { kind: 'error', text: `Stored, but not delivered to the customer: ${result.error}` });
        case 'not_yours':
          return back(req, res, { kind: 'error', text: `Not sent: ${takenText(result.escalation, staff.id)}` });
        case 'duplicate':
          return back(req, res, { kind: 'ok', text: 'Already sent (the form was submitted twice).' });
        case 'closed':
          return back(req, res, { kind: 'error', text: `Not sent: this conversation is closed and the customer is with the bot again.` });
        default:
          return back(req, res, { kind: 'error', text: 'Not sent.' });
      }
    }),
  );

  router.post(
    '/admin/inbox/:id/note',
    guard.session,
    form,
    guard.csrf,
    act(async (req, res) => {
      const parsed = textField.safeParse(req.body ?? {});
      if (!parsed.success) return back(req, res, { kind: 'error', text: `Not saved: ${parsed.error.issues[0]!.message}.` });
      const staff = staffOf(res).member;
      await handoff.addNote(idOf(req), staff, parsed.data.text);
      back(req, res, { kind: 'ok', text: 'Note saved (staff only).' });
    }),
  );
}
