/**
 * One tokenising pass over a text, whose output every per-item consumer reads (issue 11): the
 * spam vocabulary and word counts (letter-or-number runs of the lower-cased text), duplicate
 * detection (normalised words, their hashes; white-space words for names and numbers). Before,
 * each consumer split the text again with its own Unicode-property regexes, and those were most
 * of the ~1 ms an item cost.
 *
 * Unicode classes (letter, number, mark, upper case, white space, unspaced script) come from the
 * same regexes as before, asked once per code point and remembered, so the rules cannot drift.
 */

export const LETTER = 1;
export const NUMBER = 2;
export const MARK = 4;
/** \p{Lu} */
export const UPPER = 8;
/** \p{Ll} */
export const LOWER = 16;
/** \s */
export const SPACE = 32;
/** Han, Hiragana, Katakana or Thai: scripts written without spaces between words. */
export const UNSPACED = 64;
const KNOWN = 128;

const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function classify(codePoint: number): number {
  const character = String.fromCodePoint(codePoint);
  let cls = KNOWN;
  if (/\p{L}/u.test(character)) cls |= LETTER;
  if (/\p{N}/u.test(character)) cls |= NUMBER;
  if (/\p{M}/u.test(character)) cls |= MARK;
  if (/\p{Lu}/u.test(character)) cls |= UPPER;
  if (/\p{Ll}/u.test(character)) cls |= LOWER;
  if (/\s/u.test(character)) cls |= SPACE;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(character)) cls |= UNSPACED;
  return cls;
}

for (let code = 0; code < 0x80; code++) bmpClasses[code] = classify(code);

/** The classes of one code point (a lone surrogate is none of them). */
export function charClass(codePoint: number): number {
  if (codePoint < 0x10000) {
    let cls = bmpClasses[codePoint];
    if (cls === 0) bmpClasses[codePoint] = cls = classify(codePoint);
    return cls;
  }
  let cls = astralClasses.get(codePoint);
  if (cls === undefined) astralClasses.set(codePoint, (cls = classify(codePoint)));
  return cls;
}

/** The code point at `index` (a surrogate pair read as one). */
export function codePointAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return unit;
}

