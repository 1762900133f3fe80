import type { LexiconCue } from './cues.js';
import { scoreChinese } from './score-chinese.js';
import { scoreEnglish } from './score-english.js';
import { abusePatterns, symbolWeights } from './symbols.js';

export type { LexiconCue } from './cues.js';

/** What the lexicon and rules read in one message; every field is explainable from the text. */
export interface LexiconSignals {
  /** -1..1, VADER's normalisation of the summed cue weights. */
  polarity: number;
  /** Sum of the negative contributions, as a positive number. */
  negative: number;
  positive: number;
  cues: LexiconCue[];
  /** Swearing or insults found (quoted as matched). */
  abuse: string[];
  /** Shouting and exclamation marks scale everything else by this (≥ 1). */
  emphasis: number;
  /** Asked as a question ("Where is my order?", "什么时候发货"). */
  question: boolean;
  /** Phrased as a request ("I'd like to return…", "麻烦帮我…"). */
  request: boolean;
  /** A bare acknowledgement ("好的", "ok", "got it"). */
  acknowledgement: boolean;
}

const ABUSE_WEIGHT = -2.5;
const acronyms = /^(?:SKU|USB|SSD|HDMI|ID|USA|UK|UPS|DHL|EMS|SF|FAQ|PDF|TV|PC|OK|LED|LCD|GPS|API|IMEI|ASAP|EU|ETA)$/;

const englishQuestionStart = /^\s*(?:where|when|what|which|who|whom|whose|why|how|can|could|would|will|is|are|am|was|were|do|does|did|may|might|should|shall|have|has|any)\b/i;
const chineseQuestion = /[吗呢么嘛][\s。.~～!！]*$|什么时候|多久|多长时间|怎么|如何|哪里|哪儿|哪个|哪天|几天|几号|是否|能否|能不能|可不可以|可以吗|行不行|有没有|是不是|请问|咋/;
const englishRequest =
  /\b(?:please|pls|plz|can you|could you|would you|i(?:'d| would) like|i want to|i need to|i wanna|help me|how do i|how can i|let me know|kindly|just checking|wondering|can i|could i|may i|is it possible)\b/i;
/** "好的", "ok", "got it", "我再等等": acknowledging, not feeling. */
const acknowledgement =
  /^(?:好的?|嗯+|哦+|噢+|ok(?:ay)?|k+|收到(?:了)?|明白(?:了)?|知道了|了解(?:了)?|行(?:吧)?|可以|sure|alright|all right|got it|noted|understood|(?:那)?我再等等(?:看)?|i'?ll wait(?: then)?)[\s。.!！~，,]*$/i;
/** Thanks at the end of a question is manners, not satisfaction. */
const politeness = new Set(['thanks', 'thank', 'thank you', 'thx', 'ty', 'appreciate', 'appreciated', 'cheers', '谢谢', '感谢', '多谢', '谢啦']);
const chineseRequest = /请问|麻烦|帮我|帮忙|我要|我想|想要|申请|能不能|可不可以|可以吗|请|希望/;

function emphasisOf(text: string, latin: boolean): { emphasis: number; shouting: boolean } {
  const exclamations = Math.min((text.match(/[!！]/g) ?? []).length, 4);
  const words = latin ? (text.match(/[A-Za-z]{3,}/g) ?? []) : [];
  const shouted = words.filter((w) => w === w.toUpperCase() && !acronyms.test(w));
  const shouting = shouted.length >= 2 && shouted.length / words.length >= 0.5;
  return { emphasis: 1 + exclamations * 0.12 + (shouting ? 0.3 : 0), shouting };
}

const symbols = Object.entries(symbolWeights).filter(([, weight]) => weight !== 0);
const hasSymbolCandidate = /[^\p{L}\p{N}\s]/u;

function symbolCues(text: string): LexiconCue[] {
  const cues: LexiconCue[] = [];
  if (!hasSymbolCandidate.test(text)) return cues;
  for (const [symbol, weight] of symbols) {
    if (!text.includes(symbol)) continue;
    const count = text.split(symbol).length - 1;
    if (count > 0) cues.push({ text: symbol, weight: weight * Math.min(count, 3) });
  }
  return cues;
}

const normalise = (sum: number) => sum / Math.sqrt(sum * sum + 15);

/** Scores one text in whichever of English and Chinese it contains (both, when mixed). */
export function lexiconSignals(text: string): LexiconSignals {
  const latin = /[A-Za-z]/.test(text);
  const han = /\p{Script=Han}/u.test(text);
  const cues = [...(latin ? scoreEnglish(text) : []), ...(han ? scoreChinese(text) : []), ...symbolCues(text)];
  const abuse = abusePatterns.map((pattern) => pattern.exec(text)?.[0]).filter((m): m is string => m !== undefined);
  for (const word of abuse.slice(0, 2)) cues.push({ text: word, weight: ABUSE_WEIGHT });

  const { emphasis, shouting } = emphasisOf(text, latin);
  const trimmed = text.trim();
  const question = /[?？]/.test(trimmed) || (latin && englishQuestionStart.test(trimmed)) || (han && chineseQuestion.test(trimmed));
  const request = (latin && englishRequest.test(trimmed)) || (han && chineseRequest.test(trimmed));
  const acknowledged = acknowledgement.test(trimmed);
  if (question || request) for (const cue of cues) if (politeness.has(cue.text)) cue.weight *= 0.3;
  // "???" and shouting read as impatience even when no word says so.
  if (/[?？]{2,}|[?？][!！]|[!！][?？]/.test(trimmed)) cues.push({ text: '?!', weight: -0.6 });
  if (shouting && !cues.some((cue) => cue.weight < 0)) cues.push({ text: 'CAPS', weight: -0.6 });

  let negative = 0;
  let positive = 0;
  for (const cue of cues) {
    cue.weight *= emphasis;
    if (cue.weight < 0) negative -= cue.weight;
    else positive += cue.weight;
  }
  return { polarity: normalise(positive - negative), negative, positive, cues, abuse, emphasis, question, request, acknowledgement: acknowledged };
}
