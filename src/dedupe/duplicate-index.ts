/**
 * Candidates for cross-source duplicates without comparing every new item with every stored item of
 * its ±window (issue 7: at 1,000 sources a window holds thousands of items, and the pairwise scan
 * made a cold run quadratic — minutes for 50k items). Stored items are loaded once per day of the
 * windows a run touches and looked up by the keys compare() matches on (dedupe/cross-source.ts):
 *
 * - the article link and the title key: exact;
 * - similar titles: the numbers and names of the headline plus a prefix of its tokens (prefix
 *   filtering, Chaudhuri et al., ICDE 2006): two token sets with Dice ≥ s share a token within the
 *   first |X| − ⌈s|X|/(2−s)⌉ + 1 of each, in one fixed token order — exact;
 * - near-identical bodies: 8 SimHash bands of 8 bits; two hashes ≤ 6 bits apart agree on a band
 *   (pigeonhole) — exact. (Filing every pair of bands, 28 keys, was tried: on the bench farm, whose
 *   texts share a small vocabulary, SimHashes cluster and the pair lists stayed long, for 10 % more
 *   memory and no time saved.)
 *   (pigeonhole) — exact;
 * - copies and excerpts (shared 3-shingles): shingles whose hash is 0 mod SHINGLE_SAMPLE, and every
 *   shingle of a short body — a copy sharing n shingles with a long body is missed with probability
 *   (1 − 1/SHINGLE_SAMPLE)^n (under 1e-4 once n ≥ 70).
 *   A shingle filed under more than COMMON_SHINGLE_SLOTS items of the run is boilerplate and is
 *   not looked up: the cost of a probe stays bounded, and a copy is still found by its other shingles.
 *
 * A window of at most EXACT_WINDOW items is compared in full, exactly as before the index, so small
 * installations (and the tests) see no sampling at all.
 */
import type { StoredFingerprint, StoredItem } from '../core/types.js';
import { EXCERPT_MIN_WORDS, MIN_BODY_WORDS, NEAR_SIMHASH_BITS, duplicateKeysOf, encodeShingles, textFeaturesOf, type TextFeatures } from './cross-source.js';
import { hashToken } from './fingerprint.js';
import { compareNewest } from '../store/item-order.js';
import type { ItemStore } from '../store/store.js';

export const EXACT_WINDOW = 64;
export const SHINGLE_SAMPLE = 8;
/** Shingles filed under more items than this are not looked up (see candidatesFor). */
export const COMMON_SHINGLE_SLOTS = 64;
/** Bodies with at most this many shingles are indexed by all of them. */
const SHORT_BODY_SHINGLES = 64;
const DAY_MS = 86_400_000;
/** Ordered last, so that title prefixes are made of the rarer words. */
const COMMON_WORDS = new Set(
  'a an and are as at be by for from has have he her his in is it its new of on or over says she the their to up was were will with after about how why what who'.split(' '),
);