/** The maximal runs of code points having any class in `mask`, as [start, end) offsets. */
export function classRuns(text: string, mask: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= text.length; ) {
    const codePoint = i < text.length ? codePointAt(text, i) : 0x20;
    const inside = (charClass(codePoint) & mask) !== 0;
    if (inside && start === -1) start = i;
    else if (!inside && start !== -1) {
      runs.push([start, i]);
      start = -1;
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
  return runs;
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** A hook the vocabulary installs: called for each prefix of each token (its FNV-1a hash and length) and at each token's end. */
export interface TokenWatcher {
  /** Lengths (code units) at which some phrase word is a stem; index by length. */
  stemLengths: Uint8Array;
  /** First code units of those stems: a run starting otherwise is not probed at its prefixes. */
  stemStarts: Uint8Array;
  onPrefix(hash: number, length: number, token: number): void;
  onToken(hash: number, token: number): void;
}

export interface TextStream {
  text: string;
  lower: string;
  /** Letter-or-number runs of `lower`, as [start, end) code-unit offsets into it. */
  starts: Int32Array;
  ends: Int32Array;
  /** FNV-1a of each run's code units (not finally mixed), as signed 32-bit integers. */
  hashes: Int32Array;
  /**
   * gapSpaceDash[i]: every character between run i-1 and run i (before run 0: from the start of
   * the text; at index `starts.length`: after the last run) is white space or "-".
   */
  gapSpaceDash: Uint8Array;
  /** gapApostrophe[i]: 1 when the gap before run i is one apostrophe (' or ’). */
  gapApostrophe: Uint8Array;
  /** 1 for runs holding a Han, kana or Thai character. */
  unspaced: Uint8Array;
  /** White-space separated words of `text` (not `lower`), as [start, end) offsets, and whether each is all ASCII. */
  wordStarts: Int32Array;
  wordEnds: Int32Array;
  wordAscii: Uint8Array;
  /** `text` starts (ends) with white space: `split(/\s+/)` then has an empty first (last) word. */
  leadingSpace: boolean;
  trailingSpace: boolean;
}

const stats = { calls: 0, chars: 0 };

/** How often tokeniseText ran and over how many characters (tests count work, not time). */
export function tokeniserStats(): { calls: number; chars: number } {
  return { ...stats };
}

// Scratch for one tokenising, copied out at its end at their final length: a typed store per run
// instead of nine array pushes (issue 11). A text of n units has at most ⌈n/2⌉ runs and words.
let runStarts = new Int32Array(0);
let runEnds = new Int32Array(0);
let runHashes = new Int32Array(0);
let runSpaceDash = new Uint8Array(0);
let runApostrophe = new Uint8Array(0);
let runUnspaced = new Uint8Array(0);
let spaceWordStarts = new Int32Array(0);
let spaceWordEnds = new Int32Array(0);
let spaceWordAscii = new Uint8Array(0);

function reserve(length: number): void {
  const runs = (length >> 1) + 2;
  if (runStarts.length >= runs) return;
  const size = Math.max(runs, runStarts.length * 2, 1024);
  runStarts = new Int32Array(size);
  runEnds = new Int32Array(size);
  runHashes = new Int32Array(size);
  runSpaceDash = new Uint8Array(size);
  runApostrophe = new Uint8Array(size);
  runUnspaced = new Uint8Array(size);
  spaceWordStarts = new Int32Array(size);
  spaceWordEnds = new Int32Array(size);
  spaceWordAscii = new Uint8Array(size);
}

/** Tokenise `text` once; `watcher` sees every run as it is made (the spam vocabulary's lookup). */
export function tokeniseText(text: string, watcher?: TokenWatcher): TextStream {
  stats.calls++;
  stats.chars += text.length;
  const lower = text.toLowerCase();
  const length = lower.length;
  reserve(Math.max(length, text.length));
  const starts = runStarts;
  const ends = runEnds;
  const hashes = runHashes;
  const spaceDash = runSpaceDash;
  const apostrophe = runApostrophe;
  const unspaced = runUnspaced;
  const wordStarts = spaceWordStarts;
  const wordEnds = spaceWordEnds;
  const wordAscii = spaceWordAscii;
  let runs = 0;
  let words = 0;
  let inRun = false;
  let hash = FNV_OFFSET | 0;
  let runLength = 0;
  let runHasUnspaced = 0;
  let gapSpaceDash = 1;
  let gapLength = 0;
  let gapApostrophe = 0;
  let probe = false;
  const stemLengths = watcher?.stemLengths;
  const stemStarts = watcher?.stemStarts;
  let wordStart = -1;
  let ascii = 1;
  // The white-space words are read in the same walk when `lower` lines up with `text` unit for
  // unit: case mapping keeps white space, and maps no non-ASCII unit to ASCII but the Kelvin sign.
  const aligned = length === text.length && !text.includes('\u212a');
  for (let i = 0; i < length; ) {
    const unit = lower.charCodeAt(i);
    const codePoint = unit < 0xd800 ? unit : codePointAt(lower, i);
    const width = codePoint > 0xffff ? 2 : 1;
    const cls = codePoint < 0x80 ? bmpClasses[codePoint] : charClass(codePoint);
    if (aligned) {
      if (cls & SPACE) {
        if (wordStart !== -1) {
          wordStarts[words] = wordStart;
          wordEnds[words] = i;
          wordAscii[words++] = ascii;
          wordStart = -1;
        }
      } else {
        if (wordStart === -1) {
          wordStart = i;
          ascii = 1;
        }
        if (unit >= 0x80) ascii = 0;
      }
    }
    if (cls & (LETTER | NUMBER)) {
      if (!inRun) {
        inRun = true;
        starts[runs] = i;
        spaceDash[runs] = gapSpaceDash;
        apostrophe[runs] = gapLength === 1 ? gapApostrophe : 0;
        hash = FNV_OFFSET | 0;
        runLength = 0;
        runHasUnspaced = 0;
        probe = stemStarts !== undefined && stemStarts[unit] === 1;
      }
      // Signed: an unsigned result past 2^31 would be a heap number per step.
      hash = Math.imul(hash ^ unit, FNV_PRIME);
      if (width === 2) hash = Math.imul(hash ^ lower.charCodeAt(i + 1), FNV_PRIME);
      runLength += width;
      if (cls & UNSPACED) runHasUnspaced = 1;
      if (probe && runLength < stemLengths!.length && stemLengths![runLength] === 1) watcher!.onPrefix(hash, runLength, runs);
    } else {
      if (inRun) {
        inRun = false;
        ends[runs] = i;
        hashes[runs] = hash;
        unspaced[runs] = runHasUnspaced;
        watcher?.onToken(hash, runs);
        runs++;
        gapSpaceDash = 1;
        gapLength = 0;
      }
      gapLength += width;
      if ((cls & SPACE) === 0 && codePoint !== 0x2d) gapSpaceDash = 0;
      gapApostrophe = codePoint === 0x27 || codePoint === 0x2019 ? 1 : 0;
    }
    i += width;
  }
  if (inRun) {
    ends[runs] = length;
    hashes[runs] = hash;
    unspaced[runs] = runHasUnspaced;
    watcher?.onToken(hash, runs);
    runs++;
    gapSpaceDash = 1;
  }
  spaceDash[runs] = gapSpaceDash;

  for (let i = 0; !aligned && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // Surrogates are never white space: no need to pair them here.
    const space = unit < 0x80 ? bmpClasses[unit] & SPACE : charClass(unit) & SPACE;
    if (space) {
      if (wordStart !== -1) {
        wordStarts[words] = wordStart;
        wordEnds[words] = i;
        wordAscii[words++] = ascii;
        wordStart = -1;
      }
    } else {
      if (wordStart === -1) {
        wordStart = i;
        ascii = 1;
      }
      if (unit >= 0x80) ascii = 0;
    }
  }
  if (wordStart !== -1) {
    wordStarts[words] = wordStart;
    wordEnds[words] = text.length;
    wordAscii[words++] = ascii;
  }
  const edgeSpace = (unit: number) => (unit < 0x80 ? bmpClasses[unit] & SPACE : charClass(unit) & SPACE) !== 0;
  return {
    text,
    lower,
    starts: starts.slice(0, runs),
    ends: ends.slice(0, runs),
    hashes: hashes.slice(0, runs),
    gapSpaceDash: spaceDash.slice(0, runs + 1),
    gapApostrophe: apostrophe.slice(0, runs),
    unspaced: unspaced.slice(0, runs),
    wordStarts: wordStarts.slice(0, words),
    wordEnds: wordEnds.slice(0, words),
    wordAscii: wordAscii.slice(0, words),
    leadingSpace: text.length > 0 && edgeSpace(text.charCodeAt(0)),
    trailingSpace: text.length > 0 && edgeSpace(text.charCodeAt(text.length - 1)),
  };
}

/**
 * Words as the "letters and digits" rule counts them (wordCount in spam-signals.ts): each run one,
 * a run in a script without spaces one per two characters, so "本日は晴天です" is not one word.
 * `skip` leaves out runs inside [from, to) ranges (bare URLs) and cuts runs that enter one.
 */
export function countRunWords(stream: TextStream, skip: Array<[number, number]> = []): number {
  let words = 0;
  let range = 0;
  for (let t = 0; t < stream.starts.length; t++) {
    const start = stream.starts[t];
    let end = stream.ends[t];
    while (range < skip.length && skip[range][1] <= start) range++;
    if (range < skip.length && skip[range][0] <= start) continue;
    if (range < skip.length && skip[range][0] < end) end = skip[range][0];
    words += stream.unspaced[t] === 1 ? Math.ceil((end - start) / 2) : 1;
  }
  return words;
}
