import { randomUUID } from 'node:crypto';
import type { Conversation, EscalationReason, StoredMessage } from '../../domain/types.js';
import type { EscalationCard } from '../../handoff/staff-desk.js';
import type { Escalation, StaffNote } from '../../store/types.js';
import { polarityBar } from './charts.js';
import { formatDuration, formatTime, html, truncate, type SafeHtml } from './html.js';

const reasonNames: Record<EscalationReason, string> = {
  human_requested: 'Asked for a person',
  anger: 'Angry',
  frustration_trend: 'Getting more frustrated',
  threat: 'Threat (legal, public, chargeback)',
  high_risk_topic: 'High-risk topic (safety, fraud)',
  repeated_question: 'Asked the same again',
  unanswered: 'The bot could not answer',
  unsupported_commitment: 'The answer promised more than the policy',
  repeated_contact: 'Says they have contacted us before',
  broken_promise: 'A promise to them was broken',
  no_response: 'Says nobody answers them',
  fraud_accusation: 'Accuses the shop of cheating',
  compensation_demand: 'Demands compensation',
};

export interface QueueRow {
  escalation: Escalation;
  conversation: Conversation | null;
}

/** The live queue: waiting first (longest wait first), then with staff, then recently closed. */
export function queueFragment(rows: QueueRow[], now: Date, viewerId: string): SafeHtml {
  const row = ({ escalation: e, conversation: c }: QueueRow) => {
    const waiting = e.status === 'open';
    const mine = e.assignee === viewerId;
    return html`<tr data-escalation="${e.id}" class="${e.status}">
<td><a href="/admin/inbox/${encodeURIComponent(e.id)}">${c ? `${c.channel} · ${truncate(c.conversationKey, 24)}` : e.conversationId}</a></td>
<td><span class="badge ${e.status}">${e.status}</span></td>
<td class="small">${waiting ? html`<strong>waiting ${formatDuration(now.getTime() - e.createdAt.getTime())}</strong>` : formatTime(e.takenAt ?? e.closedAt ?? e.createdAt)}</td>
<td>${e.reasons.map((r) => html`<span class="reason">${reasonNames[r] ?? r}</span>`)}</td>
<td class="assignee">${e.assigneeName ? html`${e.assigneeName}${mine ? html` <span class="small muted">(you)</span>` : ''}` : html`<span class="muted">nobody yet</span>`}</td>
<td class="num">${e.rating ?? ''}</td></tr>`;
  };
  return html`<table id="inbox-queue"><thead><tr><th>Customer</th><th>State</th><th>Waiting / since</th><th>Why</th><th>Staff</th><th class="num">Rating</th></tr></thead>
<tbody>${rows.map(row)}</tbody></table>${rows.length === 0 ? html`<p class="muted" id="inbox-empty">Nobody is waiting.</p>` : ''}`;
}

export function queueBody(rows: QueueRow[], now: Date, viewerId: string): SafeHtml {
  return html`<section class="card"><p class="small muted">Updates by itself: new escalations and changes made here or in Slack appear without reloading.</p>
<div data-live="/admin/inbox/live/queue" id="inbox-live">${queueFragment(rows, now, viewerId)}</div></section>`;
}

type Line = { at: Date; row: SafeHtml };

function messageLine(message: StoredMessage): Line {
  const notice = message.meta?.kind === 'handoff_notice';
  const who = message.author === 'staff' && typeof message.meta?.staffName === 'string' ? `${message.meta.staffName} (staff)` : notice ? 'notice' : message.author;
  const details: SafeHtml[] = [];
  if (message.direction === 'in' && message.sentiment) {
    details.push(html`${polarityBar(message.sentiment.polarity)}<span class="badge ${message.sentiment.label}">${message.sentiment.label}</span>`);
    if (message.intent) details.push(html` <span class="small">intent: ${message.intent}</span>`);
  }
  return {
    at: message.createdAt,
    row: html`<li class="msg ${notice ? 'system' : message.author}" data-message-id="${message.id}"><div class="meta small"><strong>${who}</strong> · ${formatTime(message.createdAt)} ${details}</div><div class="text">${message.text}</div></li>`,
  };
}

function noteLine(note: StaffNote): Line {
  return {
    at: note.createdAt,
    row: html`<li class="msg note"><div class="meta small"><strong>${note.author.name}</strong> · internal note · ${formatTime(note.createdAt)}</div><div class="text">${note.text}</div></li>`,
  };
}

export interface ConversationView {
  card: EscalationCard;
  escalation: Escalation;
  conversation: Conversation;
  messages: StoredMessage[];
  notes: StaffNote[];
  intent: string | null;
  viewerId: string;
  csrf: string;
}

