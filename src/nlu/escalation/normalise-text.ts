/**
 * Customers type fast: "dont", "havent", "its been 11 days", "im", "u". The phrase rules are
 * written for standard spelling, so the text they read has the apostrophes put back and a few
 * chat spellings expanded first. Only unambiguous forms are restored: "its" becomes "it's"
 * only before words that cannot follow the possessive ("its been", "its not"), "wont" only
 * after a subject ("i wont pay"), and "ill" stays (being unwell). Chinese text passes through unchanged.
 */
const contractions: ReadonlyArray<[RegExp, string]> = [
  [/\b(do|does|did|is|was|are|were|has|have|had|could|would|should|must|need)nt\b/gi, "$1n't"],
  [/\bcant\b/gi, "can't"],
  [/\b(i|we|you|they|it|he|she|this|that)\s+wont\b/gi, "$1 won't"],
  [/\bwouldnt\b/gi, "wouldn't"],
  [/\bim\b/gi, "I'm"],
  [/\bive\b/gi, "I've"],
  [/\bid\s+(?=like|love|rather|appreciate|expect)/gi, "I'd "],
  [/\b(you|they|we)re\b/gi, "$1're"],
  [/\b(you|they|we)ve\b/gi, "$1've"],
  [/\bits\s+(?=been|not|a|an|the|so|too|very|just|still|only|now|over|gone|broken|taken|like|ridiculous|always|never|been)\b/gi, "it's "],
  [/\bthats\b/gi, "that's"],
  [/\bwhats\b/gi, "what's"],
  [/\bwheres\b/gi, "where's"],
  [/\btheres\b/gi, "there's"],
  [/\bu\b(?=\s+(?:guys|people|have|are|were|did|do|said|promised|never|sent|told|lied|owe|will|can))/gi, 'you'],
  [/\bur\b(?=\s+(?:shop|store|company|service|team|site|website|app|agent|staff|courier|support))/gi, 'your'],
  [/\bpls\b|\bplz\b/gi, 'please'],
];

/** Curly quotes and apostrophes as the patterns spell them. */
const straightQuotes = (text: string) => text.replace(/[‘’ʼ`]/g, "'").replace(/[“”]/g, '"');

export function normaliseForRules(text: string): string {
  let out = straightQuotes(text);
  for (const [pattern, replacement] of contractions) out = out.replace(pattern, replacement);
  return out;
}
