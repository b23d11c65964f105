import { describe, expect, it } from 'vitest';
import type { ParsedItem } from '../../src/core/types.js';
import { itemKeys } from '../../src/normalise/identity.js';
import { canonicalLink } from '../../src/normalise/url.js';

function entry(fields: Partial<ParsedItem>): ParsedItem {
  return {
    id: null,
    title: null,
    link: null,
    published: null,
    updated: null,
    author: null,
    categories: [],
    summary: null,
    content: null,
    enclosures: [],
    ...fields,
  };
}

const context = { feedLink: 'https://blog.example.org/', canonicalLink };

describe('itemKeys: identity within one source (issue 2)', () => {
  it('keys on the guid when it is present and usable', () => {
    const keys = itemKeys([entry({ id: 'tag:blog.example.org,2026:post-1', link: 'https://blog.example.org/p/1' })], context);
    expect(keys).toEqual(['tag:blog.example.org,2026:post-1']);
  });

  it('falls back to the canonical link when the guid is the bare site URL', () => {
    const keys = itemKeys(
      [
        entry({ id: 'https://blog.example.org/', link: 'https://blog.example.org/p/1?utm_source=rss' }),
        entry({ id: 'http://www.blog.example.org', link: 'https://blog.example.org/p/2#comments' }),
      ],
      context,
    );
    expect(keys).toEqual(['https://blog.example.org/p/1', 'https://blog.example.org/p/2']);
  });

  it('keys on the canonical link without a guid, so tracking parameters do not make new items', () => {
    const first = itemKeys([entry({ link: 'https://blog.example.org/p/1?utm_source=a&utm_medium=rss' })], context);
    const second = itemKeys([entry({ link: 'https://blog.example.org/p/1?fbclid=xyz' })], context);
    expect(first).toEqual(second);
  });

  it('hashes title and date when there is neither guid nor link, stably across fetches', () => {
    const item = entry({ title: 'Notes from the meeting', published: '2026-11-01T10:00:00.000Z' });
    const [key] = itemKeys([item], context);
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(itemKeys([{ ...item }], context)).toEqual([key]);
    expect(itemKeys([{ ...item, published: '2026-11-02T10:00:00.000Z' }], context)[0]).not.toBe(key);
  });

  it('tells undated entries with the same title apart by their summary', () => {
    const keys = itemKeys([entry({ title: 'Open thread', summary: 'Week 1' }), entry({ title: 'Open thread', summary: 'Week 2' })], context);
    expect(new Set(keys).size).toBe(2);
  });

  it('R43: one guid shared by five different articles gives five keys, guid + link', () => {
    const items = [1, 2, 3, 4, 5].map((n) => entry({ id: 'shared-guid', title: `Article ${n}`, link: `https://blog.example.org/p/${n}` }));
    const keys = itemKeys(items, context);
    expect(new Set(keys).size).toBe(5);
    expect(keys[2]).toBe('shared-guid|https://blog.example.org/p/3');
  });

  it('R43: a shared guid with a shared link falls back to title and date, then position', () => {
    const items = [
      entry({ id: 'g', link: 'https://blog.example.org/news', title: 'Monday', published: '2026-11-02T09:00:00.000Z' }),
      entry({ id: 'g', link: 'https://blog.example.org/news', title: 'Tuesday', published: '2026-11-03T09:00:00.000Z' }),
      entry({ id: 'g', link: 'https://blog.example.org/p/9', title: 'Other' }),
    ];
    const keys = itemKeys(items, context);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).toBe('g|https://blog.example.org/p/9');
    expect(keys[0]).toMatch(/^g\|[0-9a-f]{16}$/);
  });

  it('R43: keeps one key for an entry repeated verbatim, so it is stored once', () => {
    const item = entry({ id: 'same', title: 'Hello', link: 'https://blog.example.org/p/1' });
    expect(itemKeys([item, { ...item }], context)).toEqual(['same', 'same']);
  });

  it('R44: a random guid on every fetch gives a new key each time (caught by findStoredItem, not here)', () => {
    const fetch = (guid: string) => itemKeys([entry({ id: guid, title: 'Same article', link: 'https://blog.example.org/p/3' })], context)[0];
    expect(fetch('8d2f0c1e')).not.toBe(fetch('a71b99c4'));
  });

  it('returns keys in the order of the items', () => {
    const items = [entry({ id: 'b' }), entry({ id: 'a' }), entry({ id: 'c' })];
    expect(itemKeys(items, context)).toEqual(['b', 'a', 'c']);
  });
});
