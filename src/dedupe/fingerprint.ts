/**
 * Text fingerprints for cross-source duplicate detection (issue 6): a normalised title key for
 * exact-title matches, token similarity for near-identical headlines, and a 64-bit SimHash
 * (Charikar 2002; Manku, Jain & Das Sarma, WWW 2007) for near-identical bodies such as wire copies.
 * Pure functions; no I/O.
 */
import { FeedloomError } from '../core/errors.js';
import { charClass, classRuns, codePointAt, FNV_OFFSET, LETTER, MARK, NUMBER, UNSPACED, type TextStream } from '../normalise/text-tokens.js';
const SIMHASH_HEX_LENGTH = 16;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const SHINGLE_SEED = 0x050c5d1f;

/**
 * Normalised title for exact-title matching: compatibility-folded (NFKC, so full-width and
 * ligatures match), case-folded, accents removed, punctuation and whitespace collapsed.
 * Digits are kept on purpose: "Rovers 2, United 1" and "Rovers 0, City 3" are different stories.
 */
export function titleKey(title: string | null): string {
  if (!title) return '';
  return normaliseWords(title).join(' ');
}

/** Token Dice coefficient over normalised title words (character bigrams for CJK/Thai), 0..1. */
export function titleSimilarity(a: string, b: string): number {
  return diceCoefficient(textTokens(a), textTokens(b));
}

/** Word (or CJK bigram) tokens of `text`, normalised as titleKey does. */
export function textTokens(text: string): string[] {
  return tokensOfWords(normaliseWords(text));
}

/** Words in a script written without spaces become overlapping character bigrams. */
function tokensOfWords(words: string[]): string[] {
  const tokens: string[] = [];
  for (const word of words) {
    if (!isAsciiWord(word) && hasUnspaced(word) && [...word].length > 2) {
      const chars = [...word];
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else {
      tokens.push(word);
    }
  }
  return tokens;
}

function isAsciiWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 0x80) return false;
  return true;
}

function hasUnspaced(word: string): boolean {
  for (let i = 0; i < word.length; ) {
    const codePoint = codePointAt(word, i);
    if (charClass(codePoint) & UNSPACED) return true;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return false;
}

/** Title key and tokens from one normalisation of the title. */
export function titleKeyAndTokens(title: string | null): { key: string; tokens: string[] } {
  const words = title ? normaliseWords(title) : [];
  return { key: words.join(' '), tokens: tokensOfWords(words) };
}

/**
 * The hashes (as shingleHashes hashes tokens) of textTokens(stream.text), from the stream: an ASCII
 * word's tokens are its letter-and-digit runs, already hashed; other words are normalised one by one.
 */
export function tokenHashesOf(stream: TextStream): Uint32Array {
  const { text } = stream;
  // "İ" shifts the lower-cased offsets; U+FEFF is white space that case mapping must see through (see normaliseWords).
  if (stream.lower.length !== text.length || text.includes('\uFEFF')) return Uint32Array.from(textTokens(text), (token) => fnv1a32(token, FNV_OFFSET));
  const out: number[] = [];
  let run = 0;
  for (let w = 0; w < stream.wordStarts.length; w++) {
    const end = stream.wordEnds[w];
    if (stream.wordAscii[w] === 1) {
      while (run < stream.starts.length && stream.starts[run] < end) out.push(finalMix(stream.hashes[run++]));
      continue;
    }
    while (run < stream.starts.length && stream.starts[run] < end) run++;
    for (const hash of chunkTokenHashes(text.slice(stream.wordStarts[w], end))) out.push(hash);
  }
  return Uint32Array.from(out);
}

/**
 * Hashes of the overlapping word n-grams ("shingles") of a token list, in order, repeats kept.
 * Integers, not strings: a 3 KB body has ~400 shingles, and making a string of each was a large
 * share of a cold run's allocations (issue 7). A list shorter than `size` is one shingle.
 */
function shingleHashes(tokens: string[], size = 3): Uint32Array {
  return shinglesOfHashes(Uint32Array.from(tokens, (token) => fnv1a32(token, FNV_OFFSET)), size);
}

function shinglesOfHashes(tokenHashes: Uint32Array, size = 3): Uint32Array {
  if (tokenHashes.length === 0) return new Uint32Array(0);
  const count = Math.max(1, tokenHashes.length - size + 1);
  const width = Math.min(size, tokenHashes.length);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let hash = SHINGLE_SEED;
    // Order matters ("a b c" ≠ "c b a"): rotate before mixing in each word.
    for (let k = 0; k < width; k++) hash = Math.imul(((hash << 13) | (hash >>> 19)) ^ tokenHashes[i + k], 0x9e3779b1);
    out[i] = finalMix(hash ^ width);
  }
  return out;
}

