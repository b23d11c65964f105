/**
 * Plain-text helpers for the contract's text fields (title, author, category names): entities
 * decoded exactly once, markup removed, white space collapsed (CONTRACT.md; RELIABILITY.md R40),
 * and bidi override controls removed so a title cannot reorder the text around it (R29).
 */
import { decodeHTML, DecodingMode } from 'entities/decode';
import { CappedParser, MAX_INPUT_DEPTH } from './html-parser.js';

/** U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates): Trojan-Source style reordering. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Characters XML 1.0 forbids (§2.2): C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITY = /&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);/;

/** Remove characters XML 1.0 does not allow (R29); pass a string that has none unchanged. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
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
  if (!value.includes('&')) return value;
  return value.replace(REFERENCE, decodeReference);
}

const REFERENCE = /&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/g;
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

/** Whether a value has an entity or character reference (RSS "looks like HTML" heuristic). */
export function hasEntityReference(value: string): boolean {
  return ENTITY.test(value);
}

/**
 * HTML → plain text: every tag counts as a space (so "a<br>b" stays two words), script and style
 * contents are dropped, entities decoded once, white space collapsed.
 */
export function plainText(value: string): string {
  if (!value.includes('<')) return collapseText(decodeEntities(value)) ?? '';
  const parts: string[] = [];
  let skipping = 0;
  // Capped: htmlparser2's own stack made 40,000 nested <b> cost 0.45 s, quadratically (R27).
  const parser = new CappedParser(
    {
      onopentag(name) {
        if (name === 'script' || name === 'style') skipping++;
        parts.push(' ');
      },
      onclosetag(name) {
        if ((name === 'script' || name === 'style') && skipping > 0) skipping--;
        parts.push(' ');
      },
      ontext(text) {
        if (skipping === 0) parts.push(text);
      },
    },
    MAX_INPUT_DEPTH,
  );
  parser.write(value);
  parser.end();
  return collapseText(parts.join('')) ?? '';
}
