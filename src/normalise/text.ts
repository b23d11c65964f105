/**
 * Plain-text helpers for the contract's text fields (title, author, category names): entities
 * decoded exactly once, markup removed, white space collapsed (CONTRACT.md; RELIABILITY.md R40),
 * and bidi override controls removed so a title cannot reorder the text around it (R29).
 */
import { decodeHTML, DecodingMode } from 'entities/decode';
import { charClass, SPACE } from './text-tokens.js';
import { PARAGRAPH_BREAK } from './sanitised-text.js';

/** U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates): Trojan-Source style reordering. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Characters XML 1.0 forbids (§2.2): C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Every character XML_ILLEGAL can match (any surrogate, paired or not): no match, nothing to do. */
// eslint-disable-next-line no-control-regex
const MAY_BE_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * The one remover of characters that no XML document may hold and no encoder can write (they come
 * in through JSON Feeds and broken XML); RSS and Atom readers refuse a file that has one (R41).
 */
export function stripXmlIllegal(text: string): string {
  return MAY_BE_ILLEGAL.test(text) ? text.replace(XML_ILLEGAL, '') : text;
}

/**
 * `stripXmlIllegal(value).replace(/\s+/g, ' ').trim()` without a replacement per space: text
 * mostly has single spaces already, so only the other runs (a space and more, or any other white
 * space) are replaced; the regex engine finds them several times faster than a loop over the
 * characters (issue 11).
 */
export function collapseWhiteSpace(value: string): string {
  return collapseRuns(value, false);
}

/**
 * `stripXmlIllegal(value).split(PARAGRAPH_BREAK)`, each line collapsed as collapseWhiteSpace
 * does, empty lines dropped, joined with "\n", in one pass: a run of white space holding a U+2029
 * separates two lines, any other run two words (html-text.ts marks paragraphs with it).
 */
export function collapseParagraphs(value: string): string {
  return collapseRuns(value, true);
}

function collapseRuns(value: string, paragraphs: boolean): string {
  const text = stripXmlIllegal(value);
  let out = '';
  let from = 0;
  IRREGULAR_SPACE.lastIndex = 0;
  for (let match = IRREGULAR_SPACE.exec(text); match !== null; match = IRREGULAR_SPACE.exec(text)) {
    out += text.slice(from, match.index) + (paragraphs && match[0].includes(PARAGRAPH_BREAK) ? '\n' : ' ');
    from = match.index + match[0].length;
  }
  // Runs are one space or one line break now: trimming removes at most one at each end.
  return (from === 0 ? text : out + text.slice(from)).trim();
}

/** A run of white space that is not one plain space. */
const IRREGULAR_SPACE = /[^\S ]\s*| \s+/g;

/** What `\s` matches (and `trim()` removes), per UTF-16 unit. */
export function isWhiteSpace(unit: number): boolean {
  if (unit < 0x80) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
  return (charClass(unit) & SPACE) !== 0;
}

/** Collapse white space, trim, drop bidi controls; '' becomes null. */
export function collapseText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/**
 * Decode character and entity references once. Only references closed by ";" count, so a bare
 * "&" or "&copy " stays literal (as feedparser's loose mode does, README D7); unknown names stay.
 */
export function decodeEntities(value: string): string {
  let amp = value.indexOf('&');
  if (amp === -1) return value;
  // Every match of REFERENCE_PATTERN replaced by decodeReference, as String.replace would, but the
  // four commonest escapes (nearly every reference in a feed's escaped HTML) are read without the
  // regex and a callback each (issue 11).
  let out = '';
  let from = 0;
  while (amp !== -1) {
    let decoded: string | undefined;
    let end = 0;
    const next = value.charCodeAt(amp + 1);
    if (next === 0x6c && value.startsWith('lt;', amp + 1)) [decoded, end] = ['<', amp + 4];
    else if (next === 0x67 && value.startsWith('gt;', amp + 1)) [decoded, end] = ['>', amp + 4];
    else if (next === 0x61 && value.startsWith('amp;', amp + 1)) [decoded, end] = ['&', amp + 5];
    else if (next === 0x71 && value.startsWith('quot;', amp + 1)) [decoded, end] = ['"', amp + 6];
    else {
      REFERENCE_AT.lastIndex = amp;
      const match = REFERENCE_AT.exec(value);
      if (match) [decoded, end] = [decodeReference(match[0], match[1], match[2], match[3]), amp + match[0].length];
    }
    if (decoded === undefined) {
      amp = value.indexOf('&', amp + 1);
      continue;
    }
    out += value.slice(from, amp) + decoded;
    from = end;
    amp = value.indexOf('&', end);
  }
  return out + value.slice(from);
}

const REFERENCE_PATTERN = '&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));';
/** A reference where the scan stands (sticky). */
const REFERENCE_AT = new RegExp(REFERENCE_PATTERN, 'y');
const XML_NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Named references met so far (the HTML table has 2,231 names; a feed uses a handful). */
const namedCache = new Map<string, string>();

function decodeReference(match: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) {
    const xml = XML_NAMED[name];
    if (xml !== undefined && Object.hasOwn(XML_NAMED, name)) return xml;
    let decoded = namedCache.get(name);
    if (decoded === undefined) {
      decoded = decodeHTML(match, DecodingMode.Strict);
      if (namedCache.size < 4096) namedCache.set(name, decoded);
    }
    return decoded;
  }
  // Numeric references follow HTML (windows-1252 for 0x80–0x9F, U+FFFD for NUL and surrogates).
  return decodeHTML(match, DecodingMode.Strict);
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

