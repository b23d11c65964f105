/**
 * R27, the quadratic half: every parser of strangers' markup stays linear at 300,000 levels.
 * htmlparser2's Parser (and cheerio) keep an `unshift`ed element stack: 300,000 nested <div>s held
 * `feedloom add` for 507 s, 200,000 nested outlines `import-opml` for 39 s (bench/deep-markup.mjs).
 * Where the code can count its work (WorkMeter: tokenizer callbacks and stack steps) the bound is on
 * that count; the htmlparser2-Parser-based sanitiser and htmlToText are bounded generously in seconds.
 */
import { describe, expect, it } from 'vitest';
import { discoverFeeds } from '../../src/parse/discover-feeds.js';
import { scanTags, type WorkMeter } from '../../src/parse/scan-tags.js';
import { MAX_OPML_DEPTH, readOpml } from '../../src/opml/read-opml.js';
import { htmlToText, sanitiseHtml } from '../../src/normalise/html.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const LEVELS = 300_000;
const nested = (open: string, inner: string, close: string, levels = LEVELS) => open.repeat(levels) + inner + close.repeat(levels);
const tagsIn = (text: string) => text.split('<').length - 1;
const seconds = (run: () => void) => {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
};

describe('scanTags', () => {
  it('reports start tags with decoded, lower-cased attributes (first of a name wins), end tags and text as written', () => {
    const events: unknown[] = [];
    scanTags('<A HREF="/x?a=1&amp;b=2" href="/y" Title=T&eacute;>one &lt; two</a></B><br/>', { xml: false }, {
      onopentag: (name, attributes, selfClosing) => events.push(['open', name, { ...attributes }, selfClosing]),
      onclosetag: (name) => events.push(['close', name]),
      ontext: (text) => events.push(['text', text]),
    });
    expect(events).toEqual([
      ['open', 'a', { href: '/x?a=1&b=2', title: 'Té' }, false],
      ['text', 'one '],
      ['text', '<'],
      ['text', ' two'],
      ['close', 'a'],
      ['close', 'b'],
      ['open', 'br', {}, true],
    ]);
  });

  it('reads <script> contents as text in HTML, so a <link> written inside a script is no tag', () => {
    const names: string[] = [];
    scanTags('<script>document.write("<link rel=alternate>")</script><link rel="x">', { xml: false }, { onopentag: (name) => names.push(name) });
    expect(names).toEqual(['script', 'link']);
  });
});

describe('discoverFeeds at 300,000 levels', () => {
  it('finds a feed link buried under 300,000 nested <div>s with work linear in the tags', () => {
    const html = `<html><head></head><body>${nested('<div>', '<link rel="alternate" type="application/rss+xml" href="/deep.xml">', '</div>')}</body></html>`;
    const meter: WorkMeter = { steps: 0 };
    const { links } = discoverFeeds(html, 'http://127.0.0.1/', meter);
    expect(links.map((link) => link.url)).toEqual(['http://127.0.0.1/deep.xml']);
    expect(meter.steps).toBeLessThanOrEqual(3 * tagsIn(html) + 10);
  });

  it('stray end tags by the 300,000 cost one step each', () => {
    const html = `<body>${'<div>'.repeat(LEVELS)}${'</span>'.repeat(LEVELS)}</body>`;
    const meter: WorkMeter = { steps: 0 };
    discoverFeeds(html, 'http://127.0.0.1/', meter);
    expect(meter.steps).toBeLessThanOrEqual(3 * tagsIn(html) + 10);
  });
});

describe(`readOpml: MAX_OPML_DEPTH (${MAX_OPML_DEPTH})`, () => {
  it('reads elements nested exactly MAX_OPML_DEPTH deep (opml, body and the feed included); the innermost folder is the category', () => {
    const folders = MAX_OPML_DEPTH - 3;
    const text = `<opml><body>${'<outline text="outer">'.repeat(folders - 1)}<outline text="inner"><outline xmlUrl="http://a.example/feed"/></outline>${'</outline>'.repeat(folders - 1)}</body></opml>`;
    expect(readOpml(text).feeds).toEqual([{ url: 'http://a.example/feed', text: null, title: null, htmlUrl: null, categories: ['inner'], id: null }]);
  });

  it('refuses one level more, naming the file and the cap', () => {
    const text = `<opml><body>${nested('<outline text="f">', '<outline xmlUrl="http://a.example/feed"/>', '</outline>', MAX_OPML_DEPTH - 2)}</body></opml>`;
    expect(() => readOpml(text, { where: 'subs.opml' })).toThrow(expect.objectContaining({ code: 'E_PARSE', where: 'subs.opml', message: expect.stringContaining(`deeper than ${MAX_OPML_DEPTH} levels`) }));
  });

  it('refuses 300,000 nested outlines after work bounded by the cap, not the input', () => {
    const text = `<opml><body>${nested('<outline text="f">', '', '</outline>')}</body></opml>`;
    const meter: WorkMeter = { steps: 0 };
    expect(() => readOpml(text, { meter })).toThrow(/deeper than/);
    // About six tokenizer callbacks per `<outline text="f">`, one push: the 300,000 are never reached.
    expect(meter.steps).toBeLessThanOrEqual(8 * MAX_OPML_DEPTH);
  });

  it('300,000 stray end tags under a deep stack cost at most MAX_OPML_DEPTH steps each, and are ignored', () => {
    const text = `<opml><head><title>Subs</title></head><body>${'<outline text="f">'.repeat(MAX_OPML_DEPTH - 3)}<outline xmlUrl="http://a.example/feed"/>${'</x>'.repeat(LEVELS)}</body></opml>`;
    const meter: WorkMeter = { steps: 0 };
    const doc = readOpml(text, { meter });
    expect(doc).toEqual({ title: 'Subs', feeds: [expect.objectContaining({ url: 'http://a.example/feed', categories: ['f'] })] });
    expect(meter.steps).toBeLessThanOrEqual((MAX_OPML_DEPTH + 3) * tagsIn(text));
  });
});

describe('Parser-based stages at 300,000 levels (bounded in seconds: their stack is htmlparser2’s, capped)', () => {
  const deepDivs = nested('<div>', 'deep text', '</div>');

  it('sanitiseHtml keeps the text and answers in under 5 s', () => {
    let out = '';
    expect(seconds(() => (out = sanitiseHtml(deepDivs, null)))).toBeLessThan(5);
    expect(out).toContain('deep text');
  });

  it('htmlToText of 300,000 nested blocks answers in under 5 s', () => {
    let out = '';
    expect(seconds(() => (out = htmlToText(deepDivs)))).toBeLessThan(5);
    expect(out).toContain('deep text');
  });

  it('htmlToText of 300,000 nested inline elements answers in under 5 s', () => {
    let out = '';
    expect(seconds(() => (out = htmlToText(nested('<b>', 'deep title', '</b>'))))).toBeLessThan(5);
    expect(out).toBe('deep title');
  });

  it('parseFeed with 300,000 nested elements in an item answers in under 5 s', () => {
    const body = Buffer.from(`<rss version="2.0"><channel><title>T</title><item><title>kept</title><description>${nested('<x>', 'd', '</x>')}</description></item></channel></rss>`);
    let titles: Array<string | null> = [];
    expect(seconds(() => (titles = parseFeed(body, { url: 'http://127.0.0.1/f', contentType: 'application/rss+xml' }).items.map((item) => item.title)))).toBeLessThan(5);
    expect(titles).toEqual(['kept']);
  });
});
