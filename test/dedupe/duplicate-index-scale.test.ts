/**
 * The duplicate index at the scale of 1,000 news sources (issue 7): 50,000 distinct stories dated
 * within 48 hours, one window. Counted, not timed: the mean number of full comparisons a probe
 * costs (DuplicateIndex.stats()) must stay small however full the window is, while every labelled
 * duplicate pair of test/fixtures/dedupe is still found through the index.
 */
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { findCrossSourceDuplicate } from '../../src/dedupe/cross-source.js';
import { DuplicateIndex } from '../../src/dedupe/duplicate-index.js';
import { MemoryItemStore } from '../../src/store/memory-items.js';
import { readPairs, storedSide } from '../helpers/dedupe-pairs.js';
import { newsStory } from '../helpers/news-text.js';

const WINDOW_MS = 48 * 3_600_000;
const options = { windowHours: 48, titleSimilarity: 0.8 };
const STORIES = 50_000;
const PROBES = 2_000;
const MAX_MEAN_COMPARISONS = 8;

/** Story `n` as source `n mod 1000` carries it, dated within the 48 hours before `end`. */
function storyItem(n: number, end: number): StoredItem {
  const story = newsStory(n);
  const sourceId = `source-${n % 1000}`;
  const date = new Date(end - ((n * 7919) % WINDOW_MS)).toISOString();
  // The body as plain text (the excerpt is read when there is no HTML): the same words, without
  // making the test's time a measure of the HTML-to-text step.
  const text = story.html.replace(/<\/p><p>/g, ' ').replace(/<[^>]+>/g, '');
  return { ...storedSide({ sourceId, title: story.title, link: `https://${sourceId}.example/news/${n}`, summary: null, date }, `story-${n}`), excerpt: text };
}

describe('DuplicateIndex at 50,000 items in one window', () => {
  it(`costs under ${MAX_MEAN_COMPARISONS} full comparisons per probe and still finds every labelled duplicate`, async () => {
    const end = Date.parse('2026-11-10T12:00:00.000Z');
    // Every labelled duplicate moved into the crowded window, its two sides as far apart as before.
    const pairs = [...readPairs('pairs'), ...readPairs('templates')]
      .filter((pair) => pair.duplicate)
      .map((pair) => {
        const shift = (date: string) => new Date(Date.parse(date) - Date.parse(pair.a.date) + end - 6 * 3_600_000).toISOString();
        return { ...pair, a: { ...pair.a, date: shift(pair.a.date) }, b: { ...pair.b, date: shift(pair.b.date) } };
      });
    const fillers = Array.from({ length: STORIES }, (_, n) => storyItem(n, end));
    const firsts = pairs.map((pair) => storedSide(pair.a, `${pair.id}-a`));
    const store = new MemoryItemStore([...fillers, ...firsts], async () => {});
    const index = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    // Filed in slices, yielding between them, so the test runner's worker stays responsive.
    for (let start = 0; start < fillers.length; start += 2_000) {
      for (const item of fillers.slice(start, start + 2_000)) index.update(item);
      await new Promise((resolve) => setImmediate(resolve));
    }

    // New stories, not in the store: what a cold run probes with.
    for (let n = STORIES; n < STORIES + PROBES; n++) index.candidatesFor(storyItem(n, end));
    const { probes, compared, items, by } = index.stats();
    const mean = compared / probes;
    console.log(`duplicate index: ${items} items filed, ${probes} probes, ${compared} full comparisons, ${mean.toFixed(2)} per probe`, by);
    expect(items).toBeGreaterThanOrEqual(STORIES);
    expect(mean).toBeLessThan(MAX_MEAN_COMPARISONS);

    const missed: string[] = [];
    for (const [i, pair] of pairs.entries()) {
      const second = storedSide(pair.b, `${pair.id}-b`);
      const found = findCrossSourceDuplicate(second, index.candidatesFor(second), options);
      // Pairs of the fixtures may carry one article (a tracking-parameter pair and a redirect
      // pair of the same link): another labelled copy is as right; a filler never is.
      const right = found !== null && (found.match.uid === firsts[i].uid || !found.match.key.startsWith('story-'));
      if (!right && findCrossSourceDuplicate(second, [firsts[i]], options)) missed.push(`${pair.id} → ${found?.match.uid ?? 'none'}`);
    }
    expect(missed).toEqual([]);
  }, 600_000);
});
