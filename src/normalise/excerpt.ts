/**
 * Excerpts for the digest and item pages (issue 6 "Digest details"): plain text cut at a word
 * boundary, or a grapheme boundary where a script has no spaces, never inside a surrogate pair, and
 * ending in a single "…" only when something was cut.
 *
 * Lengths count Unicode code points (what a reader roughly sees; an emoji is one, not two UTF-16
 * units), the ellipsis included. Input is plain text (see `htmlToText`), so there are no entities
 * or tags left to cut through.
 */

import { isWhiteSpace } from './text.js';

const ELLIPSIS = '…';
/** Below this share of the budget a word boundary wastes too much room: cut between graphemes. */
const MIN_WORD_CUT_SHARE = 0.5;
/** White space, dashes, opening brackets and ordinary punctuation (.,;:!?…) before the ellipsis go. */
const TRAILING_JUNK = /[\s\p{Pd}\p{Ps}\p{Pi}\p{Po}]+$/u;

// Made on first use: a segmenter loads ICU's break data (about 35 ms each here), which a run that
// makes no excerpt (every source answered 304) should not pay for.
let wordSegmenter: Intl.Segmenter | null = null;
let graphemeSegmenter: Intl.Segmenter | null = null;

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
 * most `budget`. It walks back from the budget's end with `containing()`, a few segments, instead of
 * segmenting the whole window from the start: segmenting was most of an excerpt's cost (issue 11).
 * Segments never end inside a surrogate pair, so comparing ends with `limit` is comparing lengths.
 */
function lastBoundary(text: string, segmenter: Intl.Segmenter, budget: number, wordsOnly: boolean): number {
  const limit = unitsWithin(text, budget);
  if (limit === 0) return 0;
  const segments = segmenter.segment(text);
  let segment = segments.containing(limit - 1);
  while (segment !== undefined) {
    const end = segment.index + segment.segment.length;
    // Ending after a word in a spaced script is only a boundary if what follows is not more word.
    if (end <= limit && (!wordsOnly || !segment.isWordLike || isScriptWithoutSpaces(segment.segment) || !startsWord(text, end))) return end;
    if (segment.index === 0) return 0;
    segment = segments.containing(segment.index - 1);
  }
  return 0;
}

/** How many UTF-16 units of `text`, from its start, hold at most `budget` code points. */
function unitsWithin(text: string, budget: number): number {
  let points = 0;
  let index = 0;
  for (; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    const isHighSurrogate = unit >= 0xd800 && unit <= 0xdbff;
    if (!isHighSurrogate) {
      if (points === budget) break;
      points++;
    }
  }
  return index;
}

function startsWord(text: string, index: number): boolean {
  const next = text.codePointAt(index);
  if (next === undefined) return false;
  if (next < 0x80) return (next >= 0x30 && next <= 0x39) || ((next | 0x20) >= 0x61 && (next | 0x20) <= 0x7a);
  return /^[\p{L}\p{N}\p{M}]$/u.test(String.fromCodePoint(next));
}

/** Thai (U+0E00) is the lowest of these scripts: a word below it is in none of them. */
const LOWEST_UNSPACED_SCRIPT = 0x0e00;

function isScriptWithoutSpaces(word: string): boolean {
  let anyHigh = false;
  for (let index = 0; index < word.length && !anyHigh; index++) anyHigh = word.charCodeAt(index) >= LOWEST_UNSPACED_SCRIPT;
  return anyHigh && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(word);
}

/** `text` collapsed to single spaces and, when longer than `maxLength` code points, cut with "…". */
export function makeExcerpt(text: string, maxLength: number): string {
  // Nothing past 2 UTF-16 units per code point can fit, so only the start of the text is collapsed
  // and segmented: a whole body's worth of either was most of an excerpt's cost (issue 11).
  const windowUnits = Math.max(0, maxLength - 1) * 2 + 16;
  const collapsed = collapsedStart(text, windowUnits);
  // A start cut short holds at least `windowUnits` units, more code points than `maxLength`.
  if (collapsed.length < windowUnits && codePointLength(collapsed) <= maxLength) return collapsed;
  if (maxLength < 1) return '';
  const budget = maxLength - 1;
  const window = collapsed.slice(0, windowUnits);
  let cut = lastBoundary(window, (wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' })), budget, true);
  if (cut < budget * MIN_WORD_CUT_SHARE) {
    cut = Math.max(cut, lastBoundary(window, (graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })), budget, false));
  }
  const kept = collapsed.slice(0, cut).replace(TRAILING_JUNK, '');
  return kept + ELLIPSIS;
}

/**
 * The start of `text.replace(/\s+/g, ' ').trim()`: all of it, or its first `units` UTF-16 units or
 * a few more.
 */
function collapsedStart(text: string, units: number): string {
  let out = '';
  let wordStart = -1;
  for (let index = 0; index < text.length; index++) {
    if (!isWhiteSpace(text.charCodeAt(index))) {
      if (wordStart === -1) {
        if (out.length >= units) return out;
        if (out !== '') out += ' ';
        wordStart = index;
      }
      continue;
    }
    if (wordStart !== -1) {
      out += text.slice(wordStart, index);
      wordStart = -1;
    }
  }
  return wordStart === -1 ? out : out + text.slice(wordStart);
}
