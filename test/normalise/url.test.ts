import { describe, expect, it } from 'vitest';
import { canonicalLink, registrableDomain, resolveUrl, safeUrl } from '../../src/normalise/url.js';

describe('resolveUrl', () => {
  it('resolves relative references against an http(s) base', () => {
    expect(resolveUrl('../b/c?x=1#f', 'https://example.org/a/d/e.html')).toBe('https://example.org/a/b/c?x=1#f');
    expect(resolveUrl('//cdn.example.org/i.png', 'http://example.org/')).toBe('http://cdn.example.org/i.png');
    expect(resolveUrl(' \n/path\t', 'https://example.org/x')).toBe('https://example.org/path');
  });

  it('returns null for unsafe schemes, however written, and for anything not http(s)', () => {
    for (const href of ['javascript:alert(1)', ' JAVASCRIPT:x', 'java\tscript:x', 'vbscript:x', 'data:text/html,x', 'mailto:a@example.org', 'ftp://example.org/', 'file:///etc/passwd']) {
      expect(resolveUrl(href, 'https://example.org/'), href).toBeNull();
    }
  });

  it('returns null for relative references without a usable base, and ignores a javascript: base', () => {
    expect(resolveUrl('/x', null)).toBeNull();
    expect(resolveUrl('/x', 'javascript:alert(1)//')).toBeNull();
    expect(resolveUrl('https://example.org/x', 'javascript:alert(1)//')).toBe('https://example.org/x');
  });

  it('returns null for unparseable URLs and for URLs past the length cap (at the limit: kept)', () => {
    expect(resolveUrl('http://exa mple.org/', null)).toBeNull();
    expect(resolveUrl('https://', null)).toBeNull();
    const atLimit = `https://example.org/${'a'.repeat(100 - 'https://example.org/'.length)}`;
    expect(atLimit).toHaveLength(100);
    expect(resolveUrl(atLimit, null, 100)).toBe(atLimit);
    expect(resolveUrl(`${atLimit}b`, null, 100)).toBeNull();
  });
});

describe('safeUrl', () => {
  it('keeps absolute http(s) item links and enclosures, normalised (R36)', () => {
    expect(safeUrl('HTTPS://Example.ORG:443/a b', 2048)).toBe('https://example.org/a%20b');
    expect(safeUrl('http://127.0.0.1:8080/feed', 2048)).toBe('http://127.0.0.1:8080/feed');
  });

  it('returns null for null, relative, unsafe and over-long URLs', () => {
    expect(safeUrl(null, 2048)).toBeNull();
    expect(safeUrl('/relative', 2048)).toBeNull();
    expect(safeUrl('&#106;avascript:x'.replace('&#106;', 'j'), 2048)).toBeNull();
    expect(safeUrl('data:text/html,<script>', 2048)).toBeNull();
    expect(safeUrl(`https://example.org/${'x'.repeat(3000)}`, 2048)).toBeNull();
  });
});

describe('canonicalLink', () => {
  it('strips utm_* and click identifiers, keeping the other parameters in order and as encoded', () => {
    expect(
      canonicalLink('https://example.org/p?id=7&utm_source=rss&UTM_Medium=x&fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref_src=twsrc&q=a+b%20c'),
    ).toBe('https://example.org/p?id=7&q=a+b%20c');
    expect(canonicalLink('https://example.org/p?utm_source=rss')).toBe('https://example.org/p');
  });

  it('drops fragments but keeps hash-bang routes, where the fragment is the page', () => {
    expect(canonicalLink('https://example.org/p#comments')).toBe('https://example.org/p');
    expect(canonicalLink('https://example.org/#!/post/1')).toBe('https://example.org/#!/post/1');
  });

  it('unwraps known redirect wrappers, then strips the target’s tracking too', () => {
    expect(canonicalLink('https://news.google.com/news/url?sa=t&url=https://example.org/story?utm_source=gn')).toBe('https://example.org/story');
    expect(canonicalLink('https://www.google.com/url?q=https%3A%2F%2Fexample.org%2Fa&sa=D')).toBe('https://example.org/a');
    expect(canonicalLink('https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fb%3Ffbclid%3Dx&h=AT0')).toBe('https://example.org/b');
    expect(canonicalLink('http://feedproxy.google.com/~r/Example/~3/abc/?url=https%3A%2F%2Fexample.org%2Fc')).toBe('https://example.org/c');
    expect(canonicalLink('http://feedproxy.google.com/~r/Example/~3/abc/https%3A%2F%2Fexample.org%2Fd')).toBe('https://example.org/d');
  });

  it('keeps wrappers whose target is not in the URL (t.co, plain FeedBurner) and refuses unsafe targets', () => {
    expect(canonicalLink('https://t.co/AbCd123')).toBe('https://t.co/AbCd123');
    expect(canonicalLink('http://feedproxy.google.com/~r/Example/~3/abc/story.html')).toBe('http://feedproxy.google.com/~r/Example/~3/abc/story.html');
    expect(canonicalLink('https://www.google.com/url?q=javascript:alert(1)')).toBe('https://www.google.com/url?q=javascript:alert(1)');
  });

  it('returns anything that is not an absolute http(s) URL unchanged', () => {
    expect(canonicalLink('not a url')).toBe('not a url');
    expect(canonicalLink('mailto:a@example.org')).toBe('mailto:a@example.org');
  });
});

describe('registrableDomain', () => {
  it('takes the last two labels under an ordinary TLD', () => {
    expect(registrableDomain('www.example.com')).toBe('example.com');
    expect(registrableDomain('a.b.c.example.org.')).toBe('example.org');
    expect(registrableDomain('Example.COM')).toBe('example.com');
    expect(registrableDomain('t.co')).toBe('t.co');
  });

  it('takes three labels under common ccTLD second levels and shared-hosting suffixes', () => {
    expect(registrableDomain('www.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableDomain('news.abc.net.au')).toBe('abc.net.au');
    expect(registrableDomain('www.example.com.au')).toBe('example.com.au');
    expect(registrableDomain('alice.github.io')).toBe('alice.github.io');
    expect(registrableDomain('docs.bob.github.io')).toBe('bob.github.io');
    expect(registrableDomain('someone.blogspot.com')).toBe('someone.blogspot.com');
  });

  it('returns IP literals and single labels unchanged', () => {
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
    expect(registrableDomain('[::1]')).toBe('[::1]');
    expect(registrableDomain('localhost')).toBe('localhost');
  });
});
