import { applyContrast, type LexiconCue } from './cues.js';
import { englishContrasts, englishDampeners, englishIntensifiers, englishNegators, englishPhrases, englishWords } from './words-en.js';

const tokenPattern = /[A-Za-z][A-Za-z'’-]*|[.!?;,\n]/g;
const clauseBreak = /^[.!?;,\n]$/;
const NEGATION_SCOPE = 3;

/** Phrases indexed by their first word, longest first, so matching is one lookup per token. */
const phrasesByFirstWord = new Map<string, Array<{ words: string[]; weight: number }>>();
for (const [phrase, weight] of Object.entries(englishPhrases)) {
  const words = phrase.split(' ');
  const list = phrasesByFirstWord.get(words[0]!) ?? [];
  list.push({ words, weight });
  list.sort((a, b) => b.words.length - a.words.length);
  phrasesByFirstWord.set(words[0]!, list);
}

/** "soooo" → "so", "pleeease" → "please": elongation is emphasis, not a new word. */
function lookupWord(word: string): { weight: number; elongated: boolean } | undefined {
  const direct = englishWords[word];
  if (direct !== undefined) return { weight: direct, elongated: false };
  if (!/(.)\1\1/.test(word)) return undefined;
  for (const collapsed of [word.replace(/(.)\1{2,}/g, '$1$1'), word.replace(/(.)\1{2,}/g, '$1')]) {
    const weight = englishWords[collapsed];
    if (weight !== undefined) return { weight, elongated: true };
  }
  return undefined;
}

const isShouted = (token: string) => token.length >= 2 && token === token.toUpperCase() && /[A-Z]/.test(token);

/**
 * VADER-style scoring: phrases first, then words, each modified by an intensifier or dampener
 * right before it, negation within three words of the same clause, capitals when the rest is
 * not shouted, and a contrast ("but") that shifts weight to the clause after it.
 */
export function scoreEnglish(text: string): LexiconCue[] {
  const raw = text.match(tokenPattern) ?? [];
  const tokens = raw.map((token) => token.toLowerCase().replace(/’/g, "'"));
  const wordCount = raw.filter((token) => !clauseBreak.test(token)).length;
  const allShouted = wordCount > 0 && raw.filter((t) => !clauseBreak.test(t)).every(isShouted);
  const cues: Array<LexiconCue & { position: number }> = [];
  let negationLeft = 0;
  let factor = 1;
  let contrastAt = -1;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (clauseBreak.test(token)) {
      negationLeft = 0;
      factor = 1;
      continue;
    }
    const phrase = phrasesByFirstWord.get(token)?.find(({ words }) => words.every((w, k) => tokens[i + k] === w));
    if (phrase) {
      if (phrase.weight !== 0) cues.push({ text: phrase.words.join(' '), weight: phrase.weight * factor, position: i });
      i += phrase.words.length - 1;
      negationLeft = 0;
      factor = 1;
      continue;
    }
    if (englishContrasts.has(token)) {
      contrastAt = i;
      negationLeft = 0;
      factor = 1;
      continue;
    }
    if (englishNegators.has(token)) {
      negationLeft = NEGATION_SCOPE;
      // "never" and "no" are also complaints of their own ("never again", "no reply").
      const own = englishWords[token];
      if (own) cues.push({ text: token, weight: own, position: i });
      continue;
    }
    const collapsed = token.replace(/(.)\1{2,}/g, '$1');
    const intensity = englishIntensifiers[token] ?? englishIntensifiers[collapsed];
    const damping = englishDampeners[token];
    const found = lookupWord(token);
    if ((intensity !== undefined || damping !== undefined) && !found) {
      factor *= intensity ?? damping!;
      continue;
    }
    if (found && found.weight !== 0) {
      let weight = found.weight * factor;
      if (found.elongated) weight *= 1.2;
      if (!allShouted && isShouted(raw[i]!)) weight *= 1.3;
      // "not good" turns negative; "not terrible" is still a complaint, only a softer one.
      if (negationLeft > 0) weight *= weight > 0 ? -0.8 : 0.3;
      cues.push({ text: token, weight, position: i });
    }
    factor = 1;
    if (negationLeft > 0) negationLeft--;
  }
  applyContrast(cues, contrastAt);
  return cues.map(({ text, weight }) => ({ text, weight }));
}
