import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { maxBodyDepth, xmlNestingDepth } from '../../src/http/body-depth.js';
import { CallbackRejectedError } from './errors.js';

// Values stay strings: MsgId is a 64-bit integer that a JS number would silently round.
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, ignoreDeclaration: true });
const builder = new XMLBuilder({ cdataPropName: '__cdata', suppressEmptyNode: false });

/**
 * The top-level text fields of a platform XML packet (`<xml><Field>value</Field>…</xml>`).
 * Nested or repeated elements (menu scan info, article lists) are not needed and dropped.
 */
export function parseXmlFields(xml: string): Record<string, string> {
  // The platform never sends a DTD; refusing one keeps entity expansion out of the picture.
  if (xml.includes('<!DOCTYPE') || xml.includes('<!ENTITY')) throw new CallbackRejectedError(400, 'malformed_xml', 'DTDs are not accepted');
  // Platform packets are flat; a deep one would only cost the validator time (20,000 levels: half a second).
  if (xmlNestingDepth(xml, maxBodyDepth) > maxBodyDepth) throw new CallbackRejectedError(400, 'xml_too_deep', `nests deeper than ${maxBodyDepth} levels`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new CallbackRejectedError(400, 'malformed_xml', `${valid.err.code} at line ${valid.err.line}`);
  let root: unknown;
  try {
    root = (parser.parse(xml) as Record<string, unknown>).xml;
  } catch {
    // The parser's message quotes the input, which may be a customer's words: not for logs.
    throw new CallbackRejectedError(400, 'malformed_xml', 'unparseable');
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new CallbackRejectedError(400, 'malformed_xml', 'the root element must be <xml> with fields');
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

/** An `<xml>` packet: strings in CDATA (with `]]>` split safely), numbers as they are. */
export function buildXml(fields: Record<string, string | number>): string {
  const xml = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, typeof value === 'number' ? value : { __cdata: value }]));
  return builder.build({ xml }) as string;
}
