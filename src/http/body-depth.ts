import express, { type RequestHandler } from 'express';

/**
 * How deep a request body may nest. Parsers and validators walk nested values recursively, and
 * 20,000 levels (a few dozen KB) overflow the stack. No message any channel sends comes near.
 */
export const maxBodyDepth = 64;

/** The deepest array/object nesting of JSON text, scanned without parsing (strings are skipped); stops counting past `stopAt`. */
export function jsonNestingDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest && (deepest = depth) > stopAt) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** The deepest element nesting of XML text, scanned without parsing (comments, CDATA and declarations are skipped). */
export function xmlNestingDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    if (text.startsWith('<![CDATA[', i)) i = text.indexOf(']]>', i) + 2;
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 2;
    else {
      const end = text.indexOf('>', i);
      if (end === -1) break;
      const next = text[i + 1];
      if (next === '/') depth--;
      else if (next !== '?' && next !== '!' && text[end - 1] !== '/') {
        if (++depth > deepest && (deepest = depth) > stopAt) return deepest;
      }
      i = end;
    }
    if (i < 1) break;
    i = text.indexOf('<', i + 1);
  }
  return deepest;
}

/** A 4xx error express's error handler answers with its `type` and message. */
export class BodyTooDeepError extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'body_too_deep';
  constructor(format: 'JSON' | 'XML') {
    super(`the ${format} body nests deeper than ${maxBodyDepth} levels`);
  }
}

/** express.json that refuses bodies nested deeper than `maxBodyDepth` with a 400 before parsing them. */
export function jsonBody(options: { limit: string | number }): RequestHandler {
  return express.json({
    limit: options.limit,
    verify: (_req, _res, buffer) => {
      if (jsonNestingDepth(buffer.toString('utf8'), maxBodyDepth) > maxBodyDepth) throw new BodyTooDeepError('JSON');
    },
  });
}
