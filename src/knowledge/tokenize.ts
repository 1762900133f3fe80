const englishStopwords = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being do does did done have has had i me my we our you your he she it its they them their this that these those what which who whom when where why how can could would should will shall may might must not no yes so than too very just also there here about into over under again then once all any some such only own same other more most few both each up down out off s t please hi hello thanks thank get got im i\'m'.split(
    /\s+/,
  ),
);

const chineseStopChars = new Set('的了吗呢吧啊呀哦嘛么是在我你他她它们这那有和与及或就都也还要会能可以请问一下个些'.split(''));

// Light suffix stripping so "refunds", "refunded" and "refunding" meet "refund".
function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'es', 's', 'ly']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'es' && !/(?:ss|x|ch|sh|z)$/.test(base) ? word.slice(0, -1) : base;
    }
  }
  return word;
}

/**
 * Index terms for mixed Chinese/English text: stemmed English words, digit runs (order
 * numbers, article numbers), and overlapping Han bigrams plus unigrams. Bigrams are the
 * classic segmentation-free choice for Chinese retrieval; unigrams rescue one-character words.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  const lowered = text.toLowerCase().normalize('NFKC');
  for (const match of lowered.matchAll(/[a-z][a-z'’-]*|\d+(?:\.\d+)?|\p{Script=Han}+/gu)) {
    const token = match[0];
    if (/^\p{Script=Han}/u.test(token)) {
      for (let i = 0; i < token.length; i++) {
        const char = token[i]!;
        if (!chineseStopChars.has(char)) terms.push(char);
        if (i + 1 < token.length) terms.push(token.slice(i, i + 2));
      }
    } else if (/^\d/.test(token)) {
      terms.push(token);
    } else {
      const word = token.replace(/['’]s$/, '').replace(/['’-]/g, '');
      if (word.length > 1 && !englishStopwords.has(word)) terms.push(stem(word));
    }
  }
  return terms;
}
