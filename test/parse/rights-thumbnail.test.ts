/**
 * The publisher's copyright and the item's thumbnail (issue 15 "Credit and pages"): read into the
 * internal ParsedFeed, never printed by `parse --json`, whose shape is fixed (docs/parse-json.md).
 */
import { describe, expect, it } from 'vitest';
import { toContractJson } from '../../src/parse/contract.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const xml = (text: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n${text}`);
const MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/"';
const DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"';

describe('publisher rights', () => {
  it('RSS: the channel <copyright> applies to every item; an item dc:rights or media:copyright wins', () => {
    const feed = parseFeed(
      xml(`<rss version="2.0" ${DC} ${MEDIA}><channel><title>Wire</title>
        <item><title>a</title></item>
        <item><title>b</title><dc:rights>CC BY 4.0</dc:rights></item>
        <item><title>c</title><media:copyright url="http://wire.example/licence">© 2026 Photo Agency</media:copyright></item>
        <copyright>  © 2026   The Wire Ltd </copyright>
      </channel></rss>`),
    );
    expect(feed.items.map((item) => item.rights)).toEqual(['© 2026 The Wire Ltd', 'CC BY 4.0', '© 2026 Photo Agency']);
  });

  it('Atom: feed <rights> is inherited by entries without their own (RFC 4287 §4.2.10); HTML rights become text', () => {
    const feed = parseFeed(
      xml(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><rights>Copyright 2026 The Wire</rights>
        <entry><id>1</id><title>a</title></entry>
        <entry><id>2</id><title>b</title><rights type="html">&lt;b&gt;©&lt;/b&gt; 2026 Ann Writer</rights></entry>
        <entry><id>3</id><title>c</title><source><rights>not this one</rights></source></entry>
      </feed>`),
    );
    expect(feed.items.map((item) => item.rights)).toEqual(['Copyright 2026 The Wire', '© 2026 Ann Writer', 'Copyright 2026 The Wire']);
  });

  it('a feed without any notice gives null; JSON Feed 1.1 defines no rights field at all', () => {
    expect(parseFeed(xml('<rss version="2.0"><channel><item><title>a</title></item></channel></rss>')).items[0].rights).toBeNull();
    const json = parseFeed(Buffer.from(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', copyright: 'x', items: [{ id: '1', rights: 'y' }] })));
    expect(json.items[0].rights).toBeNull();
  });
});

describe('thumbnails', () => {
  it('media:thumbnail on the item, in media:group or in media:content, made absolute; the shallowest wins', () => {
    const feed = parseFeed(
      xml(`<rss version="2.0" ${MEDIA}><channel><link>http://wire.example/</link>
        <item><title>a</title><media:thumbnail url="/img/a.jpg"/></item>
        <item><title>b</title><media:group><media:content url="http://wire.example/b.mp4"><media:thumbnail url="http://wire.example/deep.jpg"/></media:content><media:thumbnail url="http://wire.example/b.jpg"/></media:group></item>
        <item><title>c</title></item>
      </channel></rss>`),
    );
    expect(feed.items.map((item) => item.thumbnail)).toEqual(['http://wire.example/img/a.jpg', 'http://wire.example/b.jpg', null]);
  });

  it('JSON Feed: the item image', () => {
    const feed = parseFeed(Buffer.from(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', home_page_url: 'http://wire.example/', items: [{ id: '1', image: 'pic.png' }, { id: '2' }] })));
    expect(feed.items.map((item) => item.thumbnail)).toEqual(['http://wire.example/pic.png', null]);
  });
});

describe('the parse --json contract', () => {
  it('prints exactly the documented item keys: rights and thumbnail stay internal', () => {
    const feed = parseFeed(xml(`<rss version="2.0" ${MEDIA}><channel><copyright>© Wire</copyright><item><title>a</title><media:thumbnail url="http://wire.example/a.jpg"/></item></channel></rss>`));
    const contract = toContractJson(feed) as { items: object[] };
    expect(Object.keys(contract)).toEqual(['format', 'title', 'link', 'items']);
    expect(Object.keys(contract.items[0])).toEqual(['id', 'title', 'link', 'published', 'updated', 'author', 'categories', 'summary', 'content', 'enclosures']);
  });
});
