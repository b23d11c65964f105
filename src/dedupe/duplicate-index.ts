/**
 * The run's cross-source duplicate index: which stored items of an item's ±window compare()
 * (cross-source.ts) could match, without comparing it with every item of the window (issue 7: at
 * 1,000 sources a window holds 50,000 items, and a probe that returned a fixed share of them made a
 * cold run quadratic). Every key walk below is followed by a cheap check on compact per-slot numbers
 * (typed arrays), so only pairs that can pass compare() are returned: the number of full
 * comparisons per probe does not grow with the window (stats() counts them; docs/dedupe.md).
 *
 * Always found (exact):
 * - the same article link, and the same title key;
 * - similar titles (token Dice ≥ titleSimilarity) with the same headline numbers and names: prefix
 *   filtering (Chaudhuri et al., ICDE 2006) — two token sets with Dice ≥ s share a token within the
 *   first |X| − ⌈s|X|/(2−s)⌉ + 1 of each, in one fixed order — then Dice checked on token hashes;
 * - bodies whose SimHashes are ≤ NEAR_SIMHASH_BITS (6) apart: 7 bands of 9–10 bits, so 6 differing
 *   bits leave at least one band equal (pigeonhole), then the full distance checked;
 * - a body of at most SHORT_BODY_SHINGLES shingles sharing ≥ COPY_OVERLAP of them with the probe
 *   (it is filed under all of them and the probe looks up all of its own).
 *
 * Found with high probability: two long bodies sharing ≥ COPY_OVERLAP of the shorter one's
 * shingles. Both are filed under their shingles ≡ 0 mod SHINGLE_SAMPLE (the same sample on every
 * item, so shared sampled shingles are a sample of the shared ones) and a pair is returned when at
 * least max(1, ⌈MIN_SAMPLED_SHARE × smaller sample⌉) sampled shingles are shared. At overlap 0.5
 * the miss probability is under 1 % for a 100-shingle body and under 1e-6 past 400 (binomial tail,
 * docs/dedupe.md). A shingle filed under more than COMMON_SHINGLE_SLOTS items is boilerplate and
 * does not count.
 *
 * A window of at most EXACT_WINDOW items is compared in full, so small installations see no sampling.
 */
import type { StoredFingerprint, StoredItem } from '../core/types.js';
import { COPY_OVERLAP, EXCERPT_MIN_WORDS, MIN_BODY_WORDS, NEAR_SIMHASH_BITS, duplicateKeysOf, textFeaturesOf, type KeyedItem, type TextFeatures } from './cross-source.js';
import { countShared, hashToken } from './fingerprint.js';
import { Column, Postings, TimeColumn } from './index-columns.js';
import { SHINGLE_SAMPLE, SHORT_BODY_SHINGLES, buildStoredFingerprint, isCurrentFingerprint } from './stored-fingerprint.js';
import { compareNewest } from '../store/item-order.js';
import type { ItemSketch, ItemStore } from '../store/store-contract.js';

export const EXACT_WINDOW = 64;
/** Shingles filed under more items than this are not looked up (see candidatesFor). */
export const COMMON_SHINGLE_SLOTS = 64;
/**
 * Two bodies are compared when they share at least this share of the smaller one's (sampled)
 * shingles, boilerplate left out, and at least one: compare() wants COPY_OVERLAP (0.5) of all of
 * them, so a true copy clears it by a wide margin and a body that merely shares stock phrases does not.
 */
const MIN_SHARED_SHARE = 0.25;
/** The same for the sampled shingles of two long bodies: lower, for the sampling's spread. */
const MIN_SAMPLED_SHARE = 0.15;
const DAY_MS = 86_400_000;
const NO_SHINGLES = new Uint32Array(0);
/** SimHash bands: 7 of 9–10 bits, so that 6 differing bits leave one band equal (pigeonhole). */
const BAND_WIDTHS = [9, 9, 9, 9, 9, 9, 10];
/** Ordered last, so that title prefixes are made of the rarer words. */
const COMMON_WORDS = new Set(
  'a an and are as at be by for from has have he her his in is it its new of on or over says she the their to up was were will with after about how why what who'.split(' '),
);

