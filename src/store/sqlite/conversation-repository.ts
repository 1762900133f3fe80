import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationState } from '../../core/types.js';
import type { ConversationRepository } from '../types.js';
import type { SqliteDatabase } from './open-database.js';
import { toConversation, type ConversationRow } from './rows.js';

export class SqliteConversationRepository implements ConversationRepository {
  private readonly byKey;
  private readonly byId;
  private readonly insert;

  constructor(private readonly db: SqliteDatabase) {
    this.byKey = db.prepare<[string, string], ConversationRow>(
      'SELECT * FROM conversations WHERE channel = ? AND conversation_key = ?',
    );
    this.byId = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
    this.insert = db.prepare<[string, string, string, string, number, number]>(
      `INSERT INTO conversations (id, channel, conversation_key, user_id, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'bot', ?, ?) ON CONFLICT (channel, conversation_key) DO NOTHING`,
    );
  }

  async findByKey(channel: string, conversationKey: string): Promise<Conversation | null> {
    const row = this.byKey.get(channel, conversationKey);
    return row ? toConversation(row) : null;
  }

  async getOrCreate(input: { channel: string; conversationKey: string; userId: string }): Promise<Conversation> {
    const now = Date.now();
    this.insert.run(randomUUID(), input.channel, input.conversationKey, input.userId, now, now);
    return toConversation(this.byKey.get(input.channel, input.conversationKey)!);
  }

  async get(id: string): Promise<Conversation | null> {
    const row = this.byId.get(id);
    return row ? toConversation(row) : null;
  }

  async setState(id: string, state: ConversationState): Promise<void> {
    this.db.prepare('UPDATE conversations SET state = ?, updated_at = ? WHERE id = ?').run(state, Date.now(), id);
  }
}
