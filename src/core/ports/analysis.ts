import type { EscalationDecision, EscalationReason, IntentResult, Language, SentimentScore, StoredMessage } from '../../domain/types.js';

export interface SentimentInput {
  text: string;
  language: Language;
}

/** Any sentiment scorer: a lexicon, a local BERT model, or a blend. Batched by design. */
export interface SentimentAnalyser {
  readonly name: string;
  analyse(inputs: readonly SentimentInput[]): Promise<SentimentScore[]>;
}

export interface IntentInput {
  text: string;
  language: Language;
}

/** Any intent recogniser: keyword rules, nearest examples, an LLM. */
export interface IntentClassifier {
  readonly name: string;
  classify(input: IntentInput): Promise<IntentResult>;
}

export interface EscalationInput {
  text: string;
  /** The turn's sentiment (model and lexicon, or the lexicon alone). */
  sentiment: SentimentScore | null;
  /** Earlier messages of the conversation, oldest first. */
  history: readonly StoredMessage[];
  now?: Date;
  /** The turn's intent: a confident `human_request` counts as asking for a person. */
  intent?: { label: string; confidence: number } | null;
}

/** Decides whether a turn goes to staff, with the reasons and evidence staff read back. */
export interface EscalationPolicy {
  decide(input: EscalationInput): EscalationDecision;
  /** Reasons switched off by configuration: the core never escalates for these either. */
  readonly disabledReasons: readonly EscalationReason[];
}

export type SmallTalk = 'hello' | 'thanks' | 'goodbye' | 'acknowledge';

/** The readings of a customer's message the reply and retrieve stages consult. */
export interface MessageReading {
  /** The social turn a message is ("thanks!", "bye"), or null when it is about something. */
  smallTalkOf(text: string): SmallTalk | null;
  /** The message asks a question or for something (as opposed to venting). */
  asksSomething(text: string): boolean;
  /** The customer sounds upset: an unanswered upset customer is handed over, a calm one offered a colleague. */
  soundsUpset(text: string, sentiment: SentimentScore | null): boolean;
  /** The message reports a physical hazard (smoke, sparks, burns): its policy steps go with the hand-over. */
  isPhysicalHazard(text: string): boolean;
  /** Search words that find the safety policy for a hazard report. */
  safetyHint(language: Language): string;
}
