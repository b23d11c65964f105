/**
 * What the run's duplicate index keeps per item (issue 11, item 3): counted, not timed. Every new
 * item of a cold run is filed, so the index's bytes per item are what its memory grows by; they must
 * be a few compact numbers, as few at 10,000 items as at 1,000, and the text features it keeps for
 * compare() must stay at FEATURES_KEPT however many items were given with theirs.
 */
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { textFeaturesOf } from '../../src/dedupe/cross-source.js';
import { DuplicateIndex, FEATURES_KEPT } from '../../src/dedupe/duplicate-index.js';
import { MemoryItemStore } from '../../src/store/memory-items.js';
import { storedSide } from '../helpers/dedupe-pairs.js';
import { newsStory } from '../helpers/news-text.js';

const WINDOW_MS = 48 * 3_600_000;
/** Typed-array bytes per item filed (SimHash, counts, times, title hashes, postings of ~50 keys). */
const MAX_BYTES_PER_ITEM = 1_000;
const END = Date.parse('2026-11-10T12:00:00.000Z');

function storyItem(n: number): StoredItem {
  const story = newsStory(n);
  const sourceId = `source-${n % 1000}`;
  const text = story.html.replace(/<\/p><p>/g, ' ').replace(/<[^>]+>/g, '');
  const date = new Date(END - ((n * 7919) % WINDOW_MS)).toISOString();
  return { ...storedSide({ sourceId, title: story.title, link: `https://${sourceId}.example/news/${n}`, summary: null, date }, `story-${n}`), excerpt: text };
}

describe('DuplicateIndex memory per item', () => {
  it(`keeps under ${MAX_BYTES_PER_ITEM} bytes of compact numbers per item and at most ${FEATURES_KEPT} feature sets, at 1,000 and at 10,000 items`, async () => {
    const store = new MemoryItemStore([], async () => {});
    const index = new DuplicateIndex(store, WINDOW_MS, 0.8);
    const perItem: number[] = [];
    for (let n = 0; n < 10_000; n++) {
      const item = storyItem(n);
      const features = textFeaturesOf(item);
      // As ingest puts a new item: into the store, then filed with the features its analysis gave.
      store.put(item);
      index.update(item, features);
      if (n + 1 === 1_000 || n + 1 === 10_000) perItem.push(index.compactBytes() / index.stats().items);
      if (n % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const stats = index.stats();
    console.log(`duplicate index: ${stats.items} items, ${perItem.map((bytes) => bytes.toFixed(0)).join(' → ')} bytes per item, ${stats.featuresKept} feature sets kept`);
    expect(stats.items).toBe(10_000);
    for (const bytes of perItem) expect(bytes).toBeLessThan(MAX_BYTES_PER_ITEM);
    expect(stats.featuresKept).toBeLessThanOrEqual(FEATURES_KEPT);
  }, 300_000);
});
