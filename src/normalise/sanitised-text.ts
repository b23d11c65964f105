/**
 * The text of HTML in the shape the sanitiser writes (issue 11): lower-case allowlisted tags with
 * double-quoted attributes, every element closed in order, void elements as `<br />`, text with
 * only `&amp;` `&lt;` `&gt;` `&quot;` escapes, and plain text whose "<" and "&" open no tag or
 * reference ("1 < 2", "R & D": a decoded text read again). Every parsed body is in that shape, and reading it
 * needs no tokenizer: a scan from `<` to `<` reads it the way htmlparser2 does, about ten times
 * faster. Anything else (raw feed HTML, comments, other entities, a close htmlparser2 would
 * imply) returns null, and htmlToText parses it.
 */
import { ALLOWED_TAGS, OPEN_CLOSES, VOID_TAGS, WORD_BREAKING_TAGS } from './html-allowlist.js';
import { MAX_INPUT_DEPTH } from './html-parser.js';

/** Elements htmlparser2 reads specially (raw text, foreign content, renames): never in the sanitiser's output, never on this path. */
const PARSER_SPECIAL = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'noscript', 'svg', 'math', 'image', 'form', 'desc', 'mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject']);

/** What `breaks` elements add instead of a space: U+2029 PARAGRAPH SEPARATOR, which text nodes hardly hold (a line break they often do). */
export const PARAGRAPH_BREAK = '\u2029';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const SPACE = 0x20;
const QUOTE = 0x22;
const EQUALS = 0x3d;

const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
/** What may follow a "&" that starts no reference: not a letter, digit or "#". */
const isLiteralAmp = (c: number) => !((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) && !(c >= 0x30 && c <= 0x39) && c !== 0x23;
/** What may follow a "<" that is text: not a letter, "/", "!" or "?" (htmlparser2's stateBeforeTagName). */
const isLiteralLt = (c: number) => !((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) && c !== SLASH && c !== 0x21 && c !== 0x3f;
const isNameCode = (c: number) => isLower(c) || (c >= 0x30 && c <= 0x39);

/**
 * The text between the tags, a space for each boundary of a word-breaking element (as
 * html-text.ts adds them), not yet collapsed; null when `html` is not in the sanitiser's shape.
 */
export function textOfSanitisedHtml(html: string, breaks?: ReadonlySet<string>): string | null {
  const stack: string[] = [];
  let out = '';
  let at = 0;
  const length = html.length;
  while (at < length) {
    let lt = html.indexOf('<', at);
    // A "<" that cannot open a tag is text to htmlparser2 (as to HTML): "3 < 4" in a decoded text.
    while (lt !== -1 && lt + 1 < length && isLiteralLt(html.charCodeAt(lt + 1))) lt = html.indexOf('<', lt + 1);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > at) {
      const text = decodeText(html, at, textEnd);
      if (text === null) return null;
      out += text;
    }
    if (lt === -1) break;
    let j = lt + 1;
    const closing = html.charCodeAt(j) === SLASH;
    if (closing) j++;
    const nameStart = j;
    if (!isLower(html.charCodeAt(j))) return null;
    while (j < length && isNameCode(html.charCodeAt(j))) j++;
    const name = html.slice(nameStart, j);
    if (!ALLOWED_TAGS.has(name) || PARSER_SPECIAL.has(name)) return null;
    const isVoid = VOID_TAGS.has(name);
    if (closing) {
      // htmlparser2 turns a stray </p> or </br> into an element, and closes skipped ones on </x>.
      if (html.charCodeAt(j) !== GT || isVoid || stack.length === 0 || stack[stack.length - 1] !== name) return null;
      stack.pop();
      if (WORD_BREAKING_TAGS.has(name)) out += breaks?.has(name) ? PARAGRAPH_BREAK : ' ';
      at = j + 1;
      continue;
    }
    let selfClosing = false;
    for (;;) {
      const c = html.charCodeAt(j);
      if (c === GT) break;
      if (c === SLASH && html.charCodeAt(j + 1) === GT) {
        selfClosing = true;
        j++;
        break;
      }
      if (c !== SPACE) return null;
      j++;
      if (html.charCodeAt(j) === SLASH) continue;
      const attributeStart = j;
      while (j < length && (isLower(html.charCodeAt(j)) || html.charCodeAt(j) === 0x2d)) j++;
      if (j === attributeStart || html.charCodeAt(j) !== EQUALS || html.charCodeAt(j + 1) !== QUOTE) return null;
      const valueEnd = html.indexOf('"', j + 2);
      if (valueEnd === -1) return null;
      j = valueEnd + 1;
    }
    // In HTML, "/>" closes nothing but a void element; and an open that implies closing the
    // current element is one the sanitiser never writes.
    if (selfClosing && !isVoid) return null;
    const implied = OPEN_CLOSES.get(name);
    if (implied && stack.length > 0 && implied.has(stack[stack.length - 1])) return null;
    if (WORD_BREAKING_TAGS.has(name)) out += breaks?.has(name) ? PARAGRAPH_BREAK : isVoid ? '  ' : ' ';
    if (!isVoid) {
      // Past this depth CappedParser flattens elements, which moves their closing space.
      if (stack.length >= MAX_INPUT_DEPTH) return null;
      stack.push(name);
    }
    at = j + 1;
  }
  return stack.length === 0 ? out : null;
}

/** Text with the sanitiser's four escapes decoded (a bare "&", as in "R & D", stays), or null for any other `&`. */
function decodeText(html: string, start: number, end: number): string | null {
  let amp = html.indexOf('&', start);
  if (amp === -1 || amp >= end) return html.slice(start, end);
  let out = '';
  let from = start;
  while (amp !== -1 && amp < end) {
    out += html.slice(from, amp);
    if (html.startsWith('&amp;', amp)) {
      out += '&';
      from = amp + 5;
    } else if (html.startsWith('&lt;', amp)) {
      out += '<';
      from = amp + 4;
    } else if (html.startsWith('&gt;', amp)) {
      out += '>';
      from = amp + 4;
    } else if (html.startsWith('&quot;', amp)) {
      out += '"';
      from = amp + 6;
    } else if (amp + 1 < end && isLiteralAmp(html.charCodeAt(amp + 1))) {
      out += '&';
      from = amp + 1;
    } else return null;
    if (from > end) return null;
    amp = html.indexOf('&', from);
  }
  return out + html.slice(from, end);
}