export interface BodyFingerprint {
  /** The distinct shingle hashes, sorted ascending. */
  shingles: Uint32Array;
  /** 64-bit SimHash as 16 lower-case hex digits. */
  simhash: string;
}

/**
 * The distinct shingles and the SimHash of a text's tokens, in one pass over the shingle hashes.
 * Each shingle weighs as often as it occurs; its 64 bits are its hash and a second mix of it.
 */
function fingerprintTokens(tokens: string[]): BodyFingerprint {
  return fingerprintOfTokenHashes(Uint32Array.from(tokens, (token) => fnv1a32(token, FNV_OFFSET)));
}

/** Bit i of every byte value, as 8 four-bit lanes: adds up 8 bits of a hash in one addition. */
const BYTE_LANES = Uint32Array.from({ length: 256 }, (_, byte) => {
  let lanes = 0;
  for (let bit = 0; bit < 8; bit++) if ((byte >>> bit) & 1) lanes |= 1 << (bit * 4);
  return lanes >>> 0;
});
/** A four-bit lane holds 15: the lanes are emptied before more weight than that is added. */
const LANE_MAX = 15;

/** fingerprintTokens from the tokens' hashes (tokenHashesOf). */
export function fingerprintOfTokenHashes(tokenHashes: Uint32Array): BodyFingerprint {
  const sorted = sortAscending(shinglesOfHashes(tokenHashes));
  // SimHash bit i is set when the weight of shingles with bit i set exceeds half of all weight
  // (the sign of Σ ±weight): count set bits per position, eight positions per addition.
  const ones = new Float64Array(64);
  const lanes = new Uint32Array(8);
  let pending = 0;
  let total = 0;
  const flush = () => {
    for (let byte = 0; byte < 8; byte++) {
      const value = lanes[byte];
      for (let lane = 0; lane < 8; lane++) ones[byte * 8 + lane] += (value >>> (lane * 4)) & 0xf;
      lanes[byte] = 0;
    }
    pending = 0;
  };
  let distinct = 0;
  for (let i = 0; i < sorted.length; ) {
    const low = sorted[i];
    let weight = 0;
    while (i < sorted.length && sorted[i] === low) {
      weight++;
      i++;
    }
    sorted[distinct++] = low;
    const high = finalMix(low ^ 0x5bd1e995);
    total += weight;
    if (weight > LANE_MAX) {
      for (let bit = 0; bit < 32; bit++) {
        ones[bit] += ((low >>> bit) & 1) * weight;
        ones[32 + bit] += ((high >>> bit) & 1) * weight;
      }
      continue;
    }
    if (pending + weight > LANE_MAX) flush();
    pending += weight;
    lanes[0] += BYTE_LANES[low & 0xff] * weight;
    lanes[1] += BYTE_LANES[(low >>> 8) & 0xff] * weight;
    lanes[2] += BYTE_LANES[(low >>> 16) & 0xff] * weight;
    lanes[3] += BYTE_LANES[low >>> 24] * weight;
    lanes[4] += BYTE_LANES[high & 0xff] * weight;
    lanes[5] += BYTE_LANES[(high >>> 8) & 0xff] * weight;
    lanes[6] += BYTE_LANES[(high >>> 16) & 0xff] * weight;
    lanes[7] += BYTE_LANES[high >>> 24] * weight;
  }
  flush();
  let hex = '';
  for (let nibble = 15; nibble >= 0; nibble--) {
    let value = 0;
    for (let bit = 3; bit >= 0; bit--) value = (value << 1) | (2 * ones[nibble * 4 + bit] > total ? 1 : 0);
    hex += value.toString(16);
  }
  return { shingles: sorted.slice(0, distinct), simhash: hex };
}

const radixCounts = new Uint32Array(4 * 256);
let radixScratch: Uint32Array = new Uint32Array(1024);

/**
 * `values` sorted in place, ascending: a byte-wise radix sort (four passes) above a few dozen
 * values, where it takes about half the time of TypedArray.prototype.sort for a body's shingles.
 */
function sortAscending<T extends Uint32Array>(values: T): T {
  const n = values.length;
  if (n < 64) return values.sort();
  if (radixScratch.length < n) radixScratch = new Uint32Array(n);
  radixCounts.fill(0);
  for (let i = 0; i < n; i++) {
    const value = values[i];
    radixCounts[value & 0xff]++;
    radixCounts[256 + ((value >>> 8) & 0xff)]++;
    radixCounts[512 + ((value >>> 16) & 0xff)]++;
    radixCounts[768 + (value >>> 24)]++;
  }
  for (let base = 0; base < radixCounts.length; base += 256) {
    let sum = 0;
    for (let digit = base; digit < base + 256; digit++) {
      const count = radixCounts[digit];
      radixCounts[digit] = sum;
      sum += count;
    }
  }
  // Four passes end where they began: values → scratch → values → scratch → values.
  let from: Uint32Array = values;
  let to = radixScratch;
  for (let pass = 0; pass < 4; pass++) {
    const shift = pass * 8;
    const base = pass * 256;
    for (let i = 0; i < n; i++) {
      const value = from[i];
      to[radixCounts[base + ((value >>> shift) & 0xff)]++] = value;
    }
    [from, to] = [to, from];
  }
  return values;
}

