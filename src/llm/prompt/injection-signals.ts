/**
 * Phrases that try to give the model new instructions, in English and Chinese. They change
 * nothing by themselves (the data is delimited and the output is checked either way): a
 * customer message that has them is noted in the turn's trace; a policy passage that has
 * them is left out of the prompt, since a real policy never talks to the model.
 */
const signals: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(?:instructions?|rules?|prompts?|guidelines?|above|previous|prior|earlier)\b/i,
  /\b(?:you are now|from now on,? you|pretend (?:to be|you are)|roleplay as|you must now)\b/i,
  /\b(?:system prompt|developer mode|jailbreak|DAN mode|new instructions?|hidden instructions?)\b/i,
  /\b(?:reveal|print|show|repeat|output)\b[^.\n]{0,30}\b(?:system prompt|your (?:prompt|instructions|rules))\b/i,
  /^\s*(?:assistant|system)\s*:/im,
  /<\s*\/?\s*(?:passages?|customer_message|conversation_(?:history|summary|turns)|previous_summary|system|instructions?)\b/i,
  /(?:忽略|无视|忘记|忘掉|不要遵守|不用遵守|不必遵守)[^。\n]{0,12}(?:指令|规则|说明|提示|设定|要求)/,
  /你现在是|从现在开始[，,]?你|扮演|假装你是|角色扮演/,
  /系统提示|提示词|开发者模式|越狱|新的指令|隐藏指令/,
  /(?:输出|告诉我|显示|重复|泄露|透露)[^。\n]{0,12}(?:系统提示|提示词|你的指令|你的规则)/,
];

export function looksLikeInstructions(text: string): boolean {
  const clean = text.normalize('NFKC');
  return signals.some((signal) => signal.test(clean));
}
