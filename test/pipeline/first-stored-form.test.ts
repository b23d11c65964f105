/**
 * firstStoredForm lists every field instead of spreading the item (issue 11: ~10 µs an item on the
 * main thread): the stored record must be what the spread gave, key order included (the stored
 * JSON), for items with and without the optional fields.
 */
import { describe, expect, it } from 'vitest';
import type { NormalisedItem, ParsedItem } from '../../src/core/types.js';
import { normaliseFeedItems } from '../../src/normalise/normalise-item.js';
import { emptyHints } from '../../src/parse/hints.js';
import { effectiveDate } from '../../src/normalise/normalise-item.js';
import { firstStoredForm } from '../../src/pipeline/ingest.js';
import { itemUid } from '../../src/store/keys.js';
import { makeConfig, NOW } from '../emit/fixtures.js';

const config = makeConfig();
const options = { sourceId: 'wire', now: NOW, limits: config.limits, excerptLength: 200, maxItemsPerFetch: 100 };
const parsed = (fields: Partial<ParsedItem>): ParsedItem => ({
  id: '1', title: 'Harbour reopens', link: 'http://wire.example/harbour', published: '2026-11-20T08:00:00.000Z', updated: null, author: 'Ann', categories: ['Port'],
  summary: '<p>The harbour reopened.</p>', content: null, enclosures: [], ...fields,
});

/** What firstStoredForm was before: the item spread, then the stored fields. */
function spreadForm(item: NormalisedItem, at: string, slug: string | null) {
  return { ...item, uid: itemUid(item.sourceId, item.key), firstSeenAt: at, lastSeenAt: at, date: effectiveDate(item.published ?? item.updated, at), quarantine: null, approved: false, duplicateOf: null, alsoCarriedBy: [], slug };
}

describe('firstStoredForm', () => {
  it('is the spread form, key order included, with and without rights, thumbnail and a date', () => {
    const items = normaliseFeedItems(
      {
        format: 'rss2.0', title: 'Wire', link: null, description: null, language: null, hints: emptyHints(), warnings: [],
        items: [parsed({}), parsed({ id: '2', rights: '© Wire', thumbnail: 'http://wire.example/t.jpg', published: null }), parsed({ id: '3', published: '2027-06-01T00:00:00.000Z' })],
      },
      options,
    ).items;
    const bare: NormalisedItem = { ...items[0], key: 'bare' };
    delete bare.rights;
    delete bare.thumbnail;
    const at = NOW.toISOString();
    for (const item of [...items, bare]) {
      const stored = firstStoredForm(item, at, 'harbour-reopens');
      const expected = spreadForm(item, at, 'harbour-reopens');
      expect(JSON.stringify(stored)).toBe(JSON.stringify(expected));
      expect(Object.keys(stored).filter((key) => stored[key as keyof typeof stored] !== undefined)).toEqual(Object.keys(expected));
      expect(stored).toEqual(expected);
    }
  });
});
