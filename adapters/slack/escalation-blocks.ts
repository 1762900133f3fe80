import type { types } from '@slack/bolt';
import type { EscalationReason } from '../../src/domain/types.js';
import type { EscalationCard, TranscriptLine } from '../../src/handoff/staff-desk.js';
import { internalNoteMarker } from '../../src/handoff/relay.js';
import { escapeMrkdwn, truncate } from './slack-text.js';
import { mention } from './staff-member.js';

type Block = types.KnownBlock;

/** Action ids of the card's buttons; the value is the escalation id. */
export const actionIds = { take_over: 'handoff_take_over', resolve: 'handoff_resolve', hand_back: 'handoff_hand_back' } as const;
export const orderActionIds = { approve: 'order_action_approve', decline: 'order_action_decline' } as const;

export const reasonLabels: Record<EscalationReason, string> = {
  human_requested: 'Asked for a person',
  anger: 'Angry',
  frustration_trend: 'Getting more frustrated',
  threat: 'Threat (legal, public, chargeback)',
  high_risk_topic: 'High-risk topic',
  repeated_question: 'Repeated the question',
  unanswered: "The bot couldn't answer",
  unsupported_commitment: 'The bot nearly promised what the policy does not say',
  repeated_contact: 'Says they have contacted us before',
  broken_promise: 'A promise to them was broken',
  no_response: 'Says nobody answers them',
  fraud_accusation: 'Accuses the shop of cheating',
  compensation_demand: 'Demands compensation',
};

const languageNames: Record<string, string> = { en: 'English', zh: 'Chinese (中文)' };

/** Rendered by Slack in each viewer's own time zone. */
export function slackTime(at: Date, format = '{date_short_pretty} {time}'): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${at.toISOString()}>`;
}

export function customerLabel(card: Pick<EscalationCard, 'customer'>): string {
  const { channel, userId, conversationKey } = card.customer;
  if (channel === 'slack') return `<@${userId}>`;
  const key = conversationKey === userId ? '' : ` · conversation \`${escapeMrkdwn(truncate(conversationKey, 60))}\``;
  return `\`${escapeMrkdwn(truncate(userId, 60))}\`${key}`;
}

function moodEmoji(polarity: number): string {
  if (polarity <= -0.6) return '😠';
  if (polarity <= -0.2) return '🙁';
  if (polarity < 0.2) return '😐';
  return '🙂';
}

export function sentimentLine(card: EscalationCard): string {
  const { points, direction } = card.sentiment;
  if (points.length === 0) return 'no data';
  const trail = points.map((p) => `${moodEmoji(p.polarity)} ${p.polarity >= 0 ? '+' : '−'}${Math.abs(p.polarity).toFixed(1)}`).join(' → ');
  return direction === 'unknown' ? trail : `${trail}  _(${direction})_`;
}

function statusLine(card: EscalationCard): string {
  switch (card.status) {
    case 'open':
      return `:hourglass_flowing_sand: *Waiting for someone* since ${slackTime(card.openedAt, '{time}')}${card.remindersSent ? ` · ${card.remindersSent} reminder(s) sent` : ''}`;
    case 'taken':
      return `:raising_hand: *Taken over by ${mention(card.assignee!)}* at ${slackTime(card.assignee!.at)}`;
    case 'resolved': {
      const rating = card.rating !== null ? ` · rated ${'★'.repeat(card.rating)}${'☆'.repeat(5 - card.rating)} (${card.rating}/5)` : card.ratingRequested ? ' · rating asked' : '';
      return `:white_check_mark: *Resolved by ${mention(card.closedBy!)}* at ${slackTime(card.closedBy!.at)}${rating}`;
    }
    case 'handed_back':
      return `:leftwards_arrow_with_hook: *Handed back to the bot by ${mention(card.closedBy!)}* at ${slackTime(card.closedBy!.at)}`;
  }
}

const headers: Record<EscalationCard['status'], string> = {
  open: '🚨 A customer needs a person',
  taken: '🧑‍💼 A customer is talking to staff',
  resolved: '✅ Resolved',
  handed_back: '↩️ Back with the bot',
};

