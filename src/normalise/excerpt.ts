/**
 * Excerpts for the digest and item pages (issue 6 "Digest details"): plain text cut at a word
 * boundary, or a grapheme boundary where a script has no spaces, never inside a surrogate pair, and
 * ending in a single "…" only when something was cut.
 *
 * Lengths count Unicode code points (what a reader roughly sees; an emoji is one, not two UTF-16
 * units), the ellipsis included. Input is plain text (see `htmlToText`), so there are no entities
 * or tags left to cut through.
 */

const ELLIPSIS = '…';
/** Below this share of the budget a word boundary wastes too much room: cut between graphemes. */
const MIN_WORD_CUT_SHARE = 0.5;
/** White space, dashes, opening brackets and ordinary punctuation (.,;:!?…) before the ellipsis go. */
const TRAILING_JUNK = /[\s\p{Pd}\p{Ps}\p{Pi}\p{Po}]+$/u;

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0xd800 || unit > 0xdbff) count++;
  }
  return count;
}

/**
 * The longest prefix (in UTF-16 units) ending on a segment boundary whose code-point length is at
 * most `budget`.
 */
function lastBoundary(text: string, segmenter: Intl.Segmenter, budget: number, wordsOnly: boolean): number {
  let best = 0;
  let points = 0;
  for (const segment of segmenter.segment(text)) {
    const next = points + codePointLength(segment.segment);
    if (next > budget) break;
    points = next;
    const end = segment.index + segment.segment.length;
    // Ending after a word in a spaced script is only a boundary if what follows is not more word.
    if (!wordsOnly || !segment.isWordLike || isScriptWithoutSpaces(segment.segment) || !startsWord(text, end)) best = end;
  }
  return best;
}

function startsWord(text: string, index: number): boolean {
  const next = text.codePointAt(index);
  return next !== undefined && /^[\p{L}\p{N}\p{M}]$/u.test(String.fromCodePoint(next));
}

function isScriptWithoutSpaces(word: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(word);
}

/** `text` collapsed to single spaces and, when longer than `maxLength` code points, cut with "…". */
export function makeExcerpt(text: string, maxLength: number): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (codePointLength(collapsed) <= maxLength) return collapsed;
  if (maxLength < 1) return '';
  const budget = maxLength - 1;
  // Segmenting costs time per character; nothing past 2 UTF-16 units per code point can fit.
  const window = collapsed.slice(0, budget * 2 + 16);
  let cut = lastBoundary(window, wordSegmenter, budget, true);
  if (cut < budget * MIN_WORD_CUT_SHARE) cut = Math.max(cut, lastBoundary(window, graphemeSegmenter, budget, false));
  const kept = collapsed.slice(0, cut).replace(TRAILING_JUNK, '');
  return kept + ELLIPSIS;
}
