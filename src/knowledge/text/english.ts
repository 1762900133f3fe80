export const englishStopwords: ReadonlySet<string> = new Set(
  `a an the and or but if of to in on at by for with from as is are was were be been being do does did done doing have has
  had having i me my mine we us our ours you your yours he him his she her it its they them their this that these those
  what which who whom whose when where why how can could would should will shall may might must not no nor yes so than too
  very just also there here about into onto over under again then once all any some such only own same other more most few
  both each up down out off s t please hi hello hey thanks thank get got gets im ive id ill dont cant wont isnt arent wasnt
  am let lets want wanted need needed like would'd ok okay via per`.split(/\s+/),
);

/** Words that change a phrase's meaning; kept when matching glossary phrases ("not working"). */
export const negations: ReadonlySet<string> = new Set(['no', 'not', 'never', 'without', 'nor']);

const keepDouble = new Set(['l', 's', 'z']);

/**
 * A light suffix stripper: "refunds", "refunded", "refunding" → "refund"; "shipping",
 * "shipped" → "ship"; "charges", "charged" → "charg". Consistent, not linguistic: the same
 * word always meets itself, which is all a keyword index needs.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ly']) {
    // "-ly" only on longer words, and not "apply", "supply", "reply".
    if (suffix === 'ly' && (w.length < 7 || w.endsWith('ply'))) continue;
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      const last = w.at(-1)!;
      if (w.length > 3 && last === w.at(-2) && !keepDouble.has(last) && !/[aeiou]/.test(last)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** "7-day" → 7, day; "no-reason" → no, reason; "customer's" → customer. */
export function latinWords(token: string): string[] {
  return token
    .replace(/['’]s$/, '')
    .replace(/['’]/g, '')
    .split(/[-_]+/)
    .filter(Boolean);
}
