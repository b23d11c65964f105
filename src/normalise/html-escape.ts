/**
 * Escaping for the sanitiser's output. Text and attribute values are written with the five XML
 * escapes only (never named HTML entities such as `&nbsp;`), so the same string is valid inside
 * HTML, an XML CDATA-free Atom/RSS element and a JSON Feed string once encoded (R41).
 */
import { stripXmlIllegal } from './text.js';

/** Anything that needs work; most text runs have none, and one test is cheaper than five replaces. */
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Illegal characters removed and line ends normalised to LF, as HTML and XML parsers both do. */
function cleanText(text: string): string {
  return stripXmlIllegal(text).replace(/\r\n?/g, '\n');
}

export function escapeText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return cleanText(text).replace(/[&<>]/g, (character) => ESCAPES[character]);
}

export function escapeAttribute(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  return cleanText(value).replace(/[&<>"]/g, (character) => ESCAPES[character]);
}

const UNESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/** An attribute value as escapeAttribute wrote it, read back (for work on the sanitiser's output). */
export function unescapeAttribute(value: string): string {
  return value.includes('&') ? value.replace(/&(?:amp|lt|gt|quot);/g, (escape) => UNESCAPES[escape]) : value;
}