function transcriptText(lines: readonly TranscriptLine[], earlier: number): string {
  const rendered = lines.map((line) => {
    const who = line.author === 'customer' ? '*Customer*' : line.author === 'bot' ? '*Bot*' : `*${escapeMrkdwn(line.name ?? 'Staff')}*`;
    return `${who} · ${slackTime(line.at, '{time}')}\n>${truncate(escapeMrkdwn(line.text), 400).replace(/\n/g, '\n>')}`;
  });
  // Newest lines matter most: drop from the top until it fits Slack's 3000-character section.
  while (rendered.length > 1 && rendered.join('\n').length > 2800) rendered.shift();
  const more = earlier > 0 ? `_${earlier} earlier customer message(s) not shown_\n` : '';
  return `${more}${rendered.join('\n')}` || '_no messages_';
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger', confirm?: { title: string; text: string; yes: string }): types.Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text, emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: confirm.title },
            text: { type: 'mrkdwn', text: confirm.text },
            confirm: { type: 'plain_text', text: confirm.yes },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        }
      : {}),
  };
}

function actions(card: EscalationCard): Block[] {
  if (card.status !== 'open' && card.status !== 'taken') return [];
  const id = card.escalationId;
  const elements: types.Button[] = [];
  if (card.status === 'open') elements.push(button('✋ Take over', actionIds.take_over, id, 'primary'));
  elements.push(
    button('✅ Resolve', actionIds.resolve, id, undefined, {
      title: 'Resolve this conversation?',
      text: 'The customer is told it is resolved; their next message goes to the bot.',
      yes: 'Resolve',
    }),
    button('↩️ Hand back to bot', actionIds.hand_back, id, undefined, {
      title: 'Hand back to the bot?',
      text: 'The bot answers the customer again from the next message on.',
      yes: 'Hand back',
    }),
  );
  return [{ type: 'actions', block_id: `handoff:${id}`, elements }];
}

/** The staff notification: who, where, why, what was said, and what to do. */
export function escalationBlocks(card: EscalationCard): Block[] {
  const reasons = card.reasons.map((r) => `• *${reasonLabels[r.reason] ?? r.reason}*${r.evidence ? ` — ${truncate(escapeMrkdwn(r.evidence), 200)}` : ''}`).join('\n');
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: headers[card.status], emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: statusLine(card) } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Customer*\n${customerLabel(card)}` },
        { type: 'mrkdwn', text: `*Channel*\n${escapeMrkdwn(card.customer.channel)}` },
        { type: 'mrkdwn', text: `*Language*\n${card.language ? (languageNames[card.language] ?? card.language) : 'unknown'}` },
        { type: 'mrkdwn', text: `*Sentiment*\n${sentimentLine(card)}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*Why it was escalated*\n${reasons || '_no reason recorded_'}` } },
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*Conversation*\n${transcriptText(card.transcript, card.earlierCustomerMessages)}` } },
  ];
  if (card.citations.length > 0) {
    const cited = card.citations
      .slice(0, 8)
      .map((c) => `\`${escapeMrkdwn(c.source)}\`${c.section ? ` › ${escapeMrkdwn(truncate(c.section, 80))}` : ''}`)
      .join(', ');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:page_facing_up: *Policy the bot cited:* ${cited}` }] });
  }
  for (const prepared of card.status === 'open' || card.status === 'taken' ? (card.preparedActions ?? []) : []) {
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: `*Prepared for your approval*\n${escapeMrkdwn(truncate(prepared.description, 300))}` } },
      {
        type: 'actions',
        block_id: `order-action:${prepared.id}`,
        elements: [
          button('✔️ Approve', orderActionIds.approve, prepared.id, 'primary', {
            title: 'Run this in the shop?',
            text: escapeMrkdwn(truncate(prepared.description, 300)),
            yes: 'Approve',
          }),
          button('✖️ Decline', orderActionIds.decline, prepared.id, 'danger'),
        ],
      },
    );
  }
  blocks.push(...actions(card));
  if (card.status === 'open' || card.status === 'taken') {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Reply in this thread to answer the customer on ${escapeMrkdwn(card.customer.channel)} (replying takes it over). Start a reply with \`${internalNoteMarker}\` for a note only staff see.`,
        },
      ],
    });
  }
  return blocks;
}

/** The notification text (push notifications, screen readers) that goes with the blocks. */
export function escalationFallback(card: EscalationCard): string {
  const reasons = card.reasons.map((r) => reasonLabels[r.reason] ?? r.reason).join(', ');
  return `${headers[card.status]} (${card.customer.channel}): ${reasons}`;
}