/**
 * 64-bit SimHash of the text's word 3-shingles, as 16 lower-case hex digits. Texts that share most
 * shingles differ in few bits; unrelated texts differ in about 32. Empty text gives all zeros.
 */
export function simhash(text: string): string {
  return fingerprintTokens(textTokens(text)).simhash;
}

/** Number of differing bits between two simhash() values. */
export function hammingDistance(a: string, b: string): number {
  assertSimhash(a);
  assertSimhash(b);
  let distance = 0;
  for (let i = 0; i < SIMHASH_HEX_LENGTH; i++) {
    let diff = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (diff) {
      distance += diff & 1;
      diff >>= 1;
    }
  }
  return distance;
}

function assertSimhash(value: string): void {
  if (!/^[0-9a-f]{16}$/i.test(value)) {
    throw new FeedloomError('E_INTERNAL', `Expected a simhash of 16 hex digits, got ${JSON.stringify(value)}`, {
      where: 'dedupe/fingerprint',
    });
  }
}

function normaliseWords(text: string): string[] {
  // ASCII has nothing for NFKC/NFD to change and no accents to drop: the four normalize() passes
  // cost more than the rest of a body's fingerprint (issue 7).
  if (ASCII_ONLY.test(text)) return text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 0);
  // U+FEFF is white space to split but case-ignorable to toLowerCase (final sigma): fold it whole.
  if (text.includes('\uFEFF')) return foldWords(text);
  // Normalisation and case mapping never reach across white space (no composition, reordering or
  // final-sigma context crosses it), so each white-space word folds alone, and the same words
  // recur: a non-ASCII word is folded once per process, not once per item (issue 11).
  const words: string[] = [];
  for (const chunk of text.split(/\s+/)) {
    if (chunk === '') continue;
    if (ASCII_ONLY.test(chunk)) {
      for (const word of chunk.toLowerCase().split(/[^a-z0-9]+/)) if (word.length > 0) words.push(word);
    } else for (const word of foldedChunk(chunk).words) words.push(word);
  }
  return words;
}

interface FoldedChunk {
  words: string[];
  tokenHashes: number[];
}

/** Folded words of recent non-ASCII white-space words; cleared when full (a run meets a bounded vocabulary per language). */
const foldedChunks = new Map<string, FoldedChunk>();
const FOLDED_CHUNKS = 8192;

function foldedChunk(chunk: string): FoldedChunk {
  let folded = foldedChunks.get(chunk);
  if (folded === undefined) {
    const words = foldWords(chunk);
    folded = { words, tokenHashes: tokensOfWords(words).map((token) => fnv1a32(token, FNV_OFFSET)) };
    if (foldedChunks.size >= FOLDED_CHUNKS) foldedChunks.clear();
    foldedChunks.set(chunk, folded);
  }
  return folded;
}

function chunkTokenHashes(chunk: string): number[] {
  // Split as normaliseWords splits: a white-space word is one chunk here already.
  return foldedChunk(chunk).tokenHashes;
}

function foldWords(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    // Latin accents go (é → e, so "Zürich" matches "Zurich"), but й is a letter of its own in
    // Russian and Ukrainian, not и with an accent, so it is put back together first.
    .replace(/\u0438\u0306/g, '\u0439')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
  return classRuns(folded, LETTER | NUMBER | MARK).map(([start, end]) => folded.slice(start, end));
}

function diceCoefficient(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return (2 * shared) / (left.size + right.size);
}

/** A 32-bit hash of a token, for index keys (issue 7). */
export function hashToken(text: string): number {
  return fnv1a32(text, FNV_OFFSET);
}

function fnv1a32(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return finalMix(hash);
}

/** MurmurHash3's fmix32 avalanche: spreads small input differences over all 32 bits. */
function finalMix(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** How many values two ascending, distinct lists share (a merge walk); of `b`, only [bStart, bEnd). */
export function countShared(a: ArrayLike<number>, b: ArrayLike<number>, bStart = 0, bEnd = b.length): number {
  let shared = 0;
  for (let i = 0, j = bStart; i < a.length && j < bEnd; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared;
}
