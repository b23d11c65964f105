/**
 * Text fingerprints for cross-source duplicate detection (issue 6): a normalised title key for
 * exact-title matches, token similarity for near-identical headlines, and a 64-bit SimHash
 * (Charikar 2002; Manku, Jain & Das Sarma, WWW 2007) for near-identical bodies such as wire copies.
 * Pure functions; no I/O.
 */
import { FeedloomError } from '../core/errors.js';

/** Scripts written without spaces between words: tokenised as overlapping character bigrams. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const SIMHASH_HEX_LENGTH = 16;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const FNV_OFFSET = 0x811c9dc5;
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
  const tokens: string[] = [];
  for (const word of normaliseWords(text)) {
    if (UNSPACED_SCRIPT.test(word) && [...word].length > 2) {
      const chars = [...word];
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else {
      tokens.push(word);
    }
  }
  return tokens;
}

/**
 * Hashes of the overlapping word n-grams ("shingles") of a token list, in order, repeats kept.
 * Integers, not strings: a 3 KB body has ~400 shingles, and making a string of each was a large
 * share of a cold run's allocations (issue 7). A list shorter than `size` is one shingle.
 */
export function shingleHashes(tokens: string[], size = 3): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const tokenHashes = tokens.map((token) => fnv1a32(token, FNV_OFFSET));
  const count = Math.max(1, tokens.length - size + 1);
  const width = Math.min(size, tokens.length);
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
export function fingerprintTokens(tokens: string[]): BodyFingerprint {
  const sorted = shingleHashes(tokens).sort();
  const vector = new Int32Array(64);
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
    for (let bit = 0; bit < 32; bit++) {
      vector[bit] += (((low >>> bit) & 1) * 2 - 1) * weight;
      vector[32 + bit] += (((high >>> bit) & 1) * 2 - 1) * weight;
    }
  }
  let hex = '';
  for (let nibble = 15; nibble >= 0; nibble--) {
    let value = 0;
    for (let bit = 3; bit >= 0; bit--) value = (value << 1) | (vector[nibble * 4 + bit] > 0 ? 1 : 0);
    hex += value.toString(16);
  }
  return { shingles: sorted.slice(0, distinct), simhash: hex };
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
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    // Latin accents go (é → e, so "Zürich" matches "Zurich"), but й is a letter of its own in
    // Russian and Ukrainian, not и with an accent, so it is put back together first.
    .replace(/\u0438\u0306/g, '\u0439')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
  return folded.split(/[^\p{L}\p{N}\p{M}]+/u).filter((word) => word.length > 0);
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

/** How many values two ascending, distinct lists share (a merge walk). */
export function countShared(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared;
}
