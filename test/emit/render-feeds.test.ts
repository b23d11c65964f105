import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/core/types.js';
import { renderOutputs } from '../../src/emit/render-outputs.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { makeConfig, makeSources, NOW, shownStory } from './fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

const parser = new Parser({ customFields: { item: [['source', 'source', { keepArray: false }], ['dc:creator', 'creator']] } });

function fileOf(files: OutputFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`no output ${path}; got ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

const sources = makeSources({ id: 'alpha', categories: ['World News'] }, { id: 'beta', categories: ['Tech'] });

describe('renderOutputs feeds', () => {
  it('writes RSS, Atom and JSON Feed newest first, crediting each source and keeping the original link', async () => {
    const items = [
      storedItem({ ...shownStory, sourceId: 'alpha', title: 'Newest', link: 'http://example.org/a/1?x=1&y=2', categories: ['Politics'] }),
      storedItem({ ...shownStory, sourceId: 'beta', title: 'Older', author: null, enclosures: [{ url: 'http://example.org/ep.mp3', type: 'audio/mpeg', length: 1234 }] }),
    ];
    const files = renderOutputs({ items, sources, config: makeConfig(), now: NOW });
    const rss = await parser.parseString(fileOf(files, 'feed.xml'));
    expect(rss.items.map((item) => item.title)).toEqual(['Newest', 'Older']);
    expect(rss.items[0].link).toBe('http://example.org/a/1?x=1&y=2');
    expect(rss.items[0].categories).toEqual(['Politics']);
    expect(rss.items[0].creator).toBe('Ann Writer');
    expect(rss.items[1].enclosure).toMatchObject({ url: 'http://example.org/ep.mp3', type: 'audio/mpeg', length: '1234' });
    expect(fileOf(files, 'feed.xml')).toContain('<source url="http://example.org/alpha/feed.xml">Alpha Daily</source>');
    expect(fileOf(files, 'feed.xml')).toContain('<atom:link href="http://127.0.0.1:8080/feed.xml" rel="self"');

    const atomText = fileOf(files, 'atom.xml');
    const atom = await parser.parseString(atomText);
    expect(atom.items.map((item) => item.title)).toEqual(['Newest', 'Older']);
    expect(atom.items[0].link).toBe('http://example.org/a/1?x=1&y=2');
    expect(atomText).toContain('<link rel="self" type="application/atom+xml" href="http://127.0.0.1:8080/atom.xml"/>');
    // An entry without an author inherits one from atom:source (RFC 4287 §4.2.1), named after the source.
    expect(atomText).toMatch(/<source>\n<id>http:\/\/example.org\/beta\/feed.xml<\/id>\n<title>Beta Daily<\/title>[\s\S]*?<author><name>Beta Daily<\/name>/);

    const json = JSON.parse(fileOf(files, 'feed.json'));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.feed_url).toBe('http://127.0.0.1:8080/feed.json');
    expect(json.items.map((item: { title: string }) => item.title)).toEqual(['Newest', 'Older']);
    expect(json.items[1].authors).toEqual([{ name: 'Beta Daily', url: 'http://example.org/beta/' }]);
    expect(json.items[0]._feedloom.source).toMatchObject({ id: 'alpha', title: 'Alpha Daily', feed_url: 'http://example.org/alpha/feed.xml' });
    expect(json.items[1].attachments).toEqual([{ url: 'http://example.org/ep.mp3', mime_type: 'audio/mpeg', size_in_bytes: 1234 }]);
  });

  it('gives every item a unique stable id even when two sources reuse a guid', () => {
    const items = [storedItem({ ...shownStory, sourceId: 'alpha', key: '1', id: '1' }), storedItem({ ...shownStory, sourceId: 'beta', key: '1', id: '1' })];
    const first = JSON.parse(fileOf(renderOutputs({ items, sources, config: makeConfig(), now: NOW }), 'feed.json'));
    const again = JSON.parse(fileOf(renderOutputs({ items, sources, config: makeConfig(), now: new Date(NOW.getTime() + 86_400_000) }), 'feed.json'));
    const ids = first.items.map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(2);
    expect(again.items.map((item: { id: string }) => item.id)).toEqual(ids);
  });

  it('renders byte-identical feeds for an unchanged store at a later time: updated = newest item date, never now', () => {
    const items = [storedItem({ ...shownStory, date: '2026-11-20T08:00:00.000Z', published: '2026-11-20T08:00:00.000Z' })];
    const early = renderOutputs({ items, sources, config: makeConfig(), now: NOW }).filter((file) => /\.(xml|json)$/.test(file.path) && !file.path.startsWith('recent'));
    const later = renderOutputs({ items, sources, config: makeConfig(), now: new Date('2027-01-01T00:00:00Z') }).filter((file) => /\.(xml|json)$/.test(file.path) && !file.path.startsWith('recent'));
    expect(later).toEqual(early);
    expect(fileOf(early, 'atom.xml')).toContain('<updated>2026-11-20T08:00:00.000Z</updated>');
    expect(fileOf(early, 'feed.xml')).toContain('<lastBuildDate>Fri, 20 Nov 2026 08:00:00 GMT</lastBuildDate>');
  });

  it('writes only the configured formats, caps items at output.items, and repeats the feeds per category', async () => {
    const items = [storedItem({ ...shownStory, sourceId: 'alpha' }), storedItem({ ...shownStory, sourceId: 'beta' }), storedItem({ ...shownStory, sourceId: 'alpha' })];
    const files = renderOutputs({ items, sources, config: makeConfig({ output: { formats: ['rss'], items: 2, pages: false } }), now: NOW });
    const feeds = files.map((file) => file.path).filter((path) => !path.startsWith('recent'));
    expect(feeds.sort()).toEqual(['category/tech/feed.xml', 'category/world-news/feed.xml', 'feed.xml']);
    expect((await parser.parseString(fileOf(files, 'feed.xml'))).items).toHaveLength(2);
    const world = await parser.parseString(fileOf(files, 'category/world-news/feed.xml'));
    expect(world.items.map((item) => item.title)).toEqual([items[0].title, items[2].title]);
    expect(world.title).toBe('Loom News: World News');
    expect(fileOf(files, 'category/world-news/feed.xml')).toContain('href="http://127.0.0.1:8080/category/world-news/feed.xml" rel="self"');
  });

  it('uses site.feedUrlBase for self links when the feeds are served elsewhere', () => {
    const config = makeConfig({ site: { title: 'Loom', url: 'http://127.0.0.1:8080/site/', feedUrlBase: 'http://127.0.0.1:9090/feeds' } });
    const files = renderOutputs({ items: [storedItem(shownStory)], sources, config, now: NOW });
    expect(fileOf(files, 'atom.xml')).toContain('href="http://127.0.0.1:9090/feeds/atom.xml"');
    expect(fileOf(files, 'atom.xml')).toContain('<link rel="alternate" type="text/html" href="http://127.0.0.1:8080/site/"/>');
  });

  it('credits the other carriers of a folded story with an "Also published by" line', async () => {
    const items = [storedItem({ ...shownStory, sourceId: 'alpha', alsoCarriedBy: [{ sourceId: 'beta', itemKey: 'k', link: 'http://example.org/beta/copy', title: 'Copy' }] })];
    const files = renderOutputs({ items, sources, config: makeConfig(), now: NOW });
    const rss = await parser.parseString(fileOf(files, 'feed.xml'));
    expect(rss.items[0]['content:encoded']).toContain('Also published by <a href="http://example.org/beta/copy">Beta Daily</a>.');
    const json = JSON.parse(fileOf(files, 'feed.json'));
    expect(json.items[0]._feedloom.also_published_by).toEqual([
      { id: 'beta', title: 'Beta Daily', home_page_url: 'http://example.org/beta/', feed_url: 'http://example.org/beta/feed.xml', url: 'http://example.org/beta/copy' },
    ]);
  });

  it('R41: hostile content (]]> twice, control characters, <script> in titles, & in URLs) round-trips through RSS and Atom', async () => {
    const hostileTitle = 'Break ]]> out <script>alert("x")</script> & \u0001\u0008\u000B\uFFFE ok \uD800 end';
    const hostileHtml = '<p>one ]]> two ]]> three &amp; <b>bold</b>\u0002</p>';
    const items = [
      storedItem({
        ...shownStory,
        title: hostileTitle,
        author: '<img src=x onerror=alert(1)> Eve',
        categories: ['a & b', '<c>'],
        link: 'http://example.org/p?a=1&b=<2>',
        summary: hostileHtml,
        content: hostileHtml,
      }),
      storedItem({ ...shownStory, link: 'javascript:alert(1)', canonicalLink: null }),
    ];
    const files = renderOutputs({ items, sources, config: makeConfig(), now: NOW });
    const expectedTitle = 'Break ]]> out <script>alert("x")</script> &  ok  end';
    for (const path of ['feed.xml', 'atom.xml']) {
      const feed = await parser.parseString(fileOf(files, path));
      expect(feed.items[0].title).toBe(expectedTitle);
      expect(feed.items[0].link).toBe('http://example.org/p?a=1&b=%3C2%3E');
      expect(feed.items[0].content).toContain('one ]]> two ]]> three &amp; <b>bold</b>');
      if (path === 'feed.xml') expect(feed.items[0].categories).toEqual(['a & b', '<c>']);
      else expect(fileOf(files, path)).toContain('<category term="a &amp; b"/>\n<category term="&lt;c&gt;"/>');
      // A javascript: link never reaches an output.
      expect(feed.items[1].link ?? null).toBeNull();
      expect(fileOf(files, path)).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    }
    // JSON can carry any code point (lone surrogates are \u-escaped by JSON.stringify).
    expect(JSON.parse(fileOf(files, 'feed.json')).items[0].title).toBe(hostileTitle);
  });

  it("carries the publisher's rights per item (RSS dc:rights, Atom rights, JSON Feed _feedloom.rights); site.copyright stays off the feeds", async () => {
    const items = [storedItem({ ...shownStory, title: 'Credited', rights: '© 2026 The Wire Ltd & Co' }), storedItem({ ...shownStory, title: 'Unmarked' })];
    const config = makeConfig({ site: { title: 'Loom News', url: 'http://127.0.0.1:8080/', copyright: '© 2026 Loom News' } });
    const files = renderOutputs({ items, sources, config, now: NOW });
    const rss = fileOf(files, 'feed.xml');
    expect(rss).toContain('<dc:rights>© 2026 The Wire Ltd &amp; Co</dc:rights>');
    const atom = fileOf(files, 'atom.xml');
    expect(atom).toContain('<rights type="text">© 2026 The Wire Ltd &amp; Co</rights>');
    for (const text of [rss, atom]) {
      expect(text).not.toContain('Loom News</copyright>');
      expect(text).not.toContain('© 2026 Loom News');
      // Read back by a parser: the first item keeps its notice, the second has none (and inherits none).
      expect(parseFeed(Buffer.from(text)).items.map((item) => item.rights)).toEqual(['© 2026 The Wire Ltd & Co', null]);
    }
    const readBack = await new Parser({ customFields: { item: [['dc:rights', 'rights']] } }).parseString(rss);
    expect(readBack.items[0].rights).toBe('© 2026 The Wire Ltd & Co');
    const json = JSON.parse(fileOf(files, 'feed.json'));
    expect(json.items[0]._feedloom.rights).toBe('© 2026 The Wire Ltd & Co');
    expect(json.items[1]._feedloom).not.toHaveProperty('rights');
  });
});
