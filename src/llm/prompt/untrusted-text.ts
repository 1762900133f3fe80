/**
 * Customer messages, policy documents and earlier turns go into the prompt as data, inside
 * ASCII tags (`<customer_message>…</customer_message>`). For the tags to mean anything, the
 * data must not be able to write them: angle brackets become ‹ ›, so only the template's own
 * tags are real; look-alikes of the block names in any bracket style lose their brackets;
 * invisible and direction-changing characters (used to hide instructions) are removed;
 * the words the code reads in the model's output (citation ids, NO_ANSWER) are defused.
 */
const blockNames = 'customer[_ ]?message|conversation[_ ]?(?:history|summary|turns)|previous[_ ]?summary|passages?|system|instructions?';
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const invisible = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const bracketLookalike = new RegExp(`[‹《〈«⟨【\\[({｛]\\s*(/?)\\s*(${blockNames})\\b([^›》〉»⟩】\\])}｝\\n]{0,40})[›》〉»⟩】\\])}｝]`, 'gi');

/**
 * Full-width Latin letters, digits and brackets to ASCII, so "＜／ｃｕｓｔｏｍｅｒ_message＞" is
 * seen for what it is; Chinese punctuation (，。（）：) is left as the customer wrote it.
 */
function latinHalfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF1C\uFF1E\uFF3B\uFF3D\uFF3F\uFF0F\uFF5B\uFF5D]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

export function asData(text: string): string {
  return (
    latinHalfWidth(text)
      .replace(/[﹤]/g, '<')
      .replace(/[﹥]/g, '>')
      .replace(invisible, '')
      .replace(/</g, '‹')
      .replace(/>/g, '›')
      .replace(bracketLookalike, (_, slash: string, name: string, rest: string) => `(${slash}${name.replace(/_/g, ' ')}${rest})`)
      .replace(/\b(customer|conversation|previous)_(message|history|summary|turns)\b/gi, '$1 $2')
      // "[P3]" in a customer's message or a document must not read as a citation the model can copy.
      .replace(/\[\s*(P\s*\d+)\s*\]/gi, '$1')
      .replace(/NO_ANSWER/gi, 'NO ANSWER')
      .trim()
  );
}

/** One line of data: earlier turns are shown one per line, so a message cannot fake a new speaker. */
export function asDataLine(text: string): string {
  return asData(text).replace(/\s*\n+\s*/g, ' / ');
}

/** An attribute value inside a tag (a document's file name or heading). */
export function asAttribute(text: string): string {
  return asDataLine(text).replace(/"/g, "'");
}
