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

/** Overlapping word n-grams ("shingles") of a token list, the unit both SimHash and overlap use. */
export function shingles(tokens: string[], size = 3): string[] {
  if (tokens.length < size) return tokens.length === 0 ? [] : [tokens.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + size <= tokens.length; i++) out.push(tokens.slice(i, i + size).join(' '));
  return out;
}

/**
 * 64-bit SimHash of the text's word 3-shingles, as 16 lower-case hex digits. Texts that share most
 * shingles differ in few bits; unrelated texts differ in about 32. Empty text gives all zeros.
 */
export function simhash(text: string): string {
  return simhashOfShingles(shingles(textTokens(text)));
}

/** simhash() of a text whose shingles are already at hand (cross-source features make them once). */
export function simhashOfShingles(list: string[]): string {
  const counts = new Map<string, number>();
  for (const shingle of list) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  const vector = new Float64Array(64);
  for (const [shingle, weight] of counts) {
    // Two independently seeded 32-bit FNV-1a hashes make the 64 bits without BigInt arithmetic.
    const low = fnv1a32(shingle, 0x811c9dc5);
    const high = fnv1a32(shingle, 0x050c5d1f);
    for (let bit = 0; bit < 32; bit++) {
      vector[bit] += (low >>> bit) & 1 ? weight : -weight;
      vector[32 + bit] += (high >>> bit) & 1 ? weight : -weight;
    }
  }
  let hex = '';
  for (let nibble = 15; nibble >= 0; nibble--) {
    let value = 0;
    for (let bit = 3; bit >= 0; bit--) value = (value << 1) | (vector[nibble * 4 + bit] > 0 ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
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

/** A 32-bit hash of a shingle or token, for compact sets and index keys (issue 7). */
export function hashToken(text: string): number {
  return fnv1a32(text, 0x811c9dc5);
}

function fnv1a32(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // A final avalanche (from MurmurHash3's fmix32) spreads short-shingle differences over all bits.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}
