import { describe, expect, it } from 'vitest';
import { collapseText, decodeEntities, escapeHtml, plainText, stripXmlIllegal } from '../../src/normalise/text.js';

describe('plainText', () => {
  it('removes tags, counting each as a space, and collapses white space', () => {
    expect(plainText('<p>Hello <b>big</b>\n\n world</p>')).toBe('Hello big world');
  });

  it('drops script and style contents', () => {
    expect(plainText('a<script>alert(1)</script>b<style>p{}</style>c')).toBe('a b c');
  });

  it('R40 decodes entities exactly once', () => {
    expect(plainText('AT&amp;amp;T &lt;b&gt;')).toBe('AT&amp;T <b>');
    expect(plainText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
  });

  it('R29 removes bidi override and isolate controls', () => {
    expect(plainText('abc\u202Egnp.exe\u202C')).toBe('abcgnp.exe');
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
});

describe('escapeHtml and stripXmlIllegal', () => {
  it('escapes the characters that make markup', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });

  it('R29 strips NUL, C0 controls, U+FFFE/U+FFFF and lone surrogates but keeps tab, LF, CR and astral characters', () => {
    expect(stripXmlIllegal('a\u0000b\u0001c\u000Bd\uFFFEe\uFFFFf\uD800g\t\n\r😀')).toBe('abcdefg\t\n\r😀');
  });
});
