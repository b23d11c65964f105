/**
 * Fixture pairs: test/fixtures/parse/<behaviour>.xml (or .json) beside <behaviour>.expected.json,
 * the CONTRACT.md document `feedloom parse --json` must print for it. A regression is two new files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { toContractJson } from '../../src/parse/contract.js';

const DIR = path.resolve(new URL('../fixtures/parse', import.meta.url).pathname);
const documents = readdirSync(DIR).filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'));

describe('parse fixture pairs', () => {
  it('has fixtures to compare', () => {
    expect(documents.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of documents) {
    it(`${name.replace(/\.(xml|json)$/, '')}`, () => {
      const expected = JSON.parse(readFileSync(path.join(DIR, name.replace(/\.(xml|json)$/, '.expected.json')), 'utf8'));
      const actual = toContractJson(parseFeed(readFileSync(path.join(DIR, name)), {}));
      expect(actual).toEqual(expected);
    });
  }
});

describe('contract document', () => {
  it('has exactly the contract keys, in order, for the feed and its items', () => {
    const feed = parseFeed(readFileSync(path.join(DIR, 'rss2-item-fields.xml')), {});
    const json = toContractJson(feed) as { items: object[] };
    expect(Object.keys(json)).toEqual(['format', 'title', 'link', 'items']);
    expect(Object.keys(json.items[0])).toEqual(['id', 'title', 'link', 'published', 'updated', 'author', 'categories', 'summary', 'content', 'enclosures']);
  });

  it('resolves relative URLs against the fetch URL when the feed gives no link', () => {
    const xml = '<rss version="2.0"><channel><title>t</title><item><link>/a</link><enclosure url="b.mp3"/></item></channel></rss>';
    const feed = parseFeed(Buffer.from(xml), { url: 'http://example.org/dir/feed.xml' });
    expect(feed.items[0].link).toBe('http://example.org/a');
    expect(feed.items[0].enclosures[0].url).toBe('http://example.org/dir/b.mp3');
  });

  it('fills polling hints from ttl, skipHours, skipDays and the sy module', () => {
    const xml = `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>
      <ttl>90</ttl><skipHours><hour>0</hour><hour>23</hour><hour>99</hour></skipHours>
      <skipDays><day>Sunday</day><day>saturday</day><day>Funday</day></skipDays>
      <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>`;
    expect(parseFeed(Buffer.from(xml), {}).hints).toEqual({
      ttlMinutes: 90,
      skipHours: [0, 23],
      skipDays: ['Saturday', 'Sunday'],
      updatePeriod: 'daily',
      updateFrequency: 2,
    });
  });

  it('keeps the feed description and language as extra data', () => {
    const xml = '<rss version="2.0"><channel><title>t</title><description>About us</description><language>fr-CA</language></channel></rss>';
    const feed = parseFeed(Buffer.from(xml), {});
    expect(feed.description).toBe('About us');
    expect(feed.language).toBe('fr-CA');
  });
});
