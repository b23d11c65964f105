import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParsedFeed, ParsedItem } from '../../src/core/types.js';
import { contentHash, normaliseFeedItems } from '../../src/normalise/normalise-item.js';
import { emptyHints } from '../../src/parse/hints.js';
import { makeConfig, NOW } from '../emit/fixtures.js';

const config = makeConfig();
const options = { sourceId: 'wire', now: NOW, limits: config.limits, excerptLength: 200, maxItemsPerFetch: 100 };
const parsed = (fields: Partial<ParsedItem>): ParsedItem => ({
  id: '1', title: 'Harbour reopens', link: 'http://wire.example/harbour', published: null, updated: null, author: null,
  categories: [], summary: '<p>The harbour reopened.</p>', content: null, enclosures: [], ...fields,
});
const feedOf = (items: ParsedItem[]): ParsedFeed => ({ format: 'rss2.0', title: 'Wire', link: null, items, description: null, language: null, hints: emptyHints(), warnings: [] });

describe('normalised rights and thumbnails', () => {
  it('keeps rights (capped like a title) and an http(s) thumbnail; drops any other scheme', () => {
    const [item, other] = normaliseFeedItems(feedOf([
      parsed({ rights: `© ${'x'.repeat(2_000)}`, thumbnail: 'http://wire.example/t.jpg' }),
      parsed({ id: '2', thumbnail: 'javascript:alert(1)' }),
    ]), options).items;
    expect(item.rights).toHaveLength(config.limits.titleLength);
    expect(item.rights?.endsWith('…')).toBe(true);
    expect(item.thumbnail).toBe('http://wire.example/t.jpg');
    expect(other.thumbnail).toBeNull();
    expect(other.rights).toBeNull();
  });

  it('an item without rights keeps the content hash it was stored under; rights change it', () => {
    const [plain] = normaliseFeedItems(feedOf([parsed({})]), options).items;
    // The hash this item had before rights existed (computed with the earlier formula).
    expect(plain.contentHash).toBe('c30a77b20299eb2a58a8b30e41608cc8');
    const [credited] = normaliseFeedItems(feedOf([parsed({ rights: '© Wire' })]), options).items;
    expect(credited.contentHash).not.toBe(plain.contentHash);
  });

  it('hashes the same bytes as it did part by part, lone surrogates at the joins included', () => {
    // Stored items are matched by this hash: hashing the parts as one string must not change it.
    const odd = { title: 'a\ud800', link: '\udc00b', summary: null, content: 'é😀', updated: null, author: '\ud83d', categories: ['\ude00', 'x'], enclosures: [{ url: 'u', type: null, length: null }], rights: '\udc00r' };
    const parts = createHash('sha256');
    for (const part of [odd.title, odd.link, odd.summary, odd.content, odd.updated, odd.author, odd.categories.join('\u0001'), 'u']) parts.update(part ?? '\u0000').update('\u0002');
    parts.update(`rights\u0002${odd.rights}`);
    expect(contentHash(odd)).toBe(parts.digest('hex').slice(0, 32));
  });
});

describe('normalising against what the source has stored (issue 11)', () => {
  it('leaves out an item stored with the same content hash, counts it, and finishes the others as without the hint', async () => {
    const feed = feedOf([parsed({ id: '1' }), parsed({ id: '2', title: 'Ferry timetable changes' }), parsed({ id: '3', title: 'Market day moves' })]);
    const whole = normaliseFeedItems(feed, options);
    expect(whole.unchanged).toBe(0);
    const stored = new Map([[whole.items[0].key, whole.items[0].contentHash], [whole.items[1].key, 'stored before an edit']]);
    const hinted = normaliseFeedItems(feed, options, (item) => stored.get(item.key) === item.contentHash);
    expect(hinted.unchanged).toBe(1);
    // The edited item and the new one are whole: excerpt, language and canonical link as ever.
    expect(hinted.items).toEqual(whole.items.slice(1));
    expect(hinted.items[0].excerpt).toBe('The harbour reopened.');
    expect(JSON.stringify(hinted.items)).toBe(JSON.stringify(whole.items.slice(1)));
  });
});
