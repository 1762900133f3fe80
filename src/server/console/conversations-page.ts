import type { Conversation, ConversationState, StoredMessage } from '../../domain/types.js';
import type { ConversationListItem, Escalation } from '../../store/types.js';
import { polarityBar } from './charts.js';
import { formatDuration, formatTime, html, truncate, type SafeHtml } from './html.js';

export interface ConversationQuery {
  q: string;
  channel: string;
  state: ConversationState | '';
  page: number;
}

const states: Array<ConversationState | ''> = ['', 'bot', 'escalated', 'human', 'resolved'];

export function conversationListBody(query: ConversationQuery, items: ConversationListItem[], hasMore: boolean, channels: string[]): SafeHtml {
  const link = (page: number) => `/admin/conversations?${new URLSearchParams({ q: query.q, channel: query.channel, state: query.state, page: String(page) })}`;
  const option = (value: string, label: string, current: string) => html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<section class="card">
<form class="inline" method="get" action="/admin/conversations" role="search">
  <label>Words in a message, a conversation key or a user id <input type="search" name="q" value="${query.q}"></label>
  <label>Channel <input type="text" name="channel" value="${query.channel}" list="channel-names" placeholder="all" size="10"></label>
  <datalist id="channel-names">${channels.map((c) => html`<option value="${c}">`)}</datalist>
  <label>State <select name="state">${states.map((s) => option(s, s || 'all', query.state))}</select></label>
  <button class="primary" type="submit">Search</button>
</form></section>
<section class="card">
<table id="conversations"><thead><tr><th>Last activity</th><th>Channel</th><th>Conversation</th><th>State</th><th>Language</th><th class="num">Messages</th><th class="num">Escalations</th><th>Last message</th></tr></thead>
<tbody>${items.map(
    ({ conversation: c, messages, escalations, lastMessage }) => html`<tr>
<td class="small">${formatTime(c.updatedAt)}</td><td>${c.channel}</td>
<td><a href="/admin/conversations/${encodeURIComponent(c.id)}">${truncate(c.conversationKey, 28)}</a><div class="small muted">${truncate(c.userId, 28)}</div></td>
<td><span class="badge ${c.state}">${c.state}</span></td><td>${c.language ?? ''}</td><td class="num">${messages}</td><td class="num">${escalations}</td>
<td class="small">${lastMessage ? html`<span class="muted">${lastMessage.author}:</span> ${truncate(lastMessage.text, 90)}` : ''}</td></tr>`,
  )}</tbody></table>
${items.length === 0 ? html`<p class="muted">No conversations match.</p>` : ''}
<div class="pager">${query.page > 1 ? html`<a href="${link(query.page - 1)}">← Newer</a>` : html`<span></span>`}${hasMore ? html`<a href="${link(query.page + 1)}">Older →</a>` : ''}</div>
</section>`;
}

function reasonsOf(message: StoredMessage): string[] {
  const reasons = message.meta?.escalationReasons;
  return Array.isArray(reasons) ? reasons.map(String) : [];
}

function citationsOf(message: StoredMessage): Array<{ source: string; section?: string }> {
  const citations = message.meta?.citations;
  return Array.isArray(citations) ? (citations as Array<{ source: string; section?: string }>) : [];
}

function messageRow(message: StoredMessage): SafeHtml {
  const notice = message.meta?.kind === 'handoff_notice';
  const kind = notice ? 'system' : message.author;
  const who = message.author === 'staff' && typeof message.meta?.staffName === 'string' ? `staff · ${message.meta.staffName}` : notice ? 'notice' : message.author;
  const sentiment = message.sentiment;
  const details: SafeHtml[] = [];
  if (message.direction === 'in') {
    if (sentiment)
      details.push(
        html`<div>${polarityBar(sentiment.polarity)}<span class="badge ${sentiment.label}">${sentiment.label}</span> <span class="small muted">${sentiment.polarity.toFixed(2)} · ${sentiment.model}</span></div>`,
      );
    if (message.intent) details.push(html`<div class="small">intent: ${message.intent}</div>`);
    const reasons = reasonsOf(message);
    if (reasons.length) details.push(html`<div>${reasons.map((r) => html`<span class="reason">${r}</span>`)}</div>`);
  } else {
    if (typeof message.meta?.replyKind === 'string') details.push(html`<div class="small muted">${message.meta.replyKind}</div>`);
    const citations = citationsOf(message);
    if (citations.length) details.push(html`<div class="small">cites ${citations.map((c, i) => html`${i ? '; ' : ''}${c.source}${c.section ? ` › ${c.section}` : ''}`)}</div>`);
  }
  return html`<tr class="${kind}" data-message-id="${message.id}"><td class="small">${formatTime(message.createdAt)}</td><td>${who}</td><td class="text">${message.text}</td><td>${details}</td></tr>`;
}

function escalationRow(escalation: Escalation): SafeHtml {
  const end = escalation.closedAt ?? new Date();
  return html`<tr><td class="small">${formatTime(escalation.createdAt)}</td><td><span class="badge ${escalation.status}">${escalation.status}</span></td>
<td>${escalation.reasons.map((r) => html`<span class="reason">${r}</span>`)}<div class="small muted">${escalation.evidence.join(' · ')}</div></td>
<td>${escalation.assigneeName ?? escalation.assignee ?? html`<span class="muted">nobody yet</span>`}${escalation.takenAt ? html`<div class="small muted">took it after ${formatDuration(escalation.takenAt.getTime() - escalation.createdAt.getTime())}</div>` : ''}</td>
<td class="small">${escalation.closedAt ? html`${escalation.status === 'resolved' ? 'resolved' : 'handed back'} by ${escalation.closedByName ?? escalation.closedBy} after ${formatDuration(end.getTime() - escalation.createdAt.getTime())}` : html`open for ${formatDuration(end.getTime() - escalation.createdAt.getTime())}`}</td>
<td class="num">${escalation.rating ?? ''}</td></tr>`;
}

export function transcriptBody(conversation: Conversation, messages: StoredMessage[], escalations: Escalation[], truncated: boolean): SafeHtml {
  return html`<section class="card"><div class="tiles">
  <div class="tile"><div class="value">${conversation.channel}</div><div class="label">channel</div></div>
  <div class="tile"><div class="value"><span class="badge ${conversation.state}">${conversation.state}</span></div><div class="label">state</div></div>
  <div class="tile"><div class="value">${conversation.language ?? '–'}</div><div class="label">language</div></div>
  <div class="tile"><div class="value">${messages.filter((m) => m.direction === 'in').length}</div><div class="label">customer messages</div></div>
</div>
<p class="small muted">Key ${conversation.conversationKey} · user ${conversation.userId} · started ${formatTime(conversation.createdAt)} · last activity ${formatTime(conversation.updatedAt)}</p></section>
${escalations.length ? html`<section class="card"><h2>Escalations</h2><table><thead><tr><th>Opened</th><th>State</th><th>Reasons and evidence</th><th>Taken by</th><th>Outcome</th><th class="num">Rating</th></tr></thead><tbody>${escalations.map(escalationRow)}</tbody></table></section>` : ''}
<section class="card"><h2>Transcript</h2>${truncated ? html`<p class="small muted">Showing the latest ${messages.length} messages.</p>` : ''}
<table class="transcript" id="transcript"><thead><tr><th>Time</th><th>Who</th><th>Message</th><th>Sentiment, intent, escalation · reply kind, sources</th></tr></thead>
<tbody>${messages.map(messageRow)}</tbody></table></section>`;
}

export function escalationQueueBody(
  status: string,
  counts: Record<string, number>,
  rows: Array<{ escalation: Escalation; conversation: Conversation | null }>,
  now: Date,
): SafeHtml {
  const tabs: Array<[string, string]> = [
    ['active', 'Waiting or with staff'],
    ['open', 'Waiting'],
    ['taken', 'With staff'],
    ['resolved', 'Resolved'],
    ['handed_back', 'Handed back'],
    ['all', 'All'],
  ];
  return html`<nav class="tabs" aria-label="Escalation state">${tabs.map(
    ([id, label]) =>
      html`<a href="/admin/escalations?status=${id}"${id === status ? html` aria-current="page"` : ''}>${label}${counts[id] !== undefined ? ` (${counts[id]})` : ''}</a>`,
  )}</nav>
<section class="card"><table id="escalations"><thead><tr><th>Opened</th><th>State</th><th>Waiting / open</th><th>Customer</th><th>Reasons</th><th>Staff</th><th class="num">Reminders</th><th class="num">Rating</th></tr></thead>
<tbody>${rows.map(({ escalation: e, conversation: c }) => {
    const waitedUntil = e.takenAt ?? e.closedAt ?? now;
    return html`<tr data-escalation="${e.id}"><td class="small">${formatTime(e.createdAt)}</td><td><span class="badge ${e.status}">${e.status}</span></td>
<td class="small">${e.status === 'open' ? html`<strong>waiting ${formatDuration(now.getTime() - e.createdAt.getTime())}</strong>` : html`waited ${formatDuration(waitedUntil.getTime() - e.createdAt.getTime())}`}</td>
<td>${c ? html`<a href="/admin/conversations/${encodeURIComponent(c.id)}">${c.channel} · ${truncate(c.conversationKey, 22)}</a>` : e.conversationId}<div class="small"><a href="/admin/inbox/${encodeURIComponent(e.id)}">open in inbox</a></div></td>
<td>${e.reasons.map((r) => html`<span class="reason">${r}</span>`)}${e.evidence.length ? html`<details><summary class="small">evidence</summary><div class="small">${e.evidence.join(' · ')}</div></details>` : ''}</td>
<td>${e.assigneeName ?? ''}${e.closedByName && e.closedByName !== e.assigneeName ? html`<div class="small muted">closed by ${e.closedByName}</div>` : ''}</td>
<td class="num">${e.remindersSent}</td><td class="num">${e.rating ?? ''}</td></tr>`;
  })}</tbody></table>
${rows.length === 0 ? html`<p class="muted">None.</p>` : ''}</section>`;
}
