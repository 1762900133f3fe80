import type { PgDatabase } from './pg-database.js';

/**
 * Append-only, like the SQLite list: a released migration is never edited. The first one is
 * the SQLite schema as of its migration 10 in Postgres' types (times stay epoch milliseconds
 * and JSON stays text, so rows copy across unchanged); the demo shop's tables are not here
 * (the demo shop keeps its own SQLite file). `seq` columns stand in for SQLite's rowid where
 * equal timestamps are ordered by insertion.
 */
const migrations: readonly string[] = [
  /* 1: the store as of SQLite migration 10 */ `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    user_id TEXT NOT NULL,
    language TEXT,
    state TEXT NOT NULL DEFAULT 'bot',
    reply_context TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (channel, conversation_key)
  );
  CREATE INDEX conversations_updated ON conversations (updated_at);
  CREATE INDEX conversations_customer ON conversations (channel, user_id);

  CREATE TABLE messages (
    id BIGSERIAL PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    author TEXT NOT NULL CHECK (author IN ('customer', 'bot', 'staff')),
    text TEXT NOT NULL,
    channel_message_id TEXT,
    language TEXT,
    sentiment_label TEXT,
    sentiment_score DOUBLE PRECISION,
    sentiment_polarity DOUBLE PRECISION,
    sentiment_model TEXT,
    intent TEXT,
    meta TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX messages_conversation ON messages (conversation_id, id);
  CREATE UNIQUE INDEX messages_inbound_once ON messages (conversation_id, channel_message_id)
    WHERE direction = 'in' AND channel_message_id IS NOT NULL;
  CREATE UNIQUE INDEX messages_staff_once ON messages (conversation_id, channel_message_id)
    WHERE author = 'staff' AND channel_message_id IS NOT NULL;
  CREATE INDEX messages_direction_time ON messages (direction, created_at);

  CREATE TABLE inbox (
    channel TEXT NOT NULL,
    message_id TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'processing', 'done', 'failed')),
    attempts INTEGER NOT NULL,
    last_error TEXT,
    inbound TEXT NOT NULL,
    outcome TEXT,
    lease_until BIGINT,
    received_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (channel, message_id)
  );
  CREATE INDEX inbox_status ON inbox (status, updated_at);
  CREATE INDEX inbox_lease ON inbox (status, lease_until);
  CREATE INDEX inbox_conversation ON inbox (channel, conversation_key);

  CREATE TABLE escalations (
    id TEXT PRIMARY KEY,
    seq BIGSERIAL NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    reasons TEXT NOT NULL,
    evidence TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'taken', 'resolved', 'handed_back')),
    assignee TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    staff_thread TEXT,
    staff_thread_claim TEXT,
    staff_thread_claimed_at BIGINT,
    staff_cursor BIGINT NOT NULL DEFAULT 0,
    assignee_name TEXT,
    taken_at BIGINT,
    closed_at BIGINT,
    closed_by TEXT,
    closed_by_name TEXT,
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    last_reminder_at BIGINT,
    rating_requested_at BIGINT,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5)
  );
  CREATE UNIQUE INDEX escalations_one_active ON escalations (conversation_id) WHERE status IN ('open', 'taken');
  CREATE INDEX escalations_status ON escalations (status, created_at);
  CREATE UNIQUE INDEX escalations_staff_thread ON escalations (staff_thread) WHERE staff_thread IS NOT NULL;
  CREATE INDEX escalations_conversation ON escalations (conversation_id, created_at);
  CREATE INDEX escalations_created ON escalations (created_at);

  CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    type TEXT NOT NULL,
    conversation_id TEXT,
    data TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX events_type_time ON events (type, created_at);
  CREATE INDEX events_conversation ON events (conversation_id);

  CREATE TABLE locks (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );

  CREATE TABLE deliveries (
    channel TEXT NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'passive', 'deferred', 'sending', 'sent', 'failed')),
    payload TEXT,
    requests INTEGER NOT NULL,
    last_error TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (channel, message_id)
  );
  CREATE INDEX deliveries_status ON deliveries (status, updated_at);
  CREATE INDEX deliveries_lease ON deliveries (status, lease_until);

  CREATE TABLE key_values (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at BIGINT,
    updated_at BIGINT NOT NULL
  );

  CREATE TABLE conversation_summaries (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id),
    text TEXT NOT NULL,
    through_message_id BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );

  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    reset_at BIGINT NOT NULL
  );
  CREATE INDEX rate_limits_reset ON rate_limits (reset_at);

  CREATE TABLE staff_accounts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    disabled_at BIGINT
  );
  -- SQLite's COLLATE NOCASE: one account per username whatever its case.
  CREATE UNIQUE INDEX staff_accounts_username ON staff_accounts (lower(username));

  CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX audit_log_time ON audit_log (created_at);

  CREATE TABLE staff_notes (
    id BIGSERIAL PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    escalation_id TEXT,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    source_id TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX staff_notes_conversation ON staff_notes (conversation_id, id);
  CREATE UNIQUE INDEX staff_notes_once ON staff_notes (source_id) WHERE source_id IS NOT NULL;

  CREATE TABLE order_actions (
    id TEXT PRIMARY KEY,
    seq BIGSERIAL NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    order_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('cancel', 'return', 'refund')),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'awaiting_staff', 'done', 'failed', 'declined', 'expired')),
    description TEXT NOT NULL,
    params TEXT NOT NULL,
    result TEXT,
    decided_by TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE INDEX order_actions_conversation ON order_actions (conversation_id, created_at);
  CREATE INDEX order_actions_status ON order_actions (status, created_at);

  CREATE TABLE kb_misses (
    id BIGSERIAL PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    question TEXT NOT NULL,
    language TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('no_answer', 'unanswered')),
    intent TEXT,
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolution TEXT,
    UNIQUE (conversation_id, message_id)
  );
  CREATE INDEX kb_misses_open ON kb_misses (resolved_at, created_at);
  `,
  /* 2: knowledge-base versions every replica reads: the files of each published version, and which one is live */ `
  CREATE TABLE kb_versions (
    name TEXT PRIMARY KEY,
    files BYTEA NOT NULL,
    published_at BIGINT NOT NULL
  );
  CREATE TABLE kb_current (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL REFERENCES kb_versions (name),
    updated_at BIGINT NOT NULL
  );
  `,
  /* 3: every stored message is announced (LISTEN aftercare_messages) with its conversation key, so a replica wakes the widget streams it serves */ `
  CREATE FUNCTION aftercare_notify_message() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('aftercare_messages', (SELECT conversation_key FROM conversations WHERE id = NEW.conversation_id));
    RETURN NULL;
  END $$;
  CREATE TRIGGER messages_notify AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION aftercare_notify_message();
  `,
];

/** Any constant: replicas starting together migrate one at a time. */
const migrationLockId = 0x61667463;

export async function migratePostgres(db: PgDatabase): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.run('SELECT pg_advisory_xact_lock(?)', [migrationLockId]);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const current = (await tx.one<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations'))?.version ?? 0;
    if (current > migrations.length) {
      throw new Error(`The database schema is version ${current}, newer than this build knows (${migrations.length}); upgrade aftercare.`);
    }
    for (let version = current + 1; version <= migrations.length; version++) {
      await tx.run(migrations[version - 1]!);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [version, Date.now()]);
    }
  });
  return migrations.length;
}
