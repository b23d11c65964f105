/** Tracking parameters off every published URL (issue 15): one list (url.ts), one function for URLs, one for sanitised HTML. */
import { describe, expect, it } from 'vitest';
import { sanitiseHtml } from '../../src/normalise/html.js';
import { stripTrackingParamsInHtml } from '../../src/normalise/html-urls.js';
import { canonicalLink, stripTrackingParams } from '../../src/normalise/url.js';

describe('stripTrackingParams', () => {
  it('removes the same parameters canonicalLink does, and keeps the rest of the query in order and encoding', () => {
    const url = 'https://example.org/p?id=7&utm_source=rss&UTM_Medium=x&fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&igshid=4&q=a+b%20c';
    expect(stripTrackingParams(url)).toBe('https://example.org/p?id=7&q=a+b%20c');
    expect(stripTrackingParams(url)).toBe(canonicalLink(url));
    expect(stripTrackingParams('https://example.org/p?utm_campaign=x')).toBe('https://example.org/p');
  });

  it('keeps the fragment and follows no redirect wrapper, unlike canonicalLink', () => {
    expect(stripTrackingParams('https://example.org/p?utm_source=a#fn-2')).toBe('https://example.org/p#fn-2');
    expect(stripTrackingParams('https://www.google.com/url?q=https://example.org/&utm_source=x')).toBe('https://www.google.com/url?q=https://example.org/');
  });

  it('returns anything else exactly as given', () => {
    for (const url of ['https://example.org/p?id=1', 'https://example.org/p', 'mailto:a@example.org?utm_source=x', 'relative/path?utm_source=x', 'not a url ?']) {
      expect(stripTrackingParams(url), url).toBe(url);
    }
  });
});

describe('stripTrackingParamsInHtml', () => {
  it('cleans href, src and srcset in sanitised HTML and leaves text, other attributes and clean URLs alone', () => {
    const html = sanitiseHtml(
      '<p>See <a href="https://news.example/a?id=1&amp;utm_source=feed&amp;fbclid=x#more">this</a> and the text ?utm_source=kept.</p>' +
        '<img src="https://cdn.example/i.png?w=640&amp;mc_eid=abc" srcset="https://cdn.example/i.png?w=640&amp;utm_medium=rss 1x, https://cdn.example/i2.png?gclid=1 2x" alt="a &quot;b&quot; ?utm_x=1">' +
        '<a href="https://clean.example/?a=1&amp;b=2">clean</a>',
      null,
    );
    expect(stripTrackingParamsInHtml(html)).toBe(
      '<p>See <a href="https://news.example/a?id=1#more" rel="noopener noreferrer">this</a> and the text ?utm_source=kept.</p>' +
        '<img src="https://cdn.example/i.png?w=640" srcset="https://cdn.example/i.png?w=640 1x, https://cdn.example/i2.png 2x" alt="a &quot;b&quot; ?utm_x=1" />' +
        '<a href="https://clean.example/?a=1&amp;b=2" rel="noopener noreferrer">clean</a>',
    );
  });

  it('returns sanitised HTML unchanged when it has nothing to strip, and its output sanitises to itself', () => {
    const html = sanitiseHtml('<p><a href="https://example.org/?a=1&amp;b=2">x</a> ?</p>', null);
    expect(stripTrackingParamsInHtml(html)).toBe(html);
    const stripped = stripTrackingParamsInHtml(sanitiseHtml('<a href="https://example.org/?utm_source=a&amp;x=&lt;1&gt;">x</a>', null));
    expect(sanitiseHtml(stripped, null)).toBe(stripped);
  });
});
