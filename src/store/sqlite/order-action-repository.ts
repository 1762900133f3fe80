import { randomUUID } from 'node:crypto';
import type { OrderAction, OrderActionKind, OrderActionRepository, OrderActionStatus } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

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

function toOrderAction(row: OrderActionRow): OrderAction {
  return {
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
  };
}

export class SqliteOrderActionRepository implements OrderActionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create(input: Parameters<OrderActionRepository['create']>[0]): Promise<OrderAction> {
    const now = Date.now();
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO order_actions (id, conversation_id, order_id, kind, status, description, params, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.conversationId, input.orderId, input.kind, input.status, input.description, JSON.stringify(input.params), now, now);
    return (await this.get(id))!;
  }

  async get(id: string): Promise<OrderAction | null> {
    const row = this.db.prepare<[string], OrderActionRow>('SELECT * FROM order_actions WHERE id = ?').get(id);
    return row ? toOrderAction(row) : null;
  }

  async deleteForConversations(conversationIds: readonly string[]): Promise<number> {
    const remove = this.db.prepare<[string]>('DELETE FROM order_actions WHERE conversation_id = ?');
    return this.db.transaction(() => conversationIds.reduce((rows, id) => rows + remove.run(id).changes, 0))();
  }

  async listForConversation(conversationId: string, limit: number): Promise<OrderAction[]> {
    return this.db
      .prepare<[string, number], OrderActionRow>('SELECT * FROM order_actions WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(conversationId, limit)
      .map(toOrderAction);
  }

  async listByStatus(status: OrderActionStatus, limit: number): Promise<OrderAction[]> {
    return this.db
      .prepare<[string, number], OrderActionRow>('SELECT * FROM order_actions WHERE status = ? ORDER BY created_at, rowid LIMIT ?')
      .all(status, limit)
      .map(toOrderAction);
  }

  async transition(id: string, from: OrderActionStatus, to: OrderActionStatus, update: { result?: Record<string, unknown>; decidedBy?: string } = {}): Promise<boolean> {
    const changed = this.db
      .prepare(
        `UPDATE order_actions SET status = ?, result = COALESCE(?, result), decided_by = COALESCE(?, decided_by), updated_at = ?
         WHERE id = ? AND status = ?`,
      )
      .run(to, update.result ? JSON.stringify(update.result) : null, update.decidedBy ?? null, Date.now(), id, from);
    return changed.changes === 1;
  }
}
