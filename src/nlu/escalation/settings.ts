import type { Config } from '../../config/schema.js';
import type { EscalationThresholds } from './policy.js';

export function escalationThresholds(config: Config): EscalationThresholds {
  return {
    humanRequest: config.ESCALATE_ON_HUMAN_REQUEST,
    anger: config.ESCALATION_ANGER_THRESHOLD,
    trendTurns: config.ESCALATION_TREND_TURNS,
    trendMinRise: config.ESCALATION_TREND_MIN_RISE,
    trendWindowMinutes: config.ESCALATION_TREND_WINDOW_MINUTES,
    repeatSimilarity: config.ESCALATION_REPEAT_SIMILARITY,
    repeatLookback: config.ESCALATION_REPEAT_LOOKBACK,
    humanIntentConfidence: config.ESCALATION_HUMAN_INTENT_CONFIDENCE,
    needsPerson: config.ESCALATION_NEEDS_PERSON_THRESHOLD,
    disabledReasons: config.ESCALATION_DISABLED_REASONS,
  };
}
