import { describe, expect, it } from 'vitest';
import { COMMON_FEED_PATHS, discoverFeeds } from '../../src/parse/discover-feeds.js';

const page = (head: string) => `<!doctype html><html><head><title>Site</title>${head}</head><body><p>Hello</p></body></html>`;

describe('discoverFeeds (pure: HTML + page URL → candidates)', () => {
  it('lists <link rel="alternate"> feeds of RSS, Atom and JSON Feed types in page order, resolved against the page', () => {
    const html = page(`
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">
      <link rel="alternate" type="application/rss+xml" title="Posts" href="feed/rss">
      <link rel="Alternate" type="application/feed+json; charset=utf-8" href="https://cdn.example.org/feed.json">
      <link rel="alternate" type="text/html" hreflang="de" href="/de/">`);
    const { links } = discoverFeeds(html, 'https://blog.example.org/posts/');
    expect(links).toEqual([
      { url: 'https://blog.example.org/atom.xml', kind: 'atom', title: 'Atom', via: 'link' },
      { url: 'https://blog.example.org/posts/feed/rss', kind: 'rss', title: 'Posts', via: 'link' },
      { url: 'https://cdn.example.org/feed.json', kind: 'json', title: null, via: 'link' },
    ]);
  });

  it('honours <base href> for relative links', () => {
    const { links } = discoverFeeds(page('<base href="https://blog.example.org/sub/"><link rel="alternate" type="application/rss+xml" href="rss.xml">'), 'https://blog.example.org/');
    expect(links.map((link) => link.url)).toEqual(['https://blog.example.org/sub/rss.xml']);
  });

  it('drops non-http(s) hrefs, duplicates and a link back to the page itself (R22 self-loop)', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="https://blog.example.org/">
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/rss+xml" href="/rss.xml#again">`);
    const { links } = discoverFeeds(html, 'https://blog.example.org/');
    expect(links.map((link) => link.url)).toEqual(['https://blog.example.org/rss.xml']);
  });

  it('guesses the common paths on the page origin, except those already advertised', () => {
    const { guesses } = discoverFeeds(page('<link rel="alternate" type="application/rss+xml" href="/rss.xml">'), 'https://blog.example.org/a/b.html');
    expect(guesses.map((guess) => guess.url)).toEqual(
      COMMON_FEED_PATHS.filter((path) => path !== '/rss.xml').map((path) => `https://blog.example.org${path}`),
    );
    expect(guesses.every((guess) => guess.via === 'guess' && guess.kind === null)).toBe(true);
  });

  it('finds nothing advertised in a page without feed links', () => {
    expect(discoverFeeds(page(''), 'https://blog.example.org/').links).toEqual([]);
  });
});
