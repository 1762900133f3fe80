import type { EscalationDecision, EscalationReason, StoredMessage } from '../../core/types.js';
import { highRiskPatterns, humanRequestPatterns, threatPatterns } from './phrases.js';

export interface EscalationThresholds {
  humanRequest: boolean;
  /** Polarity at or below minus this is anger on its own. */
  anger: number;
  /** How many consecutive customer turns make a trend. */
  trendTurns: number;
}

export interface EscalationInput {
  text: string;
  polarity: number;
  /** Earlier messages of the conversation, oldest first. */
  history: readonly StoredMessage[];
}

function firstMatch(text: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return null;
}

const normalise = (text: string) => text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');

function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i < text.length - 1; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

export function similarity(a: string, b: string): number {
  const x = bigrams(normalise(a));
  const y = bigrams(normalise(b));
  if (x.size === 0 || y.size === 0) return normalise(a) === normalise(b) ? 1 : 0;
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return shared / (x.size + y.size - shared);
}

/**
 * Decides one turn from rules that staff can read back: each reason comes with the
 * phrase or numbers that triggered it. The sentiment score is never the only evidence
 * of a trend: it needs several turns each more negative than the last.
 */
export function decideEscalation(input: EscalationInput, thresholds: EscalationThresholds): EscalationDecision {
  const reasons: EscalationReason[] = [];
  const evidence: string[] = [];
  const add = (reason: EscalationReason, why: string) => {
    reasons.push(reason);
    evidence.push(`${reason}: ${why}`);
  };

  const human = thresholds.humanRequest ? firstMatch(input.text, humanRequestPatterns) : null;
  if (human) add('human_requested', `"${human}"`);
  const threat = firstMatch(input.text, threatPatterns);
  if (threat) add('threat', `"${threat}"`);
  const risk = firstMatch(input.text, highRiskPatterns);
  if (risk) add('high_risk_topic', `"${risk}"`);
  if (input.polarity <= -thresholds.anger) add('anger', `polarity ${input.polarity.toFixed(2)} ≤ -${thresholds.anger}`);

  const customerTurns = input.history.filter((m) => m.direction === 'in');
  const earlier = customerTurns.slice(-(thresholds.trendTurns - 1)).map((m) => m.sentiment?.polarity ?? 0);
  const trend = [...earlier, input.polarity];
  const worsening = trend.every((value, i) => i === 0 || value < trend[i - 1]!);
  if (trend.length >= thresholds.trendTurns && worsening && trend.every((value) => value < -0.1)) {
    add('frustration_trend', `polarity ${trend.map((v) => v.toFixed(2)).join(' → ')}`);
  }

  const repeated = customerTurns.slice(-3).find((m) => input.text.trim().length >= 4 && similarity(m.text, input.text) >= 0.8);
  if (repeated) add('repeated_question', `same as an earlier message`);

  return { escalate: reasons.length > 0, reasons, evidence };
}
