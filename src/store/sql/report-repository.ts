import type { EscalationReason } from '../../domain/types.js';
import type { DailyFigures, LatencyFigures, ReportOverview, ReportRepository, TimeRange } from '../types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlQueries } from './queries.js';

type Range = { since: number; until: number };
const params = (range: TimeRange): Range => ({ since: range.since.getTime(), until: range.until.getTime() });

/** Turns the bot answered: their `turn` event's latency is the customer's wait for the reply. */
const answeredTurns = (d: SqlDialect) => `
  SELECT e.created_at AS at, CAST(${d.jsonField('e.data', 'latencyMs')} AS double precision) AS ms
  FROM events e
  WHERE e.type = 'turn' AND e.created_at >= @since AND e.created_at < @until
    AND ${d.jsonField('e.data', 'replyKind')} <> 'none' AND ${d.jsonField('e.data', 'latencyMs')} IS NOT NULL`;

/**
 * Nearest-rank percentiles (the smallest value with at least p% of values at or below it),
 * per group, computed with window functions so no sample leaves the database.
 */
const percentilesBy = (d: SqlDialect, group: string) => `
  SELECT grp, MAX(n) AS n, -- ranks are integers: (n + 1) / 2 is ceil(n / 2), (95n + 99) / 100 is ceil(0.95 n)
    MIN(CASE WHEN rn >= (n + 1) / 2 THEN ms END) AS p50,
    MIN(CASE WHEN rn >= (n * 95 + 99) / 100 THEN ms END) AS p95
  FROM (
    SELECT ${group} AS grp, ms,
      ROW_NUMBER() OVER (PARTITION BY ${group} ORDER BY ms) AS rn,
      COUNT(*) OVER (PARTITION BY ${group}) AS n
    FROM (${answeredTurns(d)}) AS answered
  ) AS ranked
  GROUP BY grp`;

interface PercentileRow {
  grp: string | number;
  n: number;
  p50: number | null;
  p95: number | null;
}

const latency = (row: PercentileRow | null): LatencyFigures => (row ? { count: row.n, p50: row.p50, p95: row.p95 } : { count: 0, p50: null, p95: null });

const emptyDay = (day: string): DailyFigures => ({
  day,
  conversations: 0,
  escalations: 0,
  sentiment: { messages: 0, negative: 0, neutral: 0, positive: 0, averagePolarity: null },
  latencyMs: { count: 0, p50: null, p95: null },
});

interface DailyMessageRow {
  day: string;
  conversations: number;
  messages: number;
  negative: number;
  neutral: number;
  positive: number;
  polarity: number | null;
}

/** The reports, written once: the two stores differ only in the SQL their dialect supplies. */
export class SqlReportRepository implements ReportRepository {
  constructor(
    private readonly db: SqlQueries,
    private readonly dialect: SqlDialect,
  ) {}

  async overview(range: TimeRange): Promise<ReportOverview> {
    const kind = this.dialect.jsonField('meta', 'kind');
    const row = (await this.db.one<Record<string, number | null>>(
      `SELECT
         (SELECT COUNT(DISTINCT conversation_id) FROM messages
            WHERE direction = 'in' AND created_at >= @since AND created_at < @until) AS conversations,
         (SELECT COUNT(DISTINCT e.conversation_id) FROM escalations e
            WHERE e.created_at >= @since AND e.created_at < @until
              AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = e.conversation_id
                          AND m.direction = 'in' AND m.created_at >= @since AND m.created_at < @until)) AS escalated,
         (SELECT COUNT(*) FROM messages WHERE direction = 'in' AND created_at >= @since AND created_at < @until) AS customer_messages,
         (SELECT COUNT(*) FROM messages WHERE direction = 'out' AND author = 'bot' AND created_at >= @since AND created_at < @until
            AND COALESCE(${kind}, '') <> 'handoff_notice') AS bot_replies,
         (SELECT COUNT(*) FROM escalations WHERE created_at >= @since AND created_at < @until) AS escalations,
         (SELECT COUNT(rating) FROM escalations WHERE rating IS NOT NULL AND updated_at >= @since AND updated_at < @until) AS ratings,
         (SELECT CAST(AVG(rating) AS double precision) FROM escalations
            WHERE rating IS NOT NULL AND updated_at >= @since AND updated_at < @until) AS rating_average`,
      params(range),
    ))!;
    return {
      conversations: row.conversations ?? 0,
      escalatedConversations: row.escalated ?? 0,
      customerMessages: row.customer_messages ?? 0,
      botReplies: row.bot_replies ?? 0,
      escalations: row.escalations ?? 0,
      ratings: { count: row.ratings ?? 0, average: row.rating_average ?? null },
    };
  }

  escalationReasons(range: TimeRange): Promise<Array<{ reason: EscalationReason; escalations: number }>> {
    return this.db.all(
      `SELECT r.value AS reason, COUNT(DISTINCT e.id) AS escalations
       FROM escalations e, ${this.dialect.jsonArrayElements('e.reasons', 'r')}
       WHERE e.created_at >= @since AND e.created_at < @until
       GROUP BY r.value ORDER BY escalations DESC, reason`,
      params(range),
    );
  }

  async replyLatency(range: TimeRange): Promise<LatencyFigures> {
    return latency(await this.db.one<PercentileRow>(percentilesBy(this.dialect, '1'), params(range)));
  }

  async daily(range: TimeRange): Promise<DailyFigures[]> {
    const p = params(range);
    const utcDay = this.dialect.utcDay;
    const days = new Map<string, DailyFigures>();
    const day = (key: string): DailyFigures => {
      const found = days.get(key) ?? emptyDay(key);
      days.set(key, found);
      return found;
    };
    const messageRows = await this.db.all<DailyMessageRow>(
      `SELECT ${utcDay('created_at')} AS day, COUNT(DISTINCT conversation_id) AS conversations,
         COUNT(sentiment_label) AS messages,
         COUNT(*) FILTER (WHERE sentiment_label = 'negative') AS negative, COUNT(*) FILTER (WHERE sentiment_label = 'neutral') AS neutral,
         COUNT(*) FILTER (WHERE sentiment_label = 'positive') AS positive, AVG(sentiment_polarity) AS polarity
       FROM messages WHERE direction = 'in' AND created_at >= @since AND created_at < @until
       GROUP BY 1`,
      p,
    );
    for (const row of messageRows) {
      const entry = day(row.day);
      entry.conversations = row.conversations;
      entry.sentiment = { messages: row.messages, negative: row.negative, neutral: row.neutral, positive: row.positive, averagePolarity: row.polarity };
    }
    const escalationRows = await this.db.all<{ day: string; n: number }>(
      `SELECT ${utcDay('created_at')} AS day, COUNT(*) AS n FROM escalations WHERE created_at >= @since AND created_at < @until GROUP BY 1`,
      p,
    );
    for (const row of escalationRows) day(row.day).escalations = row.n;
    for (const row of await this.db.all<PercentileRow>(percentilesBy(this.dialect, utcDay('at')), p)) day(String(row.grp)).latencyMs = latency(row);
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }
}
