import { accountRiskPatterns } from './phrases.js';
import { findPhrase, type PhraseMatch } from './match-phrases.js';

/**
 * Safety (`high_risk_topic`) is decided by what happened, not by danger words: a thing caught
 * fire, smoked, melted or swelled; someone was burnt, cut, shocked or made ill; a child may have
 * swallowed something. Words that only name a danger ("burn time" of a candle, "气炸了" about a
 * colour, a fire extinguisher) or a mild warmth the customer asks about ("有点烫手，是正常的吗")
 * are not an incident. Each kind of event is one pattern per language.
 */
const events: ReadonlyArray<{ kind: string; patterns: readonly RegExp[] }> = [
  {
    kind: 'fire or smoke',
    patterns: [
      /冒烟|冒黑烟|冒火|着火|起火|失火|燃起来|烧起来|自燃|爆炸|(?<!气|肺要|快被)炸了|炸开|烧焦|烤焦|烧糊|烤黄了?|烫黄了?|焦味|糊味|焦糊|火花|烧坏了?(?:插座|插头|线)/,
      /\b(?:smok(?:e|ed|ing|ey)\b(?!\s*(?:gr[ae]y|black|blue|detectors?|alarms?))|on\s+fire|caught\s+fire|catch(?:es|ing)?\s+fire|burst\s+into\s+flames|flames?\s+(?:came|coming|shot)|fire\s+hazard|burn(?:ed|t|ing)?\s+(?:\w+\s+){0,2}down|explod(?:e|ed|ing|es)|explosion|blew\s+up|sparks?\s+(?:came|flew|coming)|sparking|(?:a|little|small|big|tiny)\s+spark\s+(?:at|from|in|out\s+of|when|inside)|sparked\s+(?:when|as|at)|scorch(?:ed|\s+marks?)|burn(?:t|ed)?\s+(?:marks?|out\s+the\s+socket)|smells?\s+(?:of|like)\s+(?:burning|melting|melted|hot\s+plastic|gas)|burning\s+smell|melt(?:ed|ing)|short[\s-]circuit\w*|tripped\s+(?:the|a|my)\s+(?:fuse|breaker|electrics|power))\b/i,
    ],
  },
  {
    kind: 'battery swelling or leaking',
    patterns: [
      /鼓包|鼓起|鼓了|胀起来|膨胀|漏液|漏酸|(?:充电|发热|发烫)[^。！？]{0,15}(?:外壳)?(?:有点|有些)?变形|外壳(?:鼓|变形)/,
      /\b(?:swell(?:ed|ing|s)?|swollen|bulg(?:e|ed|es|ing)|puff(?:ed|ing)\s+up|leak(?:ed|ing|s)?\s+(?:acid|battery|chemicals?|fluid))\b/i,
    ],
  },
  {
    kind: 'someone hurt',
    patterns: [
      /烫伤|烧伤|(?:起了?|长了?)(?:个|几个)?(?:水)?泡|水泡|受伤|伤到|割伤|划伤|划破|划了(?:个|一道|一个)?(?:大)?口子|缝了[一二三四五六七八九十\d几]+针|流血|出血|扎伤|触电|漏电|被电|电到|电了一下|麻麻的|过敏|起疹|红疹|皮疹|红肿|中毒|呕吐|拉肚子|腹泻|送医|住院|急诊|窒息|卡喉|噎住/,
      /\b(?:burn(?:t|ed)\s+(?:myself|my|his|her|their|our|the\s+(?:baby|child|kid))|(?:got|was|were|been|get|gets|getting)\s+(?:badly\s+|slightly\s+)?(?:burn(?:ed|t)|scalded|cut|shocked|hurt|injured|electrocuted)|scald(?:ed|ing|s)?|(?:a\s+)?(?:small|minor|bad|nasty|big)\s+burns?|(?:got|have|has|had)\s+(?:a\s+)?burns?|blister\w*|injur(?:y|ed|ies)|hurt\s+(?:myself|me|my|him|her|them)|cut\s+(?:myself|my|his|her)|(?:needed|got|had)\s+(?:\d+|a\s+few|several|two|three|four|five)?\s*stitches|bleed(?:ing)?|bled|electric(?:al)?\s+shock|shocked\s+(?:me|him|her)|got\s+(?:a\s+|an\s+)?(?:electric\s+|nasty\s+)?shock|allergic\s+reaction|rash|hives|poison(?:ed|ing)|food\s+poisoning|vomit\w*|threw\s+up|diarrh\w*|sick\s+after\s+(?:eating|drinking|using)|choking|choked|hospital|emergency\s+room|a\s*&\s*e\b|carbon\s+monoxide|fumes|gas\s+leak)\b/i,
    ],
  },
  {
    kind: 'a child may have swallowed something',
    patterns: [
      /(?:孩子|宝宝|小孩|儿子|女儿|娃)[^。！？]{0,30}(?:吞|咽|误食|放进嘴|塞进嘴)|误吞|误食|(?:纽扣电池|磁铁|磁珠|小零件)[^。！？]{0,20}(?:少了?|不见|找不到|吞|咽)/,
      /\b(?:swallow\w*|(?:put|had)\s+(?:it|one|a\s+\w+)\s+in\s+(?:his|her|their)\s+mouth|(?:button|coin)\s+(?:cell|battery|batteries)\b[^.!?]{0,40}\b(?:missing|gone|can't\s+find|cannot\s+find|swallow\w*))\b/i,
    ],
  },
  {
    kind: 'dangerous heat, glass or food',
    patterns: [
      /发烫(?:得|到)?(?:厉害|不敢|拿不住)|烫得(?:不敢|拿不住|受不了|握不住)|过热(?:断电|冒烟|关机)?|刺鼻|有毒|碎玻璃|玻璃渣|发霉|变质/,
      /\b(?:too\s+hot\s+to\s+(?:hold|touch)|(?:got|gets|getting)\s+(?:extremely|dangerously|scarily)\s+hot|overheat(?:ed|ing|s)|toxic|shards?\s+of\s+glass|broken\s+glass\s+(?:in|inside)|mou?ldy|mou?ld\s+(?:on|in|growing|all\s+over))\b/i,
    ],
  },
];

/** Names, colours and idioms that contain a hazard word but report nothing that happened. */
export const highRiskFalseFriends: readonly RegExp[] = [
  // A capitalised hazard word inside a sentence is a product's name ("the Spark mini speaker", "my Blaze kettle").
  /(?<=[\p{Ll},]\s+|['"‘“])(?:Spark|Sparks|Fire|Flame|Flames|Smoke|Blaze|Inferno|Burn|Thunder)\b/u,
  /\bburn[-\s]in\b|\bburn\s*(?:time|hours?|rate|length)\b|\bsmoke\s*(?:gr[ae]y|black|blue|detectors?|alarms?)\b|\bfire\s*(?:tv|tablet|stick|hd|extinguishers?|blankets?|alarms?|sale|pit)\b|\bkindle\s+fire\b|\bburn(?:ing)?\s+(?:a\s+)?(?:cd|dvd|disc)s?\b|\bflame\s+(?:red|orange)\b|\bfirewall\b|\bsparkl\w*|\bmelt(?:ed|ing)?\s+(?:cheese|chocolate|butter|wax)\b|\bswollen\s+(?:prices?|budget)\b|\b(?:cigarettes?|cigars?|tobacco|bonfire|wood)\s+smoke\b|\bchoking\s+hazard\b/i,
  /烟灰色|烟熏色|火速|火爆|爆炸价|价格爆炸|烟味(?=[^。！？]{0,6}(?:快递|烟民|抽烟))|上火|红火|火锅|烟雾报警器|灭火器|医院?用品|气炸|炸锅|炸篮|油炸|炸鸡|炸薯条|爆炸款|爆款/,
];

function masked(text: string): string {
  return highRiskFalseFriends.reduce((rest, friend) => rest.replace(new RegExp(friend.source, `${friend.flags.replace('g', '')}g`), (m) => ' '.repeat(m.length)), text);
}

export interface SafetyIncident extends PhraseMatch {
  kind: string;
}

/** The first physical incident the message reports (denied ones, "no smoke", left out); null when none. */
export function findPhysicalIncident(text: string): SafetyIncident | null {
  const cleaned = masked(text);
  for (const { kind, patterns } of events) {
    const match = findPhrase(cleaned, patterns);
    if (match) return { kind, index: match.index, text: text.slice(match.index, match.index + match.text.length) };
  }
  return null;
}

/**
 * A safety or account incident for `high_risk_topic`, with the words as evidence. Mild warmth
 * ("有点烫手", "gets a bit warm") finds nothing, since no event pattern holds it.
 */
export function findSafetyIncident(text: string): SafetyIncident | null {
  const physical = findPhysicalIncident(text);
  if (physical) return physical;
  const account = findPhrase(text, accountRiskPatterns);
  return account ? { ...account, kind: 'account or money at risk' } : null;
}

/** A report of physical danger (smoke, fire, injury), as opposed to fraud. */
export function isPhysicalHazard(text: string): boolean {
  return findPhysicalIncident(text) !== null;
}
