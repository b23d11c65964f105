/**
 * The HTML sanitiser: feed HTML in, HTML safe to republish out (RELIABILITY.md R34–R41, issue 4).
 *
 * Streaming on htmlparser2's HTML tokenizer rather than building a DOM: issue 7 measured cheerio
 * load/filter/serialise at ~2,400 items/s against ~25,000/s for a streaming allowlist, and the
 * sanitiser is the slowest stage of a run. htmlparser2 (v10+) handles the HTML5 raw-text, RCDATA and
 * foreign-content states, so `<title>`/`<textarea>` breakouts and `<svg><style>` confusion are read as
 * a browser reads them; whatever it reads, the output can only hold allowlisted ordinary elements with
 * escaped text and quoted, escaped attributes, which every HTML5 parser reads identically (R39).
 * Inline SVG and MathML contribute their text only (see TEXT_ONLY_SUBTREES).
 *
 * Idempotence: the serialiser applies htmlparser2's own "this open tag closes that one" rules before
 * writing a tag, so re-parsing the output never implies a close that the first pass did not write.
 */
import { DEFAULTS } from '../config/defaults.js';
import {
  ALLOWED_TAGS,
  DROPPED_WITH_CONTENT,
  GLOBAL_ATTRIBUTES,
  OPEN_CLOSES,
  TEXT_ONLY_SUBTREES,
  URL_ATTRIBUTES,
  VOID_TAGS,
} from './html-allowlist.js';
import { escapeAttribute, escapeText } from './html-escape.js';
import { CappedParser, MAX_INPUT_DEPTH } from './html-parser.js';
import { sanitiseSrcset, sanitiseUrlAttribute } from './html-urls.js';
import { usableBase } from './url.js';

export { htmlToParagraphs, htmlToText } from './html-text.js';

/** Nesting deeper than this is flattened: the elements go, their text stays (R27, miniflux). */
export const MAX_DEPTH = DEFAULTS.sanitiserDepth;

/** What happened to one element of the input: kept (with its output frame), unwrapped, or dropped. */
interface InputFrame {
  output: OutputFrame | null;
}

interface OutputFrame {
  tag: string;
  open: boolean;
}

/** Issue 2: a 1×1 image is a tracking pixel; an image with a zero side shows nothing either. */
function isTrackingPixel(attributes: Record<string, string>): boolean {
  const size = (value: string | undefined) => (value === undefined ? NaN : Number.parseFloat(value));
  const width = size(attributes.width);
  const height = size(attributes.height);
  return width === 0 || height === 0 || (width <= 1 && height <= 1);
}

function keptAttributes(tag: string, attributes: Record<string, string>, base: string | null): string | null {
  if (tag === 'img' && isTrackingPixel(attributes)) return null;
  const allowed = ALLOWED_TAGS.get(tag)!;
  let out = '';
  let hasUrl = false;
  for (const name of Object.keys(attributes)) {
    if (!allowed.has(name) && !GLOBAL_ATTRIBUTES.has(name)) continue;
    let kept: string | null = attributes[name];
    if (URL_ATTRIBUTES.has(name)) kept = sanitiseUrlAttribute(kept, name, tag, base);
    else if (name === 'srcset') kept = sanitiseSrcset(kept, base);
    if (kept === null) continue;
    out += ` ${name}="${escapeAttribute(kept)}"`;
    if (name === 'src' || name === 'srcset' || name === 'href') hasUrl = true;
  }
  // An image with nothing to show, or an anchor with nowhere to go, is dropped (its text stays).
  if ((tag === 'img' || tag === 'a') && !hasUrl) return null;
  // rel keeps the linked page from reaching back through window.opener or learning the referrer.
  if (tag === 'a') out += ' rel="noopener noreferrer"';
  return out;
}

/**
 * Sanitised HTML: allowlisted tags and attributes, safe URL schemes, relative URLs resolved against
 * `baseUrl`, every element closed, text intact. Sanitising the result again returns it unchanged.
 */
export function sanitiseHtml(html: string, baseUrl: string | null): string {
  const base = usableBase(baseUrl);
  const chunks: string[] = [];
  const inputStack: InputFrame[] = [];
  const outputStack: OutputFrame[] = [];
  /** Depth of the input stack at which a dropped subtree began; -1 when not inside one. */
  let droppedAt = -1;
  /** Depth at which an svg/math subtree began (TEXT_ONLY_SUBTREES); -1 when not inside one. */
  let textOnlyAt = -1;
  const separate = () => {
    if (chunks.length > 0 && chunks[chunks.length - 1] !== ' ') chunks.push(' ');
  };

  const closeOutputUntil = (frame: OutputFrame) => {
    while (outputStack.length > 0) {
      const top = outputStack.pop()!;
      top.open = false;
      chunks.push(`</${top.tag}>`);
      if (top === frame) return;
    }
  };

  const openOutput = (tag: string, attributes: string): OutputFrame | null => {
    const closes = OPEN_CLOSES.get(tag);
    if (closes) {
      while (outputStack.length > 0 && closes.has(outputStack[outputStack.length - 1].tag)) {
        closeOutputUntil(outputStack[outputStack.length - 1]);
      }
    }
    if (VOID_TAGS.has(tag)) {
      chunks.push(`<${tag}${attributes} />`);
      return null;
    }
    chunks.push(`<${tag}${attributes}>`);
    const frame = { tag, open: true };
    outputStack.push(frame);
    return frame;
  };

  const parser = new CappedParser(
    {
      onopentag(name, attributes) {
        const frame: InputFrame = { output: null };
        inputStack.push(frame);
        if (droppedAt !== -1) return;
        if (DROPPED_WITH_CONTENT.has(name) && (textOnlyAt === -1 || name !== 'title')) {
          droppedAt = inputStack.length;
          return;
        }
        if (textOnlyAt === -1 && TEXT_ONLY_SUBTREES.has(name)) textOnlyAt = inputStack.length;
        if (textOnlyAt !== -1) {
          separate();
          return;
        }
        if (!ALLOWED_TAGS.has(name) || outputStack.length >= MAX_DEPTH) return;
        const kept = keptAttributes(name, attributes, base);
        if (kept !== null) frame.output = openOutput(name, kept);
      },
      onclosetag() {
        const frame = inputStack.pop();
        if (droppedAt !== -1) {
          if (inputStack.length < droppedAt) droppedAt = -1;
          return;
        }
        if (textOnlyAt !== -1) {
          if (inputStack.length < textOnlyAt) textOnlyAt = -1;
          separate();
          return;
        }
        if (frame?.output?.open) closeOutputUntil(frame.output);
      },
      ontext(text) {
        if (droppedAt === -1) chunks.push(escapeText(text));
      },
    },
    MAX_INPUT_DEPTH,
  );
  parser.end(html);
  while (outputStack.length > 0) closeOutputUntil(outputStack[outputStack.length - 1]);
  return chunks.join('');
}