/** What the index has done: `compared` is the candidates it returned, i.e. the full comparisons. */
export interface DuplicateIndexStats {
  items: number;
  probes: number;
  compared: number;
  /** Candidates whose text features were read from their text (not given, not kept): see FEATURES_KEPT. */
  featureReads: number;
  featuresKept: number;
  /** Times an item's keys were worked out from its text or fingerprint: once per new item, the probe's serving its filing. */
  keyReads: number;
  /** Of `compared`, how many each kind of key brought first. */
  by: { exact: number; title: number; simhash: number; shingles: number; window: number };
}

/**
 * Text features kept for compare() besides those of the item being probed: a stored item compared
 * with several newcomers is read once while it stays among the last this many given or read. Bounded,
 * so a run does not keep every new item's features to its end (issue 11, item 3); a feature set is a
 * few KB, and a probe compares under one candidate on average (stats()), so a miss is rare and costs
 * one reading of the item's text.
 */
export const FEATURES_KEPT = 2_048;

export class DuplicateIndex {
  /**
   * Per slot, the item's uid: the item itself is read from the store when a probe returns it (a
   * few per probe), so the index holds no item, body or sketch (issue 11, item 3).
   */
  private readonly uids: string[] = [];
  /** Per slot, compact numbers only: SimHash halves, body words, filed shingles, sampled shingles, date (ms). */
  private readonly simhashHigh = new Column();
  private readonly simhashLow = new Column();
  private readonly words = new Column();
  private readonly filedShingles = new Column();
  private readonly sampledShingleCount = new Column();
  private readonly allFiled = new Column();
  private readonly times = new TimeColumn();
  /** Per slot, what its keys were made from (content hash; title and link), so a put that changes neither files nothing. */
  private readonly contentVersion = new Column();
  private readonly titleVersion = new Column();
  /** Per slot, the distinct title tokens' hashes, sorted, in one pool: start and length. */
  private readonly titlePool = new Column();
  private readonly titleStart = new Column();
  private readonly titleLength = new Column();
  private readonly slotOf = new Map<string, number>();
  private readonly days = new Map<number, number[]>();
  private readonly loadedDays = new Set<number>();
  /** Link and title keys (exact), hashed to numbers: a collision only adds a candidate. */
  private readonly exactKeys = new Postings();
  /** Title prefix tokens with the headline's numbers and names, hashed. */
  private readonly prefixKeys = new Postings();
  /** SimHash bands: band × 1024 + its bits. */
  private readonly bands = new Postings();
  /**
   * Shingle hashes by whether they are sampled (hash ≡ 0 mod SHINGLE_SAMPLE): long bodies are filed
   * under sampled ones only, so an unsampled probe shingle can only meet a short body.
   */
  private readonly sampledShingles = new Postings();
  private readonly unsampledShingles = new Postings();
  /**
   * The low 16 bits of every unsampled shingle filed: only short bodies are filed under those, so
   * most of a probe's ~200 unsampled shingles are answered by one byte here, not a table lookup.
   */
  private readonly unsampledBits = new Uint8Array(1 << 16);
  /** Text features by uid, kept while the item's content is the same, the FEATURES_KEPT last given or read (insertion order). */
  private readonly features = new Map<string, { contentHash: string; features: TextFeatures }>();
  /** The keys of the last probe (candidatesFor) and what they were read from. */
  private lastProbe: { uid: string; contentHash: string; title: string | null; link: string | null; canonicalLink: string | null; keys: ItemKeys } | null = null;
  /** addShingleMatches's scratch: shared shingles per slot (zero between probes), and the slots met. */
  private hitCounts = new Uint16Array(0);
  private hitSlots = new Int32Array(0);
  private probes = 0;
  private keyReads = 0;
  private compared = 0;
  private featureReads = 0;
  private readonly by = { exact: 0, title: 0, simhash: 0, shingles: 0, window: 0 };

