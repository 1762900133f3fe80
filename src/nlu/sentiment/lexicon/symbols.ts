/** Emoji and emoticons; WeChat's bracket codes ("[发怒]") are what its clients send for stickers. */
export const symbolWeights: Record<string, number> = {
  '😡': -3, '🤬': -3, '😠': -2.5, '😤': -2, '😞': -1.5, '😢': -1.5, '😭': -2, '👎': -2, '💢': -2, '🙄': -1.5, '😒': -1.5,
  '😑': -1, '😓': -1, '😔': -1.5, '😩': -2, '😫': -2, '🤮': -3, '💩': -2.5, '😾': -2, '😣': -1.5, '😖': -1.5, '🤦': -1.5,
  '😊': 1.5, '🙂': 0.8, '😀': 1.5, '😄': 1.5, '😁': 1.5, '😃': 1.5, '👍': 1.5, '❤️': 2, '❤': 2, '🙏': 1, '🎉': 2, '👌': 1.2,
  '💯': 2, '🥰': 2.5, '😍': 2.5, '🤗': 1.5, '😘': 1.5, '👏': 1.5, '🌹': 1,
  ':(': -1.5, ':-(': -1.5, ":'(": -2, '>:(': -2.5, ':/': -0.8, ':-/': -0.8, ':)': 1.2, ':-)': 1.2, ':D': 1.5, '^_^': 1.2,
  '[发怒]': -3, '[抓狂]': -2.5, '[流泪]': -1.5, '[大哭]': -2, '[难过]': -1.5, '[委屈]': -1.5, '[鄙视]': -2, '[白眼]': -1.5,
  '[衰]': -1, '[弱]': -1.5, '[囧]': -0.5, '[强]': 1.5, '[玫瑰]': 1, '[爱心]': 1.5, '[呲牙]': 1, '[偷笑]': 0.5, '[抱拳]': 1,
  '[微笑]': 0, '[OK]': 1, '[握手]': 1, '[胜利]': 1.5, '[愉快]': 1.5, '[憨笑]': 1, '[可怜]': -1, '[快哭了]': -1.5,
};

/**
 * Swearing and insults. Each is a whole-word or guarded pattern: 操作 (operate), 滚筒 (drum)
 * and USB must not read as abuse.
 */
export const abusePatterns: readonly RegExp[] = [
  /\bf+u+c+k+\w*/i, /\bf\*+k\w*/i, /\bshit+\w*/i, /\bbullshit\b/i, /\bwtf\b/i, /\bcrap\b/i, /\bbastards?\b/i,
  /\bidiots?\b/i, /\bmorons?\b/i, /\bstupid\b/i, /\bassholes?\b/i, /\bdumb\b/i, /\bclowns\b/i, /\bscrew you\b/i,
  /\bpiss off\b/i, /\bdamn you\b/i, /\bgo to hell\b/i,
  /他妈的?|妈的|尼玛|你妈|草泥马|卧槽|我靠|傻[逼比屄]|煞笔|脑残|智障|白痴|废物|混蛋|王八蛋|狗屎|去死|滚(?:吧|开|蛋|粗)|给我滚|操你|日你/,
  /(?<![a-z0-9_-])(?:sb|cnm|nmsl|tmd|nmb|mmp)(?![a-z0-9_-])/i,
];
