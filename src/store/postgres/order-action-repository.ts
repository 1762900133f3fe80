import { insertOrderActionParams, insertOrderActionSql, toOrderAction, transitionOrderActionParams, transitionOrderActionSql, type OrderActionRow } from '../sql/operation-rows.js';
import type { OrderAction, OrderActionRepository, OrderActionStatus } from '../types.js';
import type { PgDatabase } from './pg-database.js';

export class PgOrderActionRepository implements OrderActionRepository {
  constructor(private readonly db: PgDatabase) {}

  async create(input: Parameters<OrderActionRepository['create']>[0]): Promise<OrderAction> {
    return toOrderAction((await this.db.one<OrderActionRow>(insertOrderActionSql, insertOrderActionParams(input)))!);
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
    return (await this.db.run(transitionOrderActionSql, transitionOrderActionParams(id, from, to, update))) === 1;
  }
}