  constructor(
    private readonly items: ItemStore,
    private readonly windowMs: number,
    /** dedupe.titleSimilarity; at 0 every title is similar and only the full comparison is right. */
    private readonly titleSimilarity: number,
    /** Windows this small are compared in full; 0 always uses the keys (a pre-filter over candidates already found by key). */
    private readonly exactWindow: number = EXACT_WINDOW,
  ) {}

  stats(): DuplicateIndexStats {
    return { items: this.uids.length, probes: this.probes, compared: this.compared, featureReads: this.featureReads, featuresKept: this.features.size, keyReads: this.keyReads, by: { ...this.by } };
  }

  /**
   * The bytes the index holds beyond its uids and day lists: the typed arrays and postings. Per
   * item filed it stays a few hundred bytes, however many items (test/dedupe/duplicate-index-memory.test.ts).
   */
  compactBytes(): number {
    const columns = [this.simhashHigh, this.simhashLow, this.words, this.filedShingles, this.sampledShingleCount, this.allFiled, this.times, this.contentVersion, this.titleVersion, this.titlePool, this.titleStart, this.titleLength];
    const postings = [this.exactKeys, this.prefixKeys, this.bands, this.sampledShingles, this.unsampledShingles];
    return [...columns, ...postings].reduce((sum, part) => sum + part.bytes(), this.hitCounts.byteLength + this.hitSlots.byteLength + this.unsampledBits.byteLength);
  }

  /** The text features compare() reads, from those given to the index for this content, else from the item's text. */
  featuresOf(item: StoredItem): TextFeatures {
    const known = this.knownFeatures(item);
    if (known) return known;
    this.featureReads++;
    return this.keep(item, textFeaturesOf(item));
  }

  private keep(item: StoredItem, features: TextFeatures): TextFeatures {
    this.features.delete(item.uid);
    this.features.set(item.uid, { contentHash: item.contentHash, features });
    if (this.features.size > FEATURES_KEPT) this.features.delete(this.features.keys().next().value!);
    return features;
  }

  private knownFeatures(item: Pick<StoredItem, 'uid' | 'contentHash'>): TextFeatures | undefined {
    const known = this.features.get(item.uid);
    return known && known.contentHash === item.contentHash ? known.features : undefined;
  }

  /**
   * Stored items within the window of `item` that compare() may match, besides `item` itself.
   * `features`: the item's text features, when its caller has them (its analysis).
   */
  candidatesFor(item: StoredItem, features?: TextFeatures): StoredItem[] {
    const time = Date.parse(item.date);
    if (Number.isNaN(time)) return [];
    if (features) this.keep(item, features);
    this.probes++;
    const since = time - this.windowMs;
    const until = time + this.windowMs;
    const self = this.slotOf.get(item.uid);
    const firstDay = Math.floor(since / DAY_MS);
    const lastDay = Math.floor(until / DAY_MS);
    let size = 0;
    for (let day = firstDay; day <= lastDay; day++) size += this.loadDay(day).length;
    const inWindow = (slot: number) => slot !== self && this.times.get(slot) >= since && this.times.get(slot) <= until;
    const found = new Set<number>();
    if (size <= this.exactWindow || this.titleSimilarity <= 0) {
      for (let day = firstDay; day <= lastDay; day++) for (const slot of this.days.get(day)!) if (inWindow(slot)) found.add(slot);
      this.by.window += found.size;
    } else {
      const keys = keysOf(item, this.titleSimilarity, true, this.knownFeatures(item));
      this.keyReads++;
      // The put that usually follows files the same item: its keys come from these (filingKeys).
      this.lastProbe = { uid: item.uid, contentHash: item.contentHash, title: item.title, link: item.link, canonicalLink: item.canonicalLink, keys };
      for (const key of keys.exact) for (const slot of this.exactKeys.slotsOf(key)) if (inWindow(slot)) found.add(slot);
      this.by.exact += found.size;
      let before = found.size;
      for (const key of keys.prefixes) {
        for (const slot of this.prefixKeys.slotsOf(key)) {
          if (!found.has(slot) && this.titleDice(keys.titleHashes, slot) >= this.titleSimilarity - 1e-9 && inWindow(slot)) found.add(slot);
        }
      }
      this.by.title += found.size - before;
      before = found.size;
      // A band is only worth a comparison when the whole SimHash is near.
      for (const key of keys.bands) {
        for (const slot of this.bands.slotsOf(key)) {
          const near = popcount(this.simhashHigh.get(slot) ^ keys.high) + popcount(this.simhashLow.get(slot) ^ keys.low) <= NEAR_SIMHASH_BITS;
          if (near && this.words.get(slot) >= MIN_BODY_WORDS && inWindow(slot)) found.add(slot);
        }
      }
      this.by.simhash += found.size - before;
      before = found.size;
      this.addShingleMatches(keys, inWindow, found);
      this.by.shingles += found.size - before;
    }
    this.compared += found.size;
    // The order the store gave before the index (same link first, then newest first): among equally
    // good matches findCrossSourceDuplicate keeps the first, so the order decides ties.
    const sameLink = (other: StoredItem) => (item.canonicalLink !== null && other.canonicalLink === item.canonicalLink ? 0 : 1);
    const candidates: StoredItem[] = [];
    for (const slot of found) {
      const candidate = this.items.get(this.uids[slot]);
      if (candidate) candidates.push(candidate);
    }
    return candidates.sort((a, b) => sameLink(a) - sameLink(b) || compareNewest(a, b));
  }

