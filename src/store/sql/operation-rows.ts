import type { Language } from '../../domain/types.js';
import { randomUUID } from 'node:crypto';
import type { Delivery, DeliveryStatus, KbMiss, KbMissKind, OrderAction, OrderActionKind, OrderActionRepository, OrderActionStatus } from '../types.js';

// Rows of the tables the bot works through (deliveries, order actions, knowledge-base misses) as
// both stores read them, and the statements that are the same text in SQLite and Postgres.

export interface DeliveryRow {
  channel: string;
  message_id: string;
  status: string;
  payload: string | null;
  requests: number;
  last_error: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

export const toDelivery = (row: DeliveryRow): Delivery => ({
  channel: row.channel,
  messageId: row.message_id,
  status: row.status as DeliveryStatus,
  payload: row.payload,
  requests: row.requests,
  lastError: row.last_error,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/** Opens a delivery slot, or counts one more request for it; `inserted` says which. */
export const openDeliverySql = `
  INSERT INTO deliveries AS d (channel, message_id, status, requests, created_at, updated_at)
  VALUES (@channel, @messageId, 'pending', 1, @now, @now)
  ON CONFLICT (channel, message_id) DO UPDATE SET requests = d.requests + 1, updated_at = excluded.updated_at
  RETURNING *, requests = 1 AS inserted`;

export const unsentDeliveriesSql = `
  SELECT * FROM deliveries WHERE status IN ('deferred', 'sending') AND (lease_until IS NULL OR lease_until < ?)
  ORDER BY created_at LIMIT ?`;

export interface OrderActionRow {
  id: string;
  conversation_id: string;
  order_id: string;
  kind: string;
  status: string;
  description: string;
  params: string;
  result: string | null;
  decided_by: string | null;
  created_at: number;
  updated_at: number;
}

export const toOrderAction = (row: OrderActionRow): OrderAction => ({
  id: row.id,
  conversationId: row.conversation_id,
  orderId: row.order_id,
  kind: row.kind as OrderActionKind,
  status: row.status as OrderActionStatus,
  description: row.description,
  params: JSON.parse(row.params) as Record<string, unknown>,
  result: row.result === null ? null : (JSON.parse(row.result) as Record<string, unknown>),
  decidedBy: row.decided_by,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

export const insertOrderActionSql = `
  INSERT INTO order_actions (id, conversation_id, order_id, kind, status, description, params, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`;

export function insertOrderActionParams(input: Parameters<OrderActionRepository['create']>[0], now = Date.now()): unknown[] {
  return [randomUUID(), input.conversationId, input.orderId, input.kind, input.status, input.description, JSON.stringify(input.params), now, now];
}

/** One conditional UPDATE: of processes approving the same action at once, one moves it. */
export const transitionOrderActionSql = `
  UPDATE order_actions SET status = ?, result = COALESCE(?, result), decided_by = COALESCE(?, decided_by), updated_at = ?
  WHERE id = ? AND status = ?`;

export const transitionOrderActionParams = (id: string, from: OrderActionStatus, to: OrderActionStatus, update: { result?: Record<string, unknown>; decidedBy?: string }) => [
  to,
  update.result ? JSON.stringify(update.result) : null,
  update.decidedBy ?? null,
  Date.now(),
  id,
  from,
];

export interface KbMissRow {
  id: number;
  conversation_id: string;
  question: string;
  language: string;
  kind: string;
  intent: string | null;
  created_at: number;
  resolved_at: number | null;
  resolution: string | null;
}

export const toMiss = (row: KbMissRow): KbMiss => ({
  id: row.id,
  conversationId: row.conversation_id,
  question: row.question,
  language: row.language as Language,
  kind: row.kind as KbMissKind,
  intent: row.intent,
  createdAt: new Date(row.created_at),
  resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
  resolution: row.resolution,
});

export const openMissesSql = 'SELECT * FROM kb_misses WHERE resolved_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?';

const normalise = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The open misses asking `question`. The list is bounded by what admins have not dealt with
 * yet; comparing in JS keeps NFKC folding exact.
 */
export function sameQuestion(open: KbMiss[], question: string): KbMiss[] {
  const wanted = normalise(question);
  return open.filter((miss) => normalise(miss.question) === wanted);
}
