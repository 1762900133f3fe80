import type { EscalationPolicy, EscalationInput as TurnEscalationInput } from '../../core/ports/analysis.js';
import type { EscalationDecision, EscalationReason, SentimentScore, StoredMessage } from '../../domain/types.js';
import { lexiconSignals } from '../sentiment/lexicon/signals.js';
import { angerOf, frustrationTrend, lexiconAgrees, type Feeling } from './frustration.js';
import { findPhrase } from './match-phrases.js';
import { botFailurePatterns, declinedHumanPatterns, humanRequestPatterns } from './phrases.js';
import { learnedTrend, repeatedQuestion } from './conversation-course.js';
import { normaliseForRules } from './normalise-text.js';
import { notAngryAtShop } from './product-or-shop.js';
import { findSafetyIncident } from './safety.js';
import { settledIncident } from './settled-safety.js';
import { findThreat } from './threats.js';
import { findGrievances } from './grievances.js';
import { shippedNeedsPersonClassifier } from './needs-person/classifier.js';
import { angrySentence, deEscalated, learnedAnger, UPSET_PROBABILITY, upsetSentence, type NeedsPersonJudge } from './learned-anger.js';

export { UPSET_PROBABILITY, type NeedsPersonJudge } from './learned-anger.js';

export interface EscalationThresholds {
  /** Escalate on an explicit request for a human. */
  humanRequest: boolean;
  /** Anger (0..1: the lexicon's negativity plus a little for swearing, when the sentiment is negative) at or above this escalates. */
  anger: number;
  /** Customer turns that make a frustration trend (the current one included). */
  trendTurns: number;
  /** How much more frustrated (0..1) the last turn of a trend must be than its first. */
  trendMinRise: number;
  /** Only customer turns this recent count towards a trend or a repeat. */
  trendWindowMinutes: number;
  /** Similarity (0..1) at which a message is the same question again. */
  repeatSimilarity: number;
  /** How many earlier customer turns a repeat is looked for in. */
  repeatLookback: number;
  /** Intent confidence at which a `human_request` reading escalates without an explicit phrase. */
  humanIntentConfidence: number;
  /**
   * The learned judgement's probability (0..1) that a message needs a person at or above which
   * a negative message escalates as `anger`, with the words that weighed most as evidence.
   */
  needsPerson: number;
  /** Reasons switched off by configuration. */
  disabledReasons: readonly EscalationReason[];
}

export const defaultEscalationThresholds: EscalationThresholds = {
  humanRequest: true,
  anger: 0.85,
  trendTurns: 3,
  trendMinRise: 0.2,
  trendWindowMinutes: 120,
  repeatSimilarity: 0.7,
  repeatLookback: 3,
  humanIntentConfidence: 0.95,
  needsPerson: 0.75,
  disabledReasons: [],
};

/** The intent model's confidence in `human_request` that suffices when the learned judgement agrees. */
const HUMAN_INTENT_WITH_JUDGEMENT = 0.5;

const shippedJudge: NeedsPersonJudge = (text, lexicon) => shippedNeedsPersonClassifier().judge(text, 4, lexicon);

/**
 * The customer sounds upset: the learned judgement leans towards a person and the sentiment is
 * negative, or the lexicon's anger rule holds. Used to hand an angry customer over where a calm
 * one is offered a colleague.
 */
export function soundsUpset(text: string, sentiment: SentimentScore | null, judge: NeedsPersonJudge = shippedJudge): boolean {
  const lexicon = lexiconSignals(text);
  const polarity = sentiment?.polarity ?? lexicon.polarity;
  if (angerOf({ polarity, lexicon }) >= defaultEscalationThresholds.anger && lexiconAgrees(lexicon)) return true;
  if (polarity < 0 && judge(text).probability >= UPSET_PROBABILITY) return true;
  return angrySentence(text, polarity, defaultEscalationThresholds.anger) !== null || upsetSentence(text, polarity, judge, UPSET_PROBABILITY) !== null;
}

export interface EscalationInput extends TurnEscalationInput {
  /** The learned needs-person judgement; the shipped model by default. */
  judge?: NeedsPersonJudge;
}

const quote = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;

/**
 * Customer turns since the conversation last came back from staff (a staff message, or the
 * turn that escalated), within the window: old anger that staff already dealt with is not
 * held against the customer again.
 */
