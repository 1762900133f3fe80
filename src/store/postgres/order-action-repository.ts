import { randomUUID } from 'node:crypto';
import type { OrderAction, OrderActionKind, OrderActionRepository, OrderActionStatus } from '../types.js';
import type { PgDatabase } from './pg-database.js';

interface OrderActionRow {
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

const toOrderAction = (row: OrderActionRow): OrderAction => ({
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

export class PgOrderActionRepository implements OrderActionRepository {
  constructor(private readonly db: PgDatabase) {}

  async create(input: Parameters<OrderActionRepository['create']>[0]): Promise<OrderAction> {
    const now = Date.now();
    const row = await this.db.one<OrderActionRow>(
      `INSERT INTO order_actions (id, conversation_id, order_id, kind, status, description, params, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [randomUUID(), input.conversationId, input.orderId, input.kind, input.status, input.description, JSON.stringify(input.params), now, now],
    );
    return toOrderAction(row!);
  }

  async get(id: string): Promise<OrderAction | null> {
    const row = await this.db.one<OrderActionRow>('SELECT * FROM order_actions WHERE id = ?', [id]);
    return row ? toOrderAction(row) : null;
  }

  async listForConversation(conversationId: string, limit: number): Promise<OrderAction[]> {
    return (await this.db.all<OrderActionRow>('SELECT * FROM order_actions WHERE conversation_id = ? ORDER BY created_at DESC, seq DESC LIMIT ?', [conversationId, limit])).map(
      toOrderAction,
    );
  }

  deleteForConversations(conversationIds: readonly string[]): Promise<number> {
    return this.db.run('DELETE FROM order_actions WHERE conversation_id = ANY(?::text[])', [conversationIds]);
  }

  async listByStatus(status: OrderActionStatus, limit: number): Promise<OrderAction[]> {
    return (await this.db.all<OrderActionRow>('SELECT * FROM order_actions WHERE status = ? ORDER BY created_at, seq LIMIT ?', [status, limit])).map(toOrderAction);
  }

  async transition(id: string, from: OrderActionStatus, to: OrderActionStatus, update: { result?: Record<string, unknown>; decidedBy?: string } = {}): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE order_actions SET status = ?, result = COALESCE(?, result), decided_by = COALESCE(?, decided_by), updated_at = ?
       WHERE id = ? AND status = ?`,
      [to, update.result ? JSON.stringify(update.result) : null, update.decidedBy ?? null, Date.now(), id, from],
    );
    return changed === 1;
  }
}
