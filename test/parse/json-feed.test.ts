import { describe, expect, it } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('JSON Feed', () => {
  it('reads version 1.1 with authors, and 1.0 with author', () => {
    const v11 = parseFeed(json({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [{ id: '1', authors: [{ name: 'A' }] }] }), {});
    const v10 = parseFeed(json({ version: 'https://jsonfeed.org/version/1', title: 'T', items: [{ id: '1', author: { name: 'B' } }] }), {});
    expect([v11.format, v11.items[0].author]).toEqual(['json1.1', 'A']);
    expect([v10.format, v10.items[0].author]).toEqual(['json1.0', 'B']);
  });

  it('prefers content_html to content_text, escaping plain text', () => {
    const feed = parseFeed(json({ version: '1.1', items: [{ id: 'a', content_html: '<p>x</p>', content_text: 'y' }, { id: 'b', content_text: '<y>' }] }), {});
    expect(feed.items.map((item) => item.content)).toEqual(['<p>x</p>', '&lt;y&gt;']);
  });

  it('R23 throws E_NOT_A_FEED for JSON that is not a JSON Feed', () => {
    for (const body of ['{"hello":"world"}', '[1,2,3]', '{"version":"https://jsonfeed.org/version/1.1"}', '{"version":"2.0","items":[]}', '{not json']) {
      expect(() => parseFeed(Buffer.from(body), {}), body).toThrowError(expect.objectContaining({ code: 'E_NOT_A_FEED' }));
    }
  });

  it('R28 treats __proto__, constructor and prototype keys as data', () => {
    const body = `{"version":"1.1","title":"P","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},
      "items":[{"id":"x","__proto__":{"polluted":"yes"},"tags":["__proto__","toString"],"title":"hasOwnProperty"}]}`;
    const feed = parseFeed(Buffer.from(body), {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(feed.items[0].categories).toEqual(['__proto__', 'toString']);
    expect(feed.items[0].title).toBe('hasOwnProperty');
  });

  it('skips items that are not objects and ignores wrongly typed fields', () => {
    const feed = parseFeed(json({ version: '1.1', items: [1, 'x', null, { id: 5, title: 7, url: {}, tags: 'nope', date_published: 20200101 }] }), {});
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ id: '5', title: null, link: null, categories: [], published: null });
  });

  it('is thrown as a FeedloomError', () => {
    expect(() => parseFeed(Buffer.from('{}'), {})).toThrow(FeedloomError);
  });
});