function recentCustomerTurns(history: readonly StoredMessage[], now: Date, windowMinutes: number): StoredMessage[] {
  let start = 0;
  history.forEach((message, i) => {
    const escalatedHere = Array.isArray(message.meta?.escalationReasons) && (message.meta.escalationReasons as unknown[]).length > 0;
    if (message.author === 'staff' || escalatedHere) start = i + 1;
  });
  const since = now.getTime() - windowMinutes * 60_000;
  return history.slice(start).filter((m) => m.direction === 'in' && m.author === 'customer' && m.createdAt.getTime() >= since);
}

/**
 * Decides one turn from rules staff can read back: each reason comes with the phrase or the
 * numbers that triggered it. Sentiment never escalates alone: anger needs the lexicon to
 * agree, and a trend needs several turns with negative words in them.
 */
export function decideEscalation(input: EscalationInput, thresholds: EscalationThresholds = defaultEscalationThresholds): EscalationDecision {
  const reasons: EscalationReason[] = [];
  const evidence: string[] = [];
  const disabled = new Set(thresholds.disabledReasons);
  // A reason a rule found but the shop switched off is not re-labelled as anger by the learned
  // judgement, which has learnt what a request for a person or a threat sounds like too.
  let switchedOff = false;
  const add = (reason: EscalationReason, why: string) => {
    if (disabled.has(reason)) switchedOff = true;
    if (disabled.has(reason) || reasons.includes(reason)) return;
    reasons.push(reason);
    evidence.push(`${reason}: ${why}`);
  };
  // The rules read the text with apostrophes put back ("havent heard" → "haven't heard"); the
  // learned judgement reads it as typed, as it was trained.
  const text = normaliseForRules(input.text);
  const now = input.now ?? new Date();

  const human = findPhrase(text, humanRequestPatterns, { denials: false });
  const declined = findPhrase(text, declinedHumanPatterns, { denials: false });
  const intent = input.intent;
  // The phrases are the explainable core; the classifier, trained on many more phrasings,
  // catches the ones they miss ("can I have a human agent?", "I need customer service").
  const why = declined
    ? null
    : human
      ? quote(human.text)
      : intent?.label === 'human_request' && intent.confidence >= thresholds.humanIntentConfidence
        ? `intent human_request (confidence ${intent.confidence.toFixed(2)})`
        : null;
  if (why && thresholds.humanRequest) add('human_requested', why);
  else if (why) switchedOff = true;
  const threat = findThreat(text);
  if (threat) add('threat', quote(threat.text));
  const risk = findSafetyIncident(text);
  if (risk && !settledIncident(text, input.history)) add('high_risk_topic', `${quote(risk.text)} (${risk.kind})`);

  const lexicon = lexiconSignals(text);
  const current: Feeling = { polarity: input.sentiment?.polarity ?? lexicon.polarity, lexicon };
  const judge = input.judge ?? shippedJudge;
  // The rules' reading of the text serves the judgement too when normalising changed nothing.
  const judgement = judge(input.text, text === input.text ? lexicon : undefined);
  // Negative words about the product with a request for a remedy, or someone else's feelings, are not anger at the shop.
  const atShop = !notAngryAtShop(text, lexicon);
  const sentimentNote = `sentiment ${current.polarity.toFixed(2)} by ${input.sentiment?.model ?? 'lexicon'}`;
  const earlier = recentCustomerTurns(input.history, now, thresholds.trendWindowMinutes);
  const laterTurn = input.history.some((m) => m.direction === 'in' && m.author === 'customer');
  for (const finding of findGrievances({ text, lexicon, needsPerson: judgement.probability, polarity: current.polarity, laterTurn }, UPSET_PROBABILITY)) {
    add(finding.reason, `${quote(finding.match.text)}${finding.because ? ` (${finding.because})` : ''}`);
  }
  const anger = angerOf(current);
  if (anger >= thresholds.anger && lexiconAgrees(lexicon) && atShop) {
    const words = lexicon.cues
      .filter((c) => c.weight < 0)
      .map((c) => c.text)
      .slice(0, 4);
    const swearing = lexicon.abuse.length > 0 ? `; swearing: ${lexicon.abuse.join(', ')}` : '';
    add('anger', `anger ${anger.toFixed(2)} ≥ ${thresholds.anger} (words: ${words.join(', ')}${swearing}; ${sentimentNote})`);
  } else {
    const sentence = angrySentence(text, current.polarity, thresholds.anger, atShop, lexicon);
    if (sentence) {
      const words = sentence.lexicon.cues
        .filter((c) => c.weight < 0)
        .map((c) => c.text)
        .slice(0, 4);
      add('anger', `anger ${sentence.anger.toFixed(2)} ≥ ${thresholds.anger} in ${quote(sentence.text)} (words: ${words.join(', ')}; ${sentimentNote})`);
    }
  }

  const feelings: Feeling[] = [
    ...earlier.map((m) => {
      const signals = lexiconSignals(m.text);
      return { polarity: m.sentiment?.polarity ?? signals.polarity, lexicon: signals };
    }),
    current,
  ];
  const trend = frustrationTrend(feelings, { turns: thresholds.trendTurns, minRise: thresholds.trendMinRise });
  if (trend) {
    const series = trend.values.map((v) => v.toFixed(2)).join(' → ');
    add(
      'frustration_trend',
      trend.kind === 'rising' ? `frustration ${series} over the last ${trend.values.length} turns` : `negative for ${trend.values.length} turns in a row (${series})`,
    );
  }
  // Said before the learned judgement: "你答非所问" is the bot failing the customer, which has its
  // own reason and handling, not anger for the judgement to name a second time.
  const failure = findPhrase(text, botFailurePatterns, { denials: false });
  if (failure) add('unanswered', `customer says the bot is not helping: ${quote(failure.text)}`);

  if (reasons.length === 0 && !switchedOff) {
    // The learned judgement reads the anger a word list misses ("you had ONE job", "你们良心不会痛吗");
    // a message that already has a named reason does not need it said twice. After turns that
    // did not settle things, less is needed: the conversation is wearing the customer down.
    const words = `words that weighed most: ${judgement.evidence.join(', ')}; ${sentimentNote}`;
    const longEnough = earlier.length >= thresholds.trendTurns - 1;
    // Two learned readings that agree name the request plainly ("真人在吗", "can you put me through to
    // a specialist"): the intent model hears a request for a person, the judgement says one is needed.
    const asksForPerson = intent?.label === 'human_request' && intent.confidence >= HUMAN_INTENT_WITH_JUDGEMENT && !declined;
    if (asksForPerson && thresholds.humanRequest && judgement.probability >= thresholds.needsPerson && judgement.evidence.length > 0) {
      add('human_requested', `intent human_request (confidence ${intent.confidence.toFixed(2)}) and needs a person ${judgement.probability.toFixed(2)} (${words})`);
    } else if (atShop && learnedAnger(text, lexicon, current.polarity, judgement, thresholds.needsPerson)) {
      if (longEnough) add('frustration_trend', `upset after ${earlier.length} earlier turns: needs a person ${judgement.probability.toFixed(2)} (${words})`);
      else add('anger', `needs a person ${judgement.probability.toFixed(2)} ≥ ${thresholds.needsPerson} (${words})`);
    } else {
      // An angry sentence beside a calm question: the message as a whole reads calmer than it is.
      const sentence = upsetSentence(input.text, current.polarity, judge, thresholds.needsPerson, atShop, lexicon);
      if (sentence) {
        const because = `needs a person ${sentence.judgement.probability.toFixed(2)} ≥ ${thresholds.needsPerson} in ${quote(sentence.text)} (words that weighed most: ${sentence.judgement.evidence.join(', ')}; ${sentimentNote})`;
        add(longEnough ? 'frustration_trend' : 'anger', longEnough ? `upset after ${earlier.length} earlier turns: ${because}` : because);
      } else if (atShop && longEnough && learnedAnger(text, lexicon, current.polarity, judgement, UPSET_PROBABILITY)) {
        add('frustration_trend', `upset after ${earlier.length} earlier turns: needs a person ${judgement.probability.toFixed(2)} ≥ ${UPSET_PROBABILITY} (${words})`);
      } else if (atShop && current.polarity < 0 && !deEscalated.test(text)) {
        // The course of the conversation: each turn needing a person more than the one before.
        const course = learnedTrend([...earlier.map((m) => judge(m.text).probability), judgement.probability], thresholds.trendTurns);
        if (course) add('frustration_trend', `needs a person ${course.values.map((v) => v.toFixed(2)).join(' → ')} over the last ${course.values.length} turns (${words})`);
      }
    }
  }

  const repeat = repeatedQuestion(text, earlier, input.history, { similarity: thresholds.repeatSimilarity, lookback: thresholds.repeatLookback });
  if (repeat)
    add('repeated_question', `asked again${repeat.insisted ? ', insisting' : ''} after the bot's answer: ${quote(repeat.earlier)} (similarity ${repeat.score.toFixed(2)})`);

  return { escalate: reasons.length > 0, reasons, evidence };
}

/** The core's escalation port, deciding with these thresholds and the shipped needs-person model. */
export function escalationPolicy(thresholds: EscalationThresholds = defaultEscalationThresholds): EscalationPolicy {
  return { decide: (input) => decideEscalation(input, thresholds), disabledReasons: thresholds.disabledReasons };
}
