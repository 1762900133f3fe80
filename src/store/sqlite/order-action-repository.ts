import { insertOrderActionParams, insertOrderActionSql, toOrderAction, transitionOrderActionParams, transitionOrderActionSql, type OrderActionRow } from '../sql/operation-rows.js';
import type { OrderAction, OrderActionRepository, OrderActionStatus } from '../types.js';
import type { SqliteDatabase } from './open-database.js';

export class SqliteOrderActionRepository implements OrderActionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  async create(input: Parameters<OrderActionRepository['create']>[0]): Promise<OrderAction> {
    return toOrderAction(this.db.prepare<unknown[], OrderActionRow>(insertOrderActionSql).get(...insertOrderActionParams(input))!);
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
    return this.db.prepare(transitionOrderActionSql).run(...transitionOrderActionParams(id, from, to, update)).changes === 1;
  }
}
