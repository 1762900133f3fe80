/**
 * English weights in -3..3, written for after-sales chat rather than reviews in general:
 * feelings and verdicts weigh most, problem reports ("late", "broken") a little, and words of
 * a plain request ("refund", "cancel") nothing, since asking for one is not a complaint.
 */
export const englishWords: Record<string, number> = {
  // feelings and verdicts
  angry: -2.5, furious: -3, outraged: -3, livid: -3, mad: -2, pissed: -2.5, annoyed: -1.5, annoying: -1.5,
  irritated: -1.5, infuriating: -3, frustrated: -2, frustrating: -2, disappointed: -1.8, disappointing: -1.8,
  upset: -1.8, unhappy: -1.8, sad: -1.2, worried: -1, concerned: -0.6, confused: -0.5, disgusted: -3,
  terrible: -2.5, awful: -2.5, horrible: -2.5, dreadful: -2.5, appalling: -3, atrocious: -3, abysmal: -3,
  shocking: -2, disgraceful: -3, disgrace: -3, shambles: -2.5, nightmare: -2.5, disaster: -2.5, worst: -3,
  bad: -1.5, poor: -1.5, lousy: -2, crappy: -2.5, useless: -2.5, worthless: -2.5, hopeless: -2, unhelpful: -2,
  unprofessional: -2.2, incompetent: -2.5, rude: -2.2, careless: -1.5, sloppy: -1.5, ridiculous: -2.5,
  unacceptable: -2.5, outrageous: -2.8, pathetic: -2.5, disgusting: -3, garbage: -2.5, trash: -2.5,
  rubbish: -2.5, junk: -2, joke: -1.5, unbelievable: -1.5, scam: -3, scammed: -3, fraud: -3, fraudulent: -3,
  liars: -3, liar: -3, lied: -2.5, lying: -2.5, dishonest: -2.5, misleading: -2, cheated: -2.5,
  thieves: -3, stole: -2.5, stealing: -2.5, hate: -2.5, hated: -2.5, sucks: -2.5, regret: -1.8, shame: -1.5,
  hassle: -1.5, headache: -1.2, fail: -1.5, failed: -1.2, failure: -1.5, seriously: -1, enough: -0.5,
  excuse: -0.8, excuses: -1.5, ignored: -2, ignoring: -2, wasted: -1.8, waste: -1.5, overcharged: -2,
  // problem reports
  broken: -1.2, damaged: -1.2, defective: -1.2, faulty: -1.2, cracked: -1, scratched: -0.8, dented: -0.8,
  leaking: -1, late: -0.8, delayed: -0.8, missing: -0.8, lost: -0.8, wrong: -0.8, stuck: -0.8, slow: -1,
  soaked: -1, wet: -0.6, forever: -1, never: -0.5, waiting: -0.3, still: -0.3, again: -0.3, asap: -0.5, urgent: -0.5, immediately: -0.5,
  // goodwill
  good: 1.5, great: 2, excellent: 2.5, perfect: 2.5, amazing: 2.5, awesome: 2.5, love: 2.5, loved: 2.5,
  lovely: 2, happy: 2, glad: 1.5, pleased: 1.5, satisfied: 1.5, helpful: 1.8, quick: 1, fast: 1, nice: 1.5,
  thanks: 1.5, thank: 1.5, thx: 1.2, ty: 1, appreciate: 1.5, appreciated: 1.5, wonderful: 2.5, fantastic: 2.5,
  brilliant: 2.5, superb: 2.5, outstanding: 2.5, impressed: 2, recommend: 1.5, smooth: 1.2, easy: 1,
  friendly: 1.8, polite: 1.2, kind: 1.2, patient: 1.2, reliable: 1.5, professional: 1.5, fine: 0.5, ok: 0.3,
  okay: 0.3, resolved: 1, solved: 1, fixed: 1, works: 0.5, cheers: 1, cool: 1, 'well-packed': 1.5,
};

/** Matched before single words, so "not working" is a problem rather than a negated "working". */
export const englishPhrases: Record<string, number> = {
  "doesn't work": -1.5, 'does not work': -1.5, 'not working': -1.5, 'stopped working': -1.5, "won't turn on": -1.5,
  "won't charge": -1.5, "doesn't turn on": -1.5, 'no longer works': -1.5, "didn't work": -1.5,
  "haven't received": -1, "hasn't arrived": -1, "didn't receive": -1, 'never received': -1.5, 'never arrived': -1.5,
  'not received': -1, 'not arrived': -1, 'still not': -1, 'still no': -1, 'still nothing': -1.5, 'still waiting': -1.2,
  'charged twice': -1.5, 'double charged': -1.5, 'no response': -1.5, 'no reply': -1.5, 'no answer': -1, 'no one': -1,
  nobody: -1, 'not happy': -2, 'not ok': -1.5, 'not acceptable': -2.5, 'no help': -2, 'not helpful': -2, 'of no use': -2,
  'what the hell': -2.5, 'are you kidding': -2.5, 'you kidding me': -2.5, 'give me a break': -2, "for god's sake": -2.5,
  'come on': -1, 'how many times': -2, 'enough is enough': -2.5, 'had enough': -2.5, 'last straw': -3, 'waste of time': -2.5,
  'waste of money': -2.5, 'rip off': -3, 'rip-off': -3, 'ripped off': -3, 'fed up': -2.5, 'sick of': -2.5, 'tired of': -2,
  'sick and tired': -3, 'never again': -2.5, 'never buying': -2.5, 'never order': -2.5, "won't buy": -2, 'last time i': -1.5,
  'pissed off': -3, 'shut up': -2.5, 'right now': -0.8, 'yet again': -1.2, 'third time': -1.5, 'once again': -0.8,
  'not bad': 1, 'not too bad': 0.8, 'no problem': 1, 'no worries': 1, 'thank you': 1.5, 'thanks a lot': 2,
  'thank you so much': 2.5, 'thanks so much': 2.5, 'well done': 2, 'works great': 2, 'works perfectly': 2.5, 'works fine': 1.2,
  'took forever': -1.5, 'been waiting': -1.2, 'anyone there': -0.8, 'is anybody there': -0.8, 'how long': 0, 'how much': 0, 'as soon as possible': -0.5, 'good morning': 0, 'good afternoon': 0, 'good evening': 0,
};

export const englishNegators = new Set([
  'not', 'no', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", "aren't", "weren't",
  "won't", "can't", 'cant', 'cannot', 'never', 'hardly', 'barely', 'without', "haven't", "hasn't", "couldn't", "wouldn't",
  "shouldn't", 'neither', 'nor',
]);

export const englishIntensifiers: Record<string, number> = {
  very: 1.4, really: 1.35, so: 1.3, extremely: 1.8, totally: 1.5, absolutely: 1.6, completely: 1.5, too: 1.25,
  super: 1.5, incredibly: 1.7, utterly: 1.8, truly: 1.4, highly: 1.4, most: 1.3, such: 1.2, damn: 1.4, bloody: 1.4,
  freaking: 1.5, fucking: 1.6, beyond: 1.5, seriously: 1.3,
};

/** Soften what follows: "a bit late" is not "late". */
export const englishDampeners: Record<string, number> = {
  bit: 0.5, slightly: 0.5, somewhat: 0.6, little: 0.6, kinda: 0.6, rather: 0.8, fairly: 0.8, quite: 0.9, partly: 0.6,
};

/** A clause after one of these carries more weight than the one before ("thanks, but it's broken"). */
export const englishContrasts = new Set(['but', 'however', 'although']);
