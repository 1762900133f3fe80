import type { Database } from 'better-sqlite3';

/**
 * Append-only: a released migration is never edited, a change is a new entry. Each runs in
 * a transaction together with the bump of `user_version`, so a failed one leaves no trace.
 */
const migrations: readonly string[] = [
  /* 1: the foundation schema */ `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    user_id TEXT NOT NULL,
    language TEXT,
    state TEXT NOT NULL DEFAULT 'bot',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (channel, conversation_key)
  );
  CREATE INDEX conversations_updated ON conversations (updated_at);

  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    author TEXT NOT NULL CHECK (author IN ('customer', 'bot', 'staff')),
    text TEXT NOT NULL,
    channel_message_id TEXT,
    language TEXT,
    sentiment_label TEXT,
    sentiment_score REAL,
    sentiment_polarity REAL,
    sentiment_model TEXT,
    intent TEXT,
    meta TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX messages_conversation ON messages (conversation_id, id);
  -- A platform message becomes at most one stored inbound row, whatever the code above does.
  CREATE UNIQUE INDEX messages_inbound_once ON messages (conversation_id, channel_message_id)
    WHERE direction = 'in' AND channel_message_id IS NOT NULL;

  CREATE TABLE inbox (
    channel TEXT NOT NULL,
    message_id TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('processing', 'done', 'failed')),
    attempts INTEGER NOT NULL,
    last_error TEXT,
    inbound TEXT NOT NULL,
    outcome TEXT,
    lease_until INTEGER,
    received_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, message_id)
  );
  CREATE INDEX inbox_status ON inbox (status, updated_at);

  CREATE TABLE escalations (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    reasons TEXT NOT NULL,
    evidence TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'taken', 'resolved', 'handed_back')),
    assignee TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX escalations_one_active ON escalations (conversation_id) WHERE status IN ('open', 'taken');
  CREATE INDEX escalations_status ON escalations (status, created_at);

  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    conversation_id TEXT,
    data TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX events_type_time ON events (type, created_at);

  CREATE TABLE locks (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  /* 2: where to write back to a conversation outside a request (staff replies, late answers) */ `
  ALTER TABLE conversations ADD COLUMN reply_context TEXT;
  `,
  /* 3: per-message reply delivery for channels with a reply deadline, and shared channel state (API tokens) */ `
  CREATE TABLE deliveries (
    channel TEXT NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'passive', 'deferred', 'sending', 'sent', 'failed')),
    payload TEXT,
    requests INTEGER NOT NULL,
    last_error TEXT,
    lease_until INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, message_id)
  );
  CREATE INDEX deliveries_status ON deliveries (status, updated_at);

  CREATE TABLE key_values (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  `,
  /* 4: staff handoff: the staff thread, who took over and when, closing, reminders, rating */ `
  ALTER TABLE escalations ADD COLUMN staff_thread TEXT;
  ALTER TABLE escalations ADD COLUMN staff_thread_claim TEXT;
  ALTER TABLE escalations ADD COLUMN staff_thread_claimed_at INTEGER;
  ALTER TABLE escalations ADD COLUMN staff_cursor INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE escalations ADD COLUMN assignee_name TEXT;
  ALTER TABLE escalations ADD COLUMN taken_at INTEGER;
  ALTER TABLE escalations ADD COLUMN closed_at INTEGER;
  ALTER TABLE escalations ADD COLUMN closed_by TEXT;
  ALTER TABLE escalations ADD COLUMN closed_by_name TEXT;
  ALTER TABLE escalations ADD COLUMN reminders_sent INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE escalations ADD COLUMN last_reminder_at INTEGER;
  ALTER TABLE escalations ADD COLUMN rating_requested_at INTEGER;
  ALTER TABLE escalations ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
  CREATE UNIQUE INDEX escalations_staff_thread ON escalations (staff_thread) WHERE staff_thread IS NOT NULL;
  CREATE INDEX escalations_conversation ON escalations (conversation_id, created_at);
  -- A staff message from the staff surface is relayed once, however often the platform delivers it.
  CREATE UNIQUE INDEX messages_staff_once ON messages (conversation_id, channel_message_id)
    WHERE author = 'staff' AND channel_message_id IS NOT NULL;
  `,
  /* 5: conversation memory: a summary of the turns that no longer fit verbatim in the prompt */ `
  CREATE TABLE conversation_summaries (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id),
    text TEXT NOT NULL,
    through_message_id INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  /* 6: per-visitor request counters shared by every process; time-range reads for the admin console */ `
  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    reset_at INTEGER NOT NULL
  );
  CREATE INDEX rate_limits_reset ON rate_limits (reset_at);
  CREATE INDEX messages_direction_time ON messages (direction, created_at);
  CREATE INDEX escalations_created ON escalations (created_at);
  `,
  /* 7: questions the bot could not answer, redacted, for the knowledge base's misses list; erased with their conversation */ `
  CREATE TABLE kb_misses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    question TEXT NOT NULL,
    language TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('no_answer', 'unanswered')),
    intent TEXT,
    created_at INTEGER NOT NULL,
    resolved_at INTEGER,
    resolution TEXT,
    UNIQUE (conversation_id, message_id)
  );
  CREATE INDEX kb_misses_open ON kb_misses (resolved_at, created_at);
  `,
];

export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The database schema is version ${current}, newer than this build knows (${migrations.length}); upgrade aftercare.`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const sql = migrations[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
  return migrations.length;
}