/** Who has it, and the buttons the viewer may press now. */
export function actionsFragment(view: ConversationView): SafeHtml {
  const { escalation: e, csrf, viewerId } = view;
  const button = (action: string, label: string, primary = false) =>
    html`<form method="post" action="/admin/inbox/${encodeURIComponent(e.id)}/${action}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit"${primary ? html` class="primary"` : ''}>${label}</button></form>`;
  let state: SafeHtml;
  if (e.status === 'open')
    state = html`<p data-testid="handoff-state"><strong>Waiting</strong> for ${formatDuration(Date.now() - e.createdAt.getTime())}: nobody has taken it yet.</p>`;
  else if (e.status === 'taken')
    state = html`<p data-testid="handoff-state"><strong>${e.assigneeName ?? e.assignee}</strong> ${e.assignee === viewerId ? '(you) ' : ''}took this over at ${formatTime(e.takenAt)}.</p>`;
  else
    state = html`<p data-testid="handoff-state">${e.status === 'resolved' ? 'Resolved' : 'Handed back to the bot'} by <strong>${e.closedByName ?? e.closedBy}</strong> at ${formatTime(e.closedAt)}.${e.rating !== null ? html` Customer rating: <strong data-testid="rating">${e.rating}/5</strong>.` : e.ratingRequestedAt ? ' A rating was asked for.' : ''}</p>`;
  const buttons: SafeHtml[] = [];
  if (e.status === 'open') buttons.push(button('take', 'Take over', true));
  if (e.status === 'open' || (e.status === 'taken' && e.assignee === viewerId)) buttons.push(button('resolve', 'Resolve'), button('hand-back', 'Hand back to the bot'));
  return html`${state}<div class="actions">${buttons}</div>`;
}

export function detailsFragment(view: ConversationView): SafeHtml {
  const { card, intent } = view;
  const trend = card.sentiment.points.map((p) => p.polarity.toFixed(2)).join(' → ');
  return html`<dl class="facts">
<dt>Customer</dt><dd>${card.customer.channel} · ${card.customer.conversationKey} · ${card.customer.userId}</dd>
<dt>Language</dt><dd>${card.language ?? '–'}</dd>
<dt>Sentiment</dt><dd data-testid="sentiment">${card.sentiment.points.at(-1)?.label ?? '–'} (${card.sentiment.direction}${trend ? `: ${trend}` : ''})</dd>
<dt>Intent</dt><dd data-testid="intent">${intent ?? '–'}</dd>
<dt>Escalated because</dt><dd><ul class="reasons">${card.reasons.map(
    (r) => html`<li><span class="reason">${reasonNames[r.reason] ?? r.reason}</span>${r.evidence ? html` <span class="evidence small">${r.evidence}</span>` : ''}</li>`,
  )}</ul></dd>
<dt>Cited passages</dt><dd>${card.citations.length ? html`<ul class="citations">${card.citations.map((c) => html`<li>${c.source}${c.section ? ` § ${c.section}` : ''}</li>`)}</ul>` : html`<span class="muted">none</span>`}</dd>
</dl>`;
}

export function transcriptFragment(view: ConversationView): SafeHtml {
  const lines = [...view.messages.map(messageLine), ...view.notes.map(noteLine)].sort((a, b) => a.at.getTime() - b.at.getTime());
  return html`<ol class="chat" id="inbox-transcript">${lines.map((l) => l.row)}</ol>`;
}

export function conversationBody(view: ConversationView): SafeHtml {
  const id = encodeURIComponent(view.escalation.id);
  const active = view.escalation.status === 'open' || view.escalation.status === 'taken';
  return html`<p><a href="/admin/inbox">← Inbox</a> · <a href="/admin/conversations/${encodeURIComponent(view.conversation.id)}">Full conversation record</a></p>
<div class="inbox-grid">
<section class="card"><h2>Conversation</h2><div data-live="/admin/inbox/${id}/live/transcript">${transcriptFragment(view)}</div>
${
  active
    ? html`<form method="post" action="/admin/inbox/${id}/reply" class="compose"><input type="hidden" name="_csrf" value="${view.csrf}"><input type="hidden" name="reply_id" value="${randomUUID()}">
<label>Reply to the customer <textarea name="text" rows="3" maxlength="4000" required></textarea></label>
<button class="primary" type="submit">Send to customer</button></form>
<form method="post" action="/admin/inbox/${id}/note" class="compose"><input type="hidden" name="_csrf" value="${view.csrf}">
<label>Internal note (staff only) <textarea name="text" rows="2" maxlength="4000" required></textarea></label>
<button type="submit">Save note</button></form>`
    : ''
}
</section>
<aside class="card"><h2>Hand-over</h2><div data-live="/admin/inbox/${id}/live/actions">${actionsFragment(view)}</div>
<div data-live="/admin/inbox/${id}/live/details">${detailsFragment(view)}</div></aside>
</div>`;
}
