import { splitText } from '../shared/text-chunks.js';

/**
 * Text messages on WeChat and WeCom are limited to 2048 bytes of UTF-8 (the API answers
 * 45002 "content size out of limit"; a longer passive reply makes the client show "this
 * account cannot provide service"). 2047 leaves room for the terminator some clients count.
 */
export const TEXT_LIMIT_BYTES = 2047;

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;

/** Splits `text` into messages of at most `limitBytes`, at natural breaks, never inside a character or emoji. */
export function splitForMessages(text: string, limitBytes = TEXT_LIMIT_BYTES): string[] {
  return splitText(text, limitBytes, byteLength);
}

export function fitsOneMessage(text: string, limitBytes = TEXT_LIMIT_BYTES): boolean {
  return byteLength(text) <= limitBytes;
}