  /**
   * Items whose bodies may share COPY_OVERLAP of the shorter one's shingles: shared shingles are
   * counted per slot, and a slot is kept only when the count can reach that share (see the header).
   */
  private addShingleMatches(keys: ItemKeys, inWindow: (slot: number) => boolean, found: Set<number>): void {
    if (keys.shingles.length === 0) return;
    // Shared shingles per slot, counted in a typed array (reset below) in the order slots are first
    // met: a map entry per slot met was most of a probe's cost where stock phrases recur (issue 11).
    if (this.hitCounts.length < this.uids.length) {
      this.hitCounts = new Uint16Array(Math.max(this.uids.length, this.hitCounts.length * 2));
      this.hitSlots = new Int32Array(this.hitCounts.length);
    }
    const counts = this.hitCounts;
    const met = this.hitSlots;
    let metCount = 0;
    const anyUnsampled = this.unsampledShingles.size > 0;
    let sampled = 0;
    for (const hash of keys.shingles) {
      const isSampled = hash % SHINGLE_SAMPLE === 0;
      if (isSampled) sampled++;
      if (!isSampled && (!anyUnsampled || this.unsampledBits[(hash >>> 2) & 0xffff] === 0)) continue;
      const slots = (isSampled ? this.sampledShingles : this.unsampledShingles).slotsOf(hash >>> 2);
      // A shingle that hundreds of items share is boilerplate ("read more at the source"), not a
      // sign of copying; it is left out of the count on both sides of the threshold.
      if (slots.length > COMMON_SHINGLE_SLOTS) continue;
      for (const slot of slots) {
        if (counts[slot] === 0) met[metCount++] = slot;
        if (counts[slot] < 0xffff) counts[slot]++;
      }
    }
    for (let m = 0; m < metCount; m++) {
      const slot = met[m];
      const shared = counts[slot];
      counts[slot] = 0;
      if (found.has(slot) || !inWindow(slot)) continue;
      // A short body is filed under every shingle and the probe looked up all of its own, so
      // `shared` is the true count (less boilerplate); a long one only under its sampled shingles.
      const smaller = this.allFiled.get(slot) === 1 ? Math.min(keys.shingles.length, this.filedShingles.get(slot)) : Math.min(sampled, this.sampledShingleCount.get(slot));
      const share = this.allFiled.get(slot) === 1 ? MIN_SHARED_SHARE : MIN_SAMPLED_SHARE;
      const needed = Math.max(1, Math.ceil(share * smaller - 1e-9));
      if (shared >= needed) found.add(slot);
    }
  }

  /** Record an item put into the store (new, updated or folded), so later lookups see it; `features` as for candidatesFor. */
  update(item: StoredItem, features?: TextFeatures): void {
    if (features) this.keep(item, features);
    this.file(item);
  }

