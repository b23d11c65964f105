import { describe, expect, it } from 'vitest';
import type { StoredFingerprint, StoredItem } from '../../src/core/types.js';
import { findCrossSourceDuplicate, textFeaturesOf } from '../../src/dedupe/cross-source.js';
import { DuplicateIndex } from '../../src/dedupe/duplicate-index.js';
import { FINGERPRINT_VERSION, SHINGLE_SAMPLE, SHORT_BODY_SHINGLES, buildStoredFingerprint, isCurrentFingerprint, readStoredFingerprint } from '../../src/dedupe/stored-fingerprint.js';
import { MemoryItemStore } from '../../src/store/memory-items.js';
import { sketchOf } from '../../src/store/postgres-items.js';
import { newsStory } from '../helpers/news-text.js';
import { storedItem } from '../helpers/stored-item.js';

const AT = '2026-11-10T08:00:00.000Z';
const WINDOW_MS = 48 * 3_600_000;

/** The title and body of generated news story `seed`, dated AT. */
function storyFields(seed: number): Partial<StoredItem> {
  const { title, html } = newsStory(seed);
  return { date: AT, title, content: html };
}

/** What a later run reads from the store: plain JSON, nothing remembered from this process. */
function reloaded(item: StoredItem): StoredItem {
  return JSON.parse(JSON.stringify(item)) as StoredItem;
}

describe('stored fingerprint: one owner, versioned (issue 16)', () => {
  it('keeps every shingle of a short body and the sampled ones of a long body, and reads them back', () => {
    const long = textFeaturesOf(storedItem({ sourceId: 'a', key: 'long', date: AT, content: [1, 2, 3].map((seed) => newsStory(seed).html).join('') }));
    expect(long.shingles.length).toBeGreaterThan(SHORT_BODY_SHINGLES);
    const fingerprint = buildStoredFingerprint(long);
    expect(fingerprint.version).toBe(FINGERPRINT_VERSION);
    const read = readStoredFingerprint(reloaded({ fingerprint } as StoredItem).fingerprint);
    expect(read).toEqual({ simhash: long.simhash, words: long.words, shingles: long.shingles.filter((hash) => hash % SHINGLE_SAMPLE === 0) });
    const short = textFeaturesOf(storedItem({ sourceId: 'a', key: 'short', date: AT, content: '<p>Ferry service resumes on Monday after the storm damaged the pier at Oban.</p>' }));
    expect(short.shingles.length).toBeGreaterThan(0);
    expect(readStoredFingerprint(buildStoredFingerprint(short))?.shingles).toEqual(short.shingles);
  });

  it('reads a fingerprint written before the version field as version 1', () => {
    const { version: _version, ...unversioned } = buildStoredFingerprint(textFeaturesOf(storedItem({ ...storyFields(2), sourceId: 'a', key: 'x' })));
    expect(readStoredFingerprint(unversioned)).toEqual(readStoredFingerprint({ ...unversioned, version: 1 }));
  });

  it('does not use a fingerprint of another version, or an ill-formed one', () => {
    const fingerprint = buildStoredFingerprint(textFeaturesOf(storedItem({ ...storyFields(3), sourceId: 'a', key: 'x' })));
    expect(isCurrentFingerprint(fingerprint)).toBe(true);
    const unusable: StoredFingerprint[] = [
      { ...fingerprint, version: FINGERPRINT_VERSION + 1 },
      { ...fingerprint, simhash: 'not-hex' },
      { ...fingerprint, words: -1 },
      { ...fingerprint, shingles: 'abc' },
    ];
    for (const stale of unusable) {
      expect(isCurrentFingerprint(stale)).toBe(false);
      expect(readStoredFingerprint(stale)).toBeNull();
    }
    expect(readStoredFingerprint(undefined)).toBeNull();
  });

  it('an item with a stale fingerprint still meets its duplicate: its keys come from its body', () => {
    const original = storedItem({ ...storyFields(40), sourceId: 'wire', key: 'w1' });
    // A copy under another headline and link, so only the body's keys can bring the two together.
    const copy = { ...storedItem({ ...storyFields(40), sourceId: 'other', key: 'o1' }), title: 'A headline of its own entirely', link: null, canonicalLink: null };
    // What another fingerprint version might hold for the same body: keys that no longer match.
    const foreign = buildStoredFingerprint(textFeaturesOf(storedItem({ ...storyFields(41), sourceId: 'x', key: 'x' })));
    const candidates = (fingerprint: StoredFingerprint) => {
      const items = new MemoryItemStore([reloaded({ ...original, fingerprint })], async () => {});
      // exactWindow 0: the keys decide even in a window this small.
      return new DuplicateIndex(items, WINDOW_MS, 0.8, 0).candidatesFor(copy);
    };
    // Trusted, the foreign keys hide the original: the version is what keeps this from happening.
    expect(candidates({ ...foreign, version: FINGERPRINT_VERSION })).toEqual([]);
    const found = candidates({ ...foreign, version: FINGERPRINT_VERSION + 1 });
    expect(found.map((item) => item.uid)).toEqual([original.uid]);
    expect(findCrossSourceDuplicate(copy, found, { windowHours: 48, titleSimilarity: 0.8 })).toMatchObject({ match: { uid: original.uid }, reason: 'text' });
  });

  it("the postgres sketch leaves the body out only when the fingerprint can stand in for it", () => {
    const item = storedItem({ ...storyFields(40), sourceId: 'wire', key: 'w1' });
    const fingerprint = buildStoredFingerprint(textFeaturesOf(item));
    expect(sketchOf({ ...item, fingerprint }).content).toBeNull();
    expect(sketchOf({ ...item, fingerprint: { ...fingerprint, version: FINGERPRINT_VERSION + 1 } }).content).toBe(item.content);
    expect(sketchOf(item).content).toBe(item.content);
  });
});
