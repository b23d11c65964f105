import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/normalise/html-text.js';
import { collapseText, decodeEntities, escapeHtml, stripXmlIllegal } from '../../src/normalise/text.js';

/** What finish-item.ts makes of an HTML title or text construct: the one HTML → text rule, then the text rules. */
const titleText = (html: string) => collapseText(htmlToText(html));

describe('text of an HTML title', () => {
  it('removes tags, block elements separating words and inline ones not, and collapses white space', () => {
    expect(titleText('<p>Hello <b>big</b>\n\n world</p>')).toBe('Hello big world');
    expect(titleText('Hel<b>lo</b><br>there<p>again</p>')).toBe('Hello there again');
    expect(titleText('10<sup>6</sup> m<sub>2</sub>')).toBe('10 6 m 2');
  });

  it('drops script and style contents', () => {
    expect(titleText('a<script>alert(1)</script>b<style>p{}</style>c')).toBe('a b c');
  });

  it('R40 decodes entities exactly once', () => {
    expect(titleText('AT&amp;amp;T &lt;b&gt;')).toBe('AT&amp;T <b>');
    expect(titleText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
  });

  it('R29 removes bidi override and isolate controls', () => {
    expect(titleText('abc\u202Egnp.exe\u202C')).toBe('abcgnp.exe');
    expect(collapseText('x\u2066y\u2069')).toBe('xy');
  });
});

describe('decodeEntities', () => {
  it('decodes HTML named and numeric references closed by a semicolon', () => {
    expect(decodeEntities('Caf&eacute;&nbsp;&#233;&#xE9;')).toBe('Café\u00a0éé');
  });

  it('leaves a bare ampersand and unknown names alone', () => {
    expect(decodeEntities('Q&A &copy &bogus;')).toBe('Q&A &copy &bogus;');
  });

  it('decodes the XML escapes, which the scan reads without the regex', () => {
    expect(decodeEntities('&lt;p&gt; &amp;amp; &quot;q&quot; &apos;a&apos; &ltx; &lt')).toBe('<p> &amp; "q" \'a\' &ltx; &lt');
  });

  it('decodes each reference where a global replace would find it, however references crowd', () => {
    // The scan reads the four commonest escapes itself and asks a sticky regex at any other "&":
    // it must find the same references as one replace over the whole text, reference by reference.
    const pieces = ['&', 'lt;', 'gt;', 'amp;', 'quot;', 'apos;', '&lt;', '&amp;lt;', '&#60;', '&#x3C;', '&eacute;', '&nbsp', ';', '#', 'x', 'a', ' ', 'ltx;', '&&', '&#', '&#x'];
    const reference = new RegExp('&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));', 'g');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const value = parts.join('');
        expect(decodeEntities(value)).toBe(value.replace(reference, (match) => decodeEntities(match)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('escapeHtml and stripXmlIllegal', () => {
  it('escapes the characters that make markup', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });

  it('R29 strips NUL, C0 controls, U+FFFE/U+FFFF and lone surrogates but keeps tab, LF, CR and astral characters', () => {
    expect(stripXmlIllegal('a\u0000b\u0001c\u000Bd\uFFFEe\uFFFFf\uD800g\t\n\r😀')).toBe('abcdefg\t\n\r😀');
  });
});