  private file(item: ItemSketch): void {
    let slot = this.slotOf.get(item.uid);
    const time = Date.parse(item.date);
    const contentVersion = hashToken(item.contentHash);
    const titleVersion = hashToken(`${item.title ?? ''}\u0000${item.link ?? ''}`);
    let refile = true;
    if (slot === undefined) {
      slot = this.uids.length;
      this.uids.push(item.uid);
      this.slotOf.set(item.uid, slot);
      this.dayList(Math.floor(time / DAY_MS)).push(slot);
    } else {
      // Moved to another day: listed under both, the window check drops the stale one.
      if (this.times.get(slot) !== time) this.dayList(Math.floor(time / DAY_MS)).push(slot);
      // Folding changes only duplicateOf and carriers: its keys stay. (A 32-bit collision of both
      // versions on an edit would leave the old keys, which can only add candidates.)
      refile = this.contentVersion.get(slot) !== contentVersion || this.titleVersion.get(slot) !== titleVersion;
    }
    this.times.set(slot, time);
    if (!refile) return;
    this.contentVersion.set(slot, contentVersion);
    this.titleVersion.set(slot, titleVersion);
    // Stale keys of an edited item stay: they can only add candidates, never hide one.
    const probed = this.lastProbe;
    const sameAsProbed =
      probed !== null && probed.uid === item.uid && probed.contentHash === item.contentHash && probed.title === item.title && probed.link === item.link && probed.canonicalLink === item.canonicalLink;
    if (!sameAsProbed) this.keyReads++;
    const keys = sameAsProbed ? filingKeys(probed.keys) : keysOf(item, this.titleSimilarity, false, this.knownFeatures(item));
    this.simhashHigh.set(slot, keys.high);
    this.simhashLow.set(slot, keys.low);
    this.words.set(slot, keys.words);
    this.titleStart.set(slot, this.titlePool.append(keys.titleHashes));
    this.titleLength.set(slot, keys.titleHashes.length);
    this.filedShingles.set(slot, keys.shingles.length);
    this.allFiled.set(slot, keys.allShingles ? 1 : 0);
    let sampled = 0;
    for (const hash of keys.shingles) if (hash % SHINGLE_SAMPLE === 0) sampled++;
    this.sampledShingleCount.set(slot, sampled);
    for (const key of keys.exact) this.exactKeys.add(key, slot);
    for (const key of keys.prefixes) this.prefixKeys.add(key, slot);
    for (const key of keys.bands) this.bands.add(key, slot);
    for (const hash of keys.shingles) {
      if (hash % SHINGLE_SAMPLE === 0) this.sampledShingles.add(hash >>> 2, slot);
      else {
        this.unsampledShingles.add(hash >>> 2, slot);
        this.unsampledBits[(hash >>> 2) & 0xffff] = 1;
      }
    }
  }

  /** Dice coefficient of a probe's sorted title hashes and a slot's. */
  private titleDice(probe: Uint32Array, slot: number): number {
    const length = this.titleLength.get(slot);
    if (probe.length === 0 || length === 0) return 0;
    const start = this.titleStart.get(slot);
    const shared = countShared(probe, this.titlePool.array, start, start + length);
    return (2 * shared) / (probe.length + length);
  }

