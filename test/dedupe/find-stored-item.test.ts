import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { findStoredItem, storedLookupsOf, type StoredLookup } from '../../src/dedupe/find-stored-item.js';
import { storedItem } from '../helpers/stored-item.js';

/** What every item of these cases shares unless the case says otherwise. */
const article = { date: '2026-11-10T08:00:00.000Z', title: 'Same article' };

/** What a store answers for the source `alpha`, and every key and link it was asked for. */
function lookupOf(items: StoredItem[]): StoredLookup & { asked: { keys: string[]; links: string[] } } {
  const asked = { keys: [] as string[], links: [] as string[] };
  return {
    asked,
    byKey: (key) => {
      asked.keys.push(key);
      return items.find((item) => item.sourceId === 'alpha' && item.key === key);
    },
    byCanonicalLink: (link) => {
      asked.links.push(link);
      return items.filter((item) => item.canonicalLink === link);
    },
  };
}

describe('findStoredItem: is this item already stored? (R44)', () => {
  it('same key: the stored item, under its own key', () => {
    const old = storedItem({ ...article, sourceId: 'alpha', key: 'post-1', canonicalLink: 'https://alpha.example/p/1', title: 'Budget vote delayed' });
    const again = storedItem({ ...article, sourceId: 'alpha', key: 'post-1', canonicalLink: 'https://alpha.example/p/1', title: 'Budget vote delayed', contentHash: 'edited' });
    expect(findStoredItem(again, lookupOf([old]))).toEqual({ key: 'post-1', stored: old });
  });

  it('a new key that nothing stored has, and no link: a new item', () => {
    expect(findStoredItem(storedItem({ ...article, sourceId: 'alpha', key: 'post-2', canonicalLink: null, link: null }), lookupOf([]))).toEqual({ key: 'post-2', stored: undefined });
  });

  it('same key with a changed link or a changed title (not both): still the stored item, an update', () => {
    const old = storedItem({ ...article, sourceId: 'alpha', key: 'post-3', canonicalLink: 'https://alpha.example/p/3', title: 'Budget vote delayed' });
    const moved = storedItem({ ...article, sourceId: 'alpha', key: 'post-3', canonicalLink: 'https://www.alpha.example/2026/p/3', title: 'Budget vote delayed' });
    const retitled = storedItem({ ...article, sourceId: 'alpha', key: 'post-3', canonicalLink: 'https://alpha.example/p/3', title: 'Budget vote delayed again' });
    expect(findStoredItem(moved, lookupOf([old])).stored).toBe(old);
    expect(findStoredItem(retitled, lookupOf([old])).stored).toBe(old);
    // Case and punctuation are not a new title.
    expect(findStoredItem(storedItem({ ...article, sourceId: 'alpha', key: 'post-3', canonicalLink: 'https://alpha.example/other', title: 'BUDGET vote delayed!' }), lookupOf([old])).stored).toBe(old);
  });

  it('a guid reused with another link and title: a new item under guid#hash(link), found again on the next fetch', () => {
    const old = storedItem({ ...article, sourceId: 'alpha', key: 'post-7', canonicalLink: 'https://alpha.example/p/old-article', title: 'Budget vote delayed' });
    const reused = storedItem({ ...article, sourceId: 'alpha', key: 'post-7', canonicalLink: 'https://alpha.example/p/new-article', title: 'Storm closes schools' });
    const first = findStoredItem(reused, lookupOf([old]));
    expect(first.stored).toBeUndefined();
    expect(first.key).toMatch(/^post-7#[0-9a-f]{12}$/);
    const storedUnderNewKey = storedItem({ ...article, sourceId: 'alpha', key: first.key, canonicalLink: 'https://alpha.example/p/new-article', title: 'Storm closes schools' });
    expect(findStoredItem({ ...reused }, lookupOf([old, storedUnderNewKey]))).toEqual({ key: first.key, stored: storedUnderNewKey });
  });

  it('a new guid with the link and title of a stored item of the same source is that item, however old', () => {
    const old = storedItem({ ...article, sourceId: 'alpha', key: 'guid-8d2f', canonicalLink: 'https://alpha.example/p/3', date: '2016-01-01T00:00:00.000Z' });
    const again = storedItem({ ...article, sourceId: 'alpha', key: 'guid-a71b', canonicalLink: 'https://alpha.example/p/3', date: '2026-11-10T08:00:00.000Z' });
    expect(findStoredItem(again, lookupOf([old]))).toEqual({ key: 'guid-a71b', stored: old });
  });

  it('does not merge a different title, another source, or a home-page link', () => {
    const old = storedItem({ ...article, sourceId: 'alpha', key: 'k1', canonicalLink: 'https://alpha.example/p/3' });
    expect(findStoredItem(storedItem({ ...article, sourceId: 'alpha', key: 'k2', canonicalLink: 'https://alpha.example/p/3', title: 'Part two' }), lookupOf([old])).stored).toBeUndefined();
    const other = storedItem({ ...article, sourceId: 'beta', key: 'k1', canonicalLink: 'https://alpha.example/p/3' });
    expect(findStoredItem(storedItem({ ...article, sourceId: 'alpha', key: 'k2', canonicalLink: 'https://alpha.example/p/3' }), lookupOf([other])).stored).toBeUndefined();
    const home = storedItem({ ...article, sourceId: 'alpha', key: 'k3', canonicalLink: 'https://alpha.example/' });
    expect(findStoredItem(storedItem({ ...article, sourceId: 'alpha', key: 'k4', canonicalLink: 'https://alpha.example/' }), lookupOf([home])).stored).toBeUndefined();
  });

  it('storedLookupsOf names every key and link findStoredItem asks for', () => {
    const old = storedItem({ ...article, sourceId: 'alpha', key: 'post-7', canonicalLink: 'https://alpha.example/p/old-article', title: 'Budget vote delayed' });
    const cases = [
      storedItem({ ...article, sourceId: 'alpha', key: 'post-7', canonicalLink: 'https://alpha.example/p/new-article', title: 'Storm closes schools' }),
      storedItem({ ...article, sourceId: 'alpha', key: 'post-7', canonicalLink: 'https://alpha.example/p/old-article' }),
      storedItem({ ...article, sourceId: 'alpha', key: 'guid-new', canonicalLink: 'https://alpha.example/p/old-article', title: 'Budget vote delayed' }),
      storedItem({ ...article, sourceId: 'alpha', key: 'guid-new', canonicalLink: null, link: null }),
    ];
    for (const item of cases) {
      const lookup = lookupOf([old]);
      findStoredItem(item, lookup);
      const named = storedLookupsOf(item);
      for (const key of lookup.asked.keys) expect(named.keys).toContain(key);
      for (const link of lookup.asked.links) expect(named.links).toContain(link);
    }
  });
});

describe('isStoredUnchanged: the stage before ingest may drop exactly the items ingest skips as unchanged (issue 11)', () => {
  it('agrees with findStoredItem on identical, edited, retitled, moved, reused-guid and new items', async () => {
    const { isStoredUnchanged } = await import('../../src/dedupe/find-stored-item.js');
    const { normaliseFeedItems } = await import('../../src/normalise/normalise-item.js');
    const { makeConfig, NOW } = await import('../emit/fixtures.js');
    const { emptyHints } = await import('../../src/parse/hints.js');
    const config = makeConfig();
    const options = { sourceId: 'alpha', now: NOW, limits: config.limits, excerptLength: 200, maxItemsPerFetch: 100 };
    const parsed = (id: string, title: string, link: string, body: string) => ({
      id, title, link, published: '2026-11-20T08:00:00.000Z', updated: null, author: null, categories: [], summary: `<p>${body}</p>`, content: null, enclosures: [],
    });
    const normalise = (items: ReturnType<typeof parsed>[]) =>
      normaliseFeedItems({ format: 'rss2.0', title: 'Alpha', link: null, items, description: null, language: null, hints: emptyHints(), warnings: [] }, options).items;
    const storedForm = normalise([parsed('a', 'Budget vote delayed', 'https://alpha.example/a', 'The vote moves to May.'), parsed('b', 'Ferry strike ends', 'https://alpha.example/b', 'Ferries run again.')]);
    const stored = storedForm.map((item) => storedItem({ ...item }));
    // One fetch each: two entries sharing a guid in one document would be keyed apart (R43).
    const fetched = [
      parsed('a', 'Budget vote delayed', 'https://alpha.example/a', 'The vote moves to May.'), // identical
      parsed('b', 'Ferry strike ends', 'https://alpha.example/b', 'Ferries run again from Monday.'), // edited body
      parsed('a', 'A different story', 'https://alpha.example/other', 'Something else.'), // reused guid: new link and title
      parsed('b', 'Ferry strike is over', 'https://alpha.example/b', 'Ferries run again.'), // retitled
      parsed('a', 'Budget vote delayed', 'https://alpha.example/2026/a', 'The vote moves to May.'), // moved
      parsed('c', 'Market day moves', 'https://alpha.example/c', 'To Thursdays.'), // new
    ].flatMap((entry) => normalise([entry]));
    const hashes = new Map(stored.map((item) => [item.key, item.contentHash]));
    const lookup = lookupOf(stored);
    const verdicts = fetched.map((item) => {
      const match = findStoredItem(item, lookup);
      return [isStoredUnchanged(item, hashes), match.stored !== undefined && match.stored.contentHash === item.contentHash];
    });
    verdicts.forEach(([early, ingest]) => expect(early).toBe(ingest));
    expect(verdicts.map(([early]) => early)).toEqual([true, false, false, false, false, false]);
  });
});
