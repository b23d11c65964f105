import { describe, expect, it } from 'vitest';
import { htmlToText, MAX_DEPTH, sanitiseHtml } from '../../src/normalise/html.js';

const BASE = 'https://example.org/blog/post.html';

describe('sanitiseHtml', () => {
  it('keeps text and ordinary formatting exactly, entities decoded and re-escaped once', () => {
    const html = '<h2>Заголовок</h2><p>Some <b>bold</b>, <i>italic</i> &amp; <code>a &lt; b</code>&nbsp;日本語 😀</p><ul><li>one</li><li>two</li></ul>';
    expect(sanitiseHtml(html, BASE)).toBe(
      '<h2>Заголовок</h2><p>Some <b>bold</b>, <i>italic</i> &amp; <code>a &lt; b</code>\u00a0日本語 😀</p><ul><li>one</li><li>two</li></ul>',
    );
  });

  it('resolves relative href, src, srcset, poster and cite against the base', () => {
    expect(
      sanitiseHtml('<a href="/a">a</a><img src="i.png" alt=""><video poster="../p.jpg" src="v.mp4"></video><blockquote cite="?q=1">q</blockquote>', BASE),
    ).toBe(
      '<a href="https://example.org/a" rel="noopener noreferrer">a</a><img src="https://example.org/blog/i.png" alt="" />' +
        '<video poster="https://example.org/p.jpg" src="https://example.org/blog/v.mp4"></video><blockquote cite="https://example.org/blog/post.html?q=1">q</blockquote>',
    );
  });

  it('keeps relative URLs as written when there is no base, and still refuses unsafe schemes', () => {
    expect(sanitiseHtml('<a href="/a b">a</a><a href="javascript:x">b</a>', null)).toBe('<a href="/a b" rel="noopener noreferrer">a</a>b');
  });

  it('sets rel="noopener noreferrer" on every link, replacing what the feed gave, and drops target', () => {
    expect(sanitiseHtml('<a href="https://example.com/" target="_blank" rel="opener">x</a>', BASE)).toBe(
      '<a href="https://example.com/" rel="noopener noreferrer">x</a>',
    );
  });

  it('unwraps anchors without a usable href and drops images without a usable source', () => {
    expect(sanitiseHtml('<a name="top">anchor</a><img alt="gone"><img src="javascript:x" alt="gone">', BASE)).toBe('anchor');
  });

  it('removes 1×1 and zero-sized tracking pixels but keeps real images', () => {
    const html =
      '<img src="https://t.example.com/p.gif" width="1" height="1"><img src="/p2.gif" width="0" height="0">' +
      '<img src="/p3.gif" width="1px" height="1px"><img src="/hidden.gif" width="0"><img src="/photo.jpg" width="640" height="1">';
    expect(sanitiseHtml(html, BASE)).toBe('<img src="https://example.org/photo.jpg" width="640" height="1" />');
  });

  it('drops unknown elements but keeps their text, and drops raw-text elements with theirs', () => {
    expect(sanitiseHtml('<custom-el>kept</custom-el><font color="red">kept too</font><noscript>gone</noscript>', BASE)).toBe(
      'kept<font>kept too</font>',
    );
  });

  it('closes every element, including ones the input left open, and never emits a stray end tag', () => {
    expect(sanitiseHtml('<div><p>one<p>two<ul><li>a<li>b', BASE)).toBe('<div><p>one</p><p>two</p><ul><li>a</li><li>b</li></ul></div>');
    expect(sanitiseHtml('text</div></b></p>', BASE)).toBe('text<p></p>');
  });

  it('closes an open <p> itself before a block when an unwrapped element hid it from the parser (idempotence)', () => {
    const once = sanitiseHtml('<p>a<x-custom><div>b</div></x-custom>c</p>', BASE);
    expect(once).toBe('<p>a</p><div>b</div>c');
    expect(sanitiseHtml(once, BASE)).toBe(once);
  });

  it('keeps exactly MAX_DEPTH nested elements and flattens the next one (R27 limit)', () => {
    const nested = (depth: number) => `${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}`;
    expect(sanitiseHtml(nested(MAX_DEPTH), BASE)).toBe(nested(MAX_DEPTH));
    expect(sanitiseHtml(nested(MAX_DEPTH + 1), BASE)).toBe(nested(MAX_DEPTH));
  });

  it('writes void elements self-closed and attributes double-quoted with XML escapes only', () => {
    expect(sanitiseHtml(`<p title='say "hi" & <go>'>a<br>b<hr></p>`, BASE)).toBe(
      // <hr> closes the paragraph, so the later </p> is a stray one: an empty paragraph, as in HTML5.
      '<p title="say &quot;hi&quot; &amp; &lt;go&gt;">a<br />b</p><hr /><p></p>',
    );
  });

  it('normalises CR and CRLF to LF, as every HTML and XML parser would on reading', () => {
    expect(sanitiseHtml('<p>a\r\nb\rc</p>', BASE)).toBe('<p>a\nb\nc</p>');
  });

  it('returns an empty string for empty input', () => {
    expect(sanitiseHtml('', BASE)).toBe('');
    expect(sanitiseHtml('<script>only</script>', BASE)).toBe('');
  });
});

describe('htmlToText', () => {
  it('decodes entities once, drops script and style, and collapses white space', () => {
    expect(htmlToText('<p>Tom &amp;amp; Jerry</p>\n\n<script>var x = "<p>";</script><style>p{}</style>  <p>  end&nbsp;here </p>')).toBe(
      'Tom &amp; Jerry end here',
    );
  });

  it('separates words at block elements and <br> but not at inline ones', () => {
    expect(htmlToText('<p>one</p><p>two<br>three</p><div>Hel<b>lo</b> <a href="#">wor</a>ld</div><li>a</li><li>b</li>')).toBe(
      'one two three Hello world a b',
    );
  });

  it('drops what the sanitiser drops with its content: script, noscript, template, textarea', () => {
    expect(htmlToText('a<script>s</script>b<noscript>n</noscript>c<template>t</template>d<textarea>x</textarea>e')).toBe('a b c d e');
  });

  it('keeps the text of a <title> (as feedparser does) but never the element, and its markup stays text', () => {
    expect(htmlToText('a<title>Headline</title>b')).toBe('a Headline b');
    const html = sanitiseHtml('<title><script>alert(1)</script></title><p>x</p>', null);
    expect(html).not.toMatch(/<title|<script/i);
    expect(html).toContain('&lt;script&gt;');
    expect(sanitiseHtml(html, null)).toBe(html);
  });

  it('keeps the text of svg and math, each element boundary a space, but not their scripts or styles', () => {
    expect(htmlToText('a<svg><title>chart</title><text>x</text><script>s</script><style>c</style></svg>b<math><mi>x</mi><mo>=</mo><mn>2</mn></math>')).toBe(
      'a chart x b x = 2',
    );
  });

  it('reads plain text without markup as it is, minus XML-illegal characters', () => {
    expect(htmlToText('  plain\ttext\u0000 only ')).toBe('plain text only');
  });
});