  private loadDay(day: number): number[] {
    if (!this.loadedDays.has(day)) {
      this.loadedDays.add(day);
      const since = new Date(day * DAY_MS).toISOString();
      const until = new Date((day + 1) * DAY_MS - 1).toISOString();
      for (const sketch of this.items.sketchesInWindow(since, until)) {
        if (this.slotOf.has(sketch.uid)) continue;
        // A sketch's keys come from its fingerprint; one the index cannot read needs the whole item.
        const filed = isCurrentFingerprint(sketch.fingerprint) ? sketch : this.items.get(sketch.uid);
        if (filed) this.file(filed);
      }
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
  return buildStoredFingerprint(textFeaturesOf(item));
}

/** Key kinds in a database-held index, so that the key spaces never mix: kind × 2³² + key. */
const KIND = { exact: 1, prefix: 2, band: 3, sampledShingle: 4, shingle: 5 } as const;
const KIND_SPAN = 2 ** 32;

/** Whether a database key is a shingle's, which the index counts rather than trusts (see candidatesFor). */
export function isShingleKey(key: number): boolean {
  return key >= KIND.sampledShingle * KIND_SPAN;
}

/**
 * The keys a database-held index (the postgres driver's) files an item under (`probe` false) or looks
 * it up by (`probe` true), as integers below 2⁵³. Filed under every title token, not only a prefix,
 * so filing does not depend on dedupe.titleSimilarity and a probe's prefix always meets them: the
 * rows found are a superset of what this index would return, and the run's own DuplicateIndex over
 * those rows then makes the same choice as over the whole window.
 */
export function databaseKeysOf(item: StoredItem, similarity: number, probe: boolean, features?: TextFeatures): number[] {
  const keys = keysOf(item, probe ? similarity : Number.MIN_VALUE, probe, features);
  return numberedKeys(keys, keys.shingles);
}

/** Keys as databaseKeysOf numbers them: each kind in a span of its own. */
function numberedKeys(keys: Pick<ItemKeys, 'exact' | 'prefixes' | 'bands'>, shingles: ArrayLike<number> & Iterable<number>): number[] {
  const out = new Set<number>();
  for (const key of keys.exact) out.add(KIND.exact * KIND_SPAN + key);
  for (const key of keys.prefixes) out.add(KIND.prefix * KIND_SPAN + key);
  for (const key of keys.bands) out.add(KIND.band * KIND_SPAN + key);
  for (const hash of shingles) out.add((hash % SHINGLE_SAMPLE === 0 ? KIND.sampledShingle : KIND.shingle) * KIND_SPAN + (hash >>> 2));
  return [...out];
}

/**
 * The keys a shared store's ingest locks for an item (postgres-work.ts), in databaseKeysOf's
 * numbering: two ingests in flight at once whose items the index would pair in both directions
 * (each finding the other, had the other committed first) share at least one of them.
 * - link and title keys: the same on both sides;
 * - for the SimHash, every pair of its 8 bytes with their values (28 keys): 6 differing bits leave
 *   at least two bytes equal. The index's 7 bands of 9–10 bits would do too, but one band value is
 *   shared by one item in 512 by chance, and two 10-item sources then wait on each other 3 times in 4
 *   (measured on the scale bench's farm); a byte pair is shared by one in 65,536;
 * - the probe's title prefix: two titles with Dice ≥ the similarity share a token within both
 *   prefixes (prefix filtering, see the header), and the index pairs them only then;
 * - the shingles the item is filed under (every one of a short body, the sampled ones of a long
 *   one): a long body is found only through a sampled shingle, which both sides then hold; a short
 *   body found by a long one through an unsampled shingle finds it back only through a sampled one.
 * A pair found in one direction only comes out as in one process with the finder first (neither
 * sees the other), so these keys keep what one process would do. At titleSimilarity 0, and in a
 * window of at most EXACT_WINDOW items, every pair is compared without keys: the ingest then takes
 * the whole store's lock instead.
 */
export function ingestLockKeysOf(item: StoredItem, similarity: number, features?: TextFeatures): number[] {
  const probe = keysOf(item, similarity, true, features);
  const out = numberedKeys({ exact: probe.exact, prefixes: probe.prefixes, bands: [] }, keysOf(item, Number.MIN_VALUE, false, features).shingles);
  if (probe.bands.length > 0) {
    const bytes = [24, 16, 8, 0].map((shift) => (probe.high >>> shift) & 0xff).concat([24, 16, 8, 0].map((shift) => (probe.low >>> shift) & 0xff));
    for (let i = 0, pair = 0; i < 8; i++) for (let j = i + 1; j < 8; j++, pair++) out.push(BYTE_PAIR_KIND * KIND_SPAN + pair * 65_536 + bytes[i] * 256 + bytes[j]);
  }
  return out;
}

/** ingestLockKeysOf's SimHash byte pairs: a kind of key no database row is filed under. */
const BYTE_PAIR_KIND = 7;

interface ItemKeys {
  /** Link and title key, hashed. */
  exact: number[];
  /** Title prefix tokens with the headline's figures, hashed. */
  prefixes: number[];
  /** Distinct title tokens' hashes, sorted. */
  titleHashes: Uint32Array;
  /** SimHash bands: band × 1024 + its bits. */
  bands: number[];
  /** Shingle hashes; filed cut to 30 bits, so that map keys are small integers (fast). */
  shingles: Uint32Array;
  /** Whether `shingles` holds every shingle of the body (a short body, or a probe). */
  allShingles: boolean;
  high: number;
  low: number;
  words: number;
}

/** Bits [shift, shift + width) of the 64-bit value high:low (width ≤ 31), as BigInt would give them, without a BigInt per item. */
function bitsOf(high: number, low: number, shift: number, width: number): number {
  const mask = (1 << width) - 1;
  if (shift >= 32) return (high >>> (shift - 32)) & mask;
  if (shift + width <= 32) return (low >>> shift) & mask;
  return ((low >>> shift) | (high << (32 - shift))) & mask;
}

/** The distinct values of `values`, ascending (sorted in place, then a view of its first part). */
function distinctSorted(values: Uint32Array): Uint32Array {
  values.sort();
  let distinct = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) values[distinct++] = values[i];
  return values.subarray(0, distinct);
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
function keysOf(item: KeyedItem, similarity: number, probe: boolean, features?: TextFeatures): ItemKeys {
  const probeKeys = lookupKeysOf(item, similarity, features);
  return probe ? probeKeys : filingKeys(probeKeys);
}

/**
 * The keys an item is filed under, from those it is looked up by: the same but for the shingles
 * of a long body, which is filed under its sampled ones only (see the header).
 */
function filingKeys(probe: ItemKeys): ItemKeys {
  if (probe.words < EXCERPT_MIN_WORDS) return probe;
  const all = probe.shingles;
  // A stored fingerprint of a long body holds its sampled shingles only, as few as a short body's
  // whole set: a short body is told by the unsampled shingles it holds (a body with none is
  // treated as sampled, which only lowers the bar for it).
  const short = all.length <= SHORT_BODY_SHINGLES && all.some((hash) => hash % SHINGLE_SAMPLE !== 0);
  const shingles = all.length <= SHORT_BODY_SHINGLES ? all : all.filter((hash) => hash % SHINGLE_SAMPLE === 0);
  return { ...probe, shingles, allShingles: short };
}

function lookupKeysOf(item: KeyedItem, similarity: number, features?: TextFeatures): ItemKeys {
  const keys = duplicateKeysOf(item, features);
  const exact: number[] = [];
  const prefixes: number[] = [];
  const bands: number[] = [];
  if (keys.link) exact.push(hashToken(`l${keys.link}`));
  if (keys.titleKey) exact.push(hashToken(`t${keys.titleKey}`));
  const titleHashes = distinctSorted(Uint32Array.from(keys.titleTokens, hashToken));
  if (keys.titleTokens.length > 0 && similarity > 0) {
    const ordered = keys.titleTokens
      .map((token) => ({ token, common: COMMON_WORDS.has(token) ? 1 : 0, hash: hashToken(token) }))
      .sort((a, b) => a.common - b.common || a.hash - b.hash || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
    const n = ordered.length;
    const prefix = n - Math.ceil((similarity * n) / (2 - similarity) - 1e-9) + 1;
    for (const { token } of ordered.slice(0, Math.max(1, prefix))) prefixes.push(hashToken(`s${keys.titleFigures}\u0000${token}`));
  }
  const high = Number.parseInt(keys.simhash.slice(0, 8), 16);
  const low = Number.parseInt(keys.simhash.slice(8), 16);
  if (keys.words >= MIN_BODY_WORDS) {
    let shift = 0;
    BAND_WIDTHS.forEach((width, band) => {
      bands.push(band * 1024 + bitsOf(high, low, shift, width));
      shift += width;
    });
  }
  const shingles = keys.words >= EXCERPT_MIN_WORDS ? keys.shingles : NO_SHINGLES;
  return { exact, prefixes, titleHashes, bands, shingles, allShingles: true, high, low, words: keys.words };
}
