/**
 * Word weights for the lexicon analyser, in -3..3. Written for after-sales chat, not
 * reviews in general: "late", "broken" and "refund me now" matter more than "boring".
 */
export const englishWeights: Record<string, number> = {
  angry: -2.5, furious: -3, outraged: -3, livid: -3, annoyed: -1.5, frustrated: -2, frustrating: -2,
  disappointed: -1.5, disappointing: -1.5, upset: -1.5, unhappy: -1.5, sad: -1, worried: -1,
  terrible: -2.5, awful: -2.5, horrible: -2.5, worst: -3, bad: -1.5, poor: -1.5, useless: -2.5,
  ridiculous: -2.5, unacceptable: -2.5, pathetic: -2.5, disgusting: -3, garbage: -2.5, trash: -2.5,
  scam: -3, fraud: -3, liars: -3, lied: -2.5, cheated: -2.5, rude: -2, incompetent: -2.5,
  broken: -1.5, damaged: -1.5, defective: -1.5, late: -1, delayed: -1, missing: -1, lost: -1, wrong: -1,
  never: -0.5, waiting: -0.5, still: -0.3, again: -0.3, hate: -2.5, sucks: -2.5, fed: -1,
  good: 1.5, great: 2, excellent: 2.5, perfect: 2.5, amazing: 2.5, awesome: 2.5, love: 2.5, lovely: 2,
  happy: 2, glad: 1.5, pleased: 1.5, satisfied: 1.5, helpful: 1.5, quick: 1, fast: 1, nice: 1.5,
  thanks: 1.5, thank: 1.5, appreciate: 1.5, appreciated: 1.5, wonderful: 2.5, fantastic: 2.5, fine: 0.5,
  ok: 0.3, okay: 0.3, resolved: 1, solved: 1,
};

export const englishPhrases: Record<string, number> = {
  'fed up': -2.5, 'sick of': -2.5, 'waste of time': -2.5, 'waste of money': -2.5, 'not happy': -2,
  'rip off': -3, 'ripped off': -3, 'no one': -1, 'nobody': -1, 'what the hell': -2.5, 'last time': -1,
  'never again': -2.5, 'thank you': 1.5, 'well done': 2, 'works great': 2,
};

export const chineseWeights: Record<string, number> = {
  垃圾: -3, 骗子: -3, 骗人: -3, 欺骗: -3, 坑人: -3, 太差: -2.5, 很差: -2.5, 差劲: -2.5, 差评: -2.5,
  恶心: -3, 无语: -2, 失望: -2, 生气: -2.5, 气死: -3, 愤怒: -3, 火大: -2.5, 崩溃: -2.5, 烦死: -2.5,
  离谱: -2.5, 过分: -2, 忽悠: -2.5, 敷衍: -2, 态度差: -2.5, 不理人: -2, 没人管: -2, 没人理: -2,
  坏了: -1.5, 破损: -1.5, 损坏: -1.5, 有问题: -1, 质量差: -2, 太慢: -1.5, 慢死: -2.5, 迟迟: -1,
  还没: -0.5, 一直: -0.3, 又: -0.3, 到底: -1, 怎么回事: -1.5, 搞什么: -2.5, 什么玩意: -3, 糟糕: -2,
  不满: -2, 难受: -1.5, 郁闷: -1.5, 着急: -1, 烂: -2, 差: -1.5, 坑: -2, 黑店: -3, 无良: -3,
  好评: 2, 满意: 2, 非常好: 2.5, 很好: 2, 不错: 1.5, 挺好: 1.5, 喜欢: 2, 感谢: 1.5, 谢谢: 1.5,
  棒: 2, 赞: 2, 给力: 2, 完美: 2.5, 好用: 2, 开心: 2, 专业: 1.5, 及时: 1, 很快: 1, 辛苦: 1, 解决了: 1,
};

export const englishNegators = new Set(['not', 'no', "don't", 'dont', "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", 'never', "can't", 'cannot', 'hardly']);
export const chineseNegators = ['不', '没', '没有', '别', '无', '未'];

export const englishIntensifiers: Record<string, number> = {
  very: 1.5, really: 1.4, so: 1.3, extremely: 1.8, totally: 1.5, absolutely: 1.6, completely: 1.5,
  too: 1.3, super: 1.5, incredibly: 1.7, utterly: 1.8,
};
export const chineseIntensifiers: Record<string, number> = {
  非常: 1.5, 特别: 1.5, 太: 1.5, 很: 1.3, 真: 1.3, 真的: 1.4, 超: 1.5, 极其: 1.8, 十分: 1.5, 超级: 1.6, 好: 1.2,
};

export const profanity: readonly RegExp[] = [
  /\bf+u+c+k+\w*/i, /\bshit+\w*/i, /\bbullshit\b/i, /\bdamn\b/i, /\bwtf\b/i, /\bcrap\b/i, /\bbastards?\b/i,
  /他妈的?/, /妈的/, /尼玛/, /你妈/, /卧槽/, /我靠/, /靠!/, /傻[逼比]/, /[sS][bB](?![a-zA-Z])/, /混蛋/, /滚/,
];

export const emojiWeights: Record<string, number> = {
  '😡': -3, '🤬': -3, '😠': -2.5, '😤': -2, '😞': -1.5, '😢': -1.5, '😭': -2, '👎': -2, '💢': -2, '🙄': -1.5,
  '😊': 1.5, '🙂': 1, '😀': 1.5, '😄': 1.5, '👍': 1.5, '❤️': 2, '❤': 2, '🙏': 1, '🎉': 2,
};