export class DedupeCandidates {
  private readonly slots: StoredItem[] = [];
  /** Per slot: the SimHash as two 32-bit halves and the body length in words, to check a band match at once. */
  private readonly simhashHigh: number[] = [];
  private readonly simhashLow: number[] = [];
  private readonly words: number[] = [];
  /** Per slot: the item's date in ms, so the window check is a number comparison. */
  private readonly times: number[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly days = new Map<number, number[]>();
  private readonly loadedDays = new Set<number>();
  private readonly keys = new Map<string, number[]>();
  /** SimHash bands (band × 256 + value), and shingle hashes: small-integer keys, kept apart from the strings (memory, speed). */
  private readonly bands = new Map<number, number[]>();
  /**
   * Shingle hashes by whether they are sampled (hash ≡ 0 mod SHINGLE_SAMPLE): long bodies are filed
   * under sampled ones only, so an unsampled probe shingle can only meet a short body and never
   * walks the long lists (issue 7: probing every shingle against one map was a fifth of a cold run).
   */
  private readonly sampledShingles = new Map<number, number[]>();
  private readonly unsampledShingles = new Map<number, number[]>();

  constructor(
    private readonly items: ItemStore,
    private readonly windowMs: number,
    /** dedupe.titleSimilarity; at 0 every title is similar and only the full comparison is right. */
    private readonly titleSimilarity: number,
  ) {}

  /** Stored items within the window of `item` that compare() may match, besides `item` itself. */
  candidatesFor(item: StoredItem): StoredItem[] {
    const time = Date.parse(item.date);
    if (Number.isNaN(time)) return [];
    const since = time - this.windowMs;
    const until = time + this.windowMs;
    const self = this.slotOf.get(item.uid);
    const firstDay = Math.floor(since / DAY_MS);
    const lastDay = Math.floor(until / DAY_MS);
    let size = 0;
    for (let day = firstDay; day <= lastDay; day++) size += this.loadDay(day).length;
    const inWindow = (slot: number) => slot !== self && this.times[slot] >= since && this.times[slot] <= until;
    const found = new Set<number>();
    if (size <= EXACT_WINDOW || this.titleSimilarity <= 0) {
      for (let day = firstDay; day <= lastDay; day++) for (const slot of this.days.get(day)!) if (inWindow(slot)) found.add(slot);
    } else {
      const keys = keysOf(item, this.titleSimilarity, true);
      for (const key of keys.strings) for (const slot of this.keys.get(key) ?? []) if (inWindow(slot)) found.add(slot);
      // A band is only worth a comparison when the whole SimHash is near (a band alone matches 1 in 256).
      for (const key of keys.bands) {
        for (const slot of this.bands.get(key) ?? []) {
          const near = popcount(this.simhashHigh[slot] ^ keys.high) + popcount(this.simhashLow[slot] ^ keys.low) <= NEAR_SIMHASH_BITS;
          if (near && this.words[slot] >= MIN_BODY_WORDS && inWindow(slot)) found.add(slot);
        }
      }
      const anyUnsampled = this.unsampledShingles.size > 0;
      for (const hash of keys.shingles) {
        if (!anyUnsampled && hash % SHINGLE_SAMPLE !== 0) continue;
        const slots = this.shinglesFor(hash).get(hash >>> 2);
        // A shingle that hundreds of items share is boilerplate ("read more at the source"), not a
        // sign of copying; a real copy shares plenty of rarer ones.
        if (slots && slots.length <= COMMON_SHINGLE_SLOTS) for (const slot of slots) if (inWindow(slot)) found.add(slot);
      }
    }
    // The order the store gave before the index (same link first, then newest first): among equally
    // good matches findCrossSourceDuplicate keeps the first, so the order decides ties.
    const sameLink = (other: StoredItem) => (item.canonicalLink !== null && other.canonicalLink === item.canonicalLink ? 0 : 1);
    return [...found].map((slot) => this.slots[slot]).sort((a, b) => sameLink(a) - sameLink(b) || compareNewest(a, b));
  }

  /** Record an item put into the store (new, updated or folded), so later lookups see it. */
  update(item: StoredItem): void {
    let slot = this.slotOf.get(item.uid);
    const previous = slot === undefined ? undefined : this.slots[slot];
    const time = Date.parse(item.date);
    if (slot === undefined) {
      slot = this.slots.length;
      this.slotOf.set(item.uid, slot);
      this.dayList(Math.floor(time / DAY_MS)).push(slot);
    } else if (previous!.date !== item.date) {
      // Moved to another day: listed under both, the window check drops the stale one.
      this.dayList(Math.floor(time / DAY_MS)).push(slot);
    }
    this.slots[slot] = item;
    this.times[slot] = time;
    // Stale keys of an edited item stay: they can only add candidates, never hide one.
    if (!previous || previous.contentHash !== item.contentHash || previous.title !== item.title || previous.link !== item.link) {
      const keys = keysOf(item, this.titleSimilarity, false);
      this.simhashHigh[slot] = keys.high;
      this.simhashLow[slot] = keys.low;
      this.words[slot] = keys.words;
      for (const key of keys.strings) addKey(this.keys, key, slot);
      for (const key of keys.bands) addKey(this.bands, key, slot);
      for (const hash of keys.shingles) addKey(this.shinglesFor(hash), hash >>> 2, slot);
    }
  }

  private shinglesFor(hash: number): Map<number, number[]> {
    return hash % SHINGLE_SAMPLE === 0 ? this.sampledShingles : this.unsampledShingles;
  }

  private loadDay(day: number): number[] {
    if (!this.loadedDays.has(day)) {
      this.loadedDays.add(day);
      const since = new Date(day * DAY_MS).toISOString();
      const until = new Date((day + 1) * DAY_MS - 1).toISOString();
      for (const item of this.items.inWindow(since, until)) if (!this.slotOf.has(item.uid)) this.update(item);
    }
    return this.dayList(day);
  }

  private dayList(day: number): number[] {
    let list = this.days.get(day);
    if (!list) this.days.set(day, (list = []));
    return list;
  }
}

/**
 * The body keys an item is filed under, to keep with the stored item: a later run files it from
 * these without reading its body again (only the few items a probe finds are compared in full).
 */
export function storedFingerprintOf(item: StoredItem): StoredFingerprint {
  return fingerprintOfFeatures(textFeaturesOf(item));
}

// Made beside the features on a parse worker when there is one (item-analysis.ts).
const fingerprints = new WeakMap<TextFeatures, StoredFingerprint>();

export function fingerprintOfFeatures(features: TextFeatures): StoredFingerprint {
  let fingerprint = fingerprints.get(features);
  if (!fingerprint) {
    const filed = features.shingles.length <= SHORT_BODY_SHINGLES ? features.shingles : features.shingles.filter((hash) => hash % SHINGLE_SAMPLE === 0);
    fingerprint = { simhash: features.simhash, words: features.words, shingles: encodeShingles(filed) };
    fingerprints.set(features, fingerprint);
  }
  return fingerprint;
}

export function rememberFingerprint(features: TextFeatures, fingerprint: StoredFingerprint): void {
  fingerprints.set(features, fingerprint);
}

function addKey<K>(keys: Map<K, number[]>, key: K, slot: number): void {
  const list = keys.get(key);
  if (!list) keys.set(key, [slot]);
  else if (list[list.length - 1] !== slot) list.push(slot);
}

interface ItemKeys {
  strings: string[];
  /** SimHash bands: band × 256 + its 8 bits. */
  bands: number[];
  /** Shingle hashes; filed cut to 30 bits, so that map keys are small integers (fast). */
  shingles: number[];
  high: number;
  low: number;
  words: number;
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The keys an item is filed under (`probe` false) or looked up by (`probe` true): the same, except
 * that a lookup tries every shingle of the body, so it finds short bodies filed under all of theirs.
 */
function keysOf(item: StoredItem, similarity: number, probe: boolean): ItemKeys {
  const keys = duplicateKeysOf(item);
  const strings: string[] = [];
  const bands: number[] = [];
  const shingles: number[] = [];
  if (keys.link) strings.push(`l${keys.link}`);
  if (keys.titleKey) strings.push(`t${keys.titleKey}`);
  if (keys.titleTokens.length > 0 && similarity > 0) {
    const ordered = keys.titleTokens
      .map((token) => ({ token, common: COMMON_WORDS.has(token) ? 1 : 0, hash: hashToken(token) }))
      .sort((a, b) => a.common - b.common || a.hash - b.hash || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
    const n = ordered.length;
    const prefix = n - Math.ceil((similarity * n) / (2 - similarity) - 1e-9) + 1;
    for (const { token } of ordered.slice(0, Math.max(1, prefix))) strings.push(`s${keys.titleFigures}\u0000${token}`);
  }
  if (keys.words >= MIN_BODY_WORDS) {
    for (let band = 0; band < 8; band++) bands.push(band * 256 + Number.parseInt(keys.simhash.slice(band * 2, band * 2 + 2), 16));
  }
  if (keys.words >= EXCERPT_MIN_WORDS) {
    const all = probe || keys.shingles.length <= SHORT_BODY_SHINGLES;
    for (const hash of keys.shingles) if (all || hash % SHINGLE_SAMPLE === 0) shingles.push(hash);
  }
  return { strings, bands, shingles, high: Number.parseInt(keys.simhash.slice(0, 8), 16), low: Number.parseInt(keys.simhash.slice(8), 16), words: keys.words };
}
