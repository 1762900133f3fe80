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
  /* 7: \`received\`: an acknowledged message is in the inbox before its turn starts (SQLite cannot alter a CHECK) */ `
  CREATE TABLE inbox_v7 (
    channel TEXT NOT NULL,
    message_id TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'processing', 'done', 'failed')),
    attempts INTEGER NOT NULL,
    last_error TEXT,
    inbound TEXT NOT NULL,
    outcome TEXT,
    lease_until INTEGER,
    received_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, message_id)
  );
  INSERT INTO inbox_v7 SELECT channel, message_id, conversation_key, status, attempts, last_error, inbound, outcome, lease_until, received_at, updated_at FROM inbox;
  DROP TABLE inbox;
  ALTER TABLE inbox_v7 RENAME TO inbox;
  CREATE INDEX inbox_status ON inbox (status, updated_at);
  CREATE INDEX inbox_lease ON inbox (status, lease_until);
  CREATE INDEX deliveries_lease ON deliveries (status, lease_until);
  `,
  /* 8: named staff accounts, the audit log of who did what, internal staff notes, customer data rights */ `
  CREATE TABLE staff_accounts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    disabled_at INTEGER
  );

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX audit_log_time ON audit_log (created_at);

  CREATE TABLE staff_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    escalation_id TEXT,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    -- The staff surface's id for the note: a redelivered Slack message is stored once.
    source_id TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX staff_notes_conversation ON staff_notes (conversation_id, id);
  CREATE UNIQUE INDEX staff_notes_once ON staff_notes (source_id) WHERE source_id IS NOT NULL;

  CREATE INDEX conversations_customer ON conversations (channel, user_id);
  CREATE INDEX events_conversation ON events (conversation_id);
  CREATE INDEX inbox_conversation ON inbox (channel, conversation_key);
  `,
  /* 9: the built-in demo shop (seeded on first start) and the log of order actions the bot proposed and took */ `
  CREATE TABLE shop_customers (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    country TEXT NOT NULL
  );
  CREATE INDEX shop_customers_email ON shop_customers (email);

  CREATE TABLE shop_orders (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES shop_customers (id),
    status TEXT NOT NULL CHECK (status IN ('paid', 'packing', 'shipped', 'delivered', 'cancelled')),
    placed_at INTEGER NOT NULL,
    currency TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    payment_method TEXT NOT NULL,
    payment_last4 TEXT,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX shop_orders_customer ON shop_orders (customer_id, placed_at);

  CREATE TABLE shop_order_items (
    order_id TEXT NOT NULL REFERENCES shop_orders (id),
    line INTEGER NOT NULL,
    sku TEXT NOT NULL,
    title TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    PRIMARY KEY (order_id, line)
  );

  CREATE TABLE shop_fulfilments (
    order_id TEXT PRIMARY KEY REFERENCES shop_orders (id),
    carrier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    tracking_url TEXT,
    shipped_at INTEGER,
    delivered_at INTEGER
  );

  CREATE TABLE shop_tracking_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES shop_orders (id),
    at INTEGER NOT NULL,
    description TEXT NOT NULL,
    location TEXT
  );
  CREATE INDEX shop_tracking_events_order ON shop_tracking_events (order_id, at);

  CREATE TABLE shop_returns (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES shop_orders (id),
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    items TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX shop_returns_order ON shop_returns (order_id);

  CREATE TABLE shop_refunds (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES shop_orders (id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'issued', 'failed')),
    reference TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX shop_refunds_order ON shop_refunds (order_id);

  -- Every action the bot proposed on an order, and what became of it: the commitment guard
  -- checks "I've refunded you" against this, and staff approve prepared actions from it.
  CREATE TABLE order_actions (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    order_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('cancel', 'return', 'refund')),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'awaiting_staff', 'done', 'failed', 'declined', 'expired')),
    description TEXT NOT NULL,
    params TEXT NOT NULL,
    result TEXT,
    decided_by TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX order_actions_conversation ON order_actions (conversation_id, created_at);
  CREATE INDEX order_actions_status ON order_actions (status, created_at);

  -- Proactive notices sent once per order and kind (a late parcel), whatever process sends them.
  CREATE TABLE order_notices (
    order_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    conversation_id TEXT,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, kind)
  );
  `,
  /* 10: questions the bot could not answer, redacted, for the knowledge base's misses list; erased with their conversation */ `
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
    throw new Error(`The database schema is version ${current}, newer than this build knows (${migrations.length}); upgrade aftercare.`);
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
