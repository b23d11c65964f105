import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/emit/render-digest.js';
import type { OutputFile } from '../../src/core/types.js';
import { renderOutputs } from '../../src/emit/render-outputs.js';
import { makeConfig, makeSources, NOW, shownStory } from '../emit/fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

const sources = makeSources({ id: 'alpha', title: 'Alpha <b>Daily</b> & Co' });
const hostile = storedItem({
  ...shownStory,
  sourceId: 'alpha',
  title: '<script>window.pwned=1</script> "quoted" & <img src=x onerror=alert(1)>',
  summary: '<p>&lt;script&gt;alert(2)&lt;/script&gt; plain words</p>',
  date: new Date(NOW.getTime() - 2 * 86_400_000).toISOString(),
  canonicalLink: 'http://example.org/story?a=1&b=2',
});

function fileOf(files: OutputFile[], path: string): string {
  return files.find((file) => file.path === path)?.content ?? '';
}

describe('digest files', () => {
  // The digest on its own, as written without pages; with pages it is a page of the site (below).
  const files = renderOutputs({ items: [hostile], sources, config: makeConfig({ output: { pages: false } }), now: NOW });

  it('R40: recent.html escapes all feed text, links the title to the original and shows the age with the exact date in <time datetime>', () => {
    const html = fileOf(files, 'recent.html');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt; &quot;quoted&quot; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<a href="http://example.org/story?a=1&amp;b=2">');
    expect(html).toContain('Alpha &lt;b&gt;Daily&lt;/b&gt; &amp; Co');
    expect(html).toMatch(/<time datetime="2026-11-26T12:00:00.000Z"[^>]*>2 days ago<\/time> <span class="exact">\(26 Nov 2026, 12:00 UTC\)<\/span>/);
  });

  it('recent.html is self-contained: no external resource, no script, inline style allowed only by its hash', () => {
    const html = fileOf(files, 'recent.html');
    expect(html).not.toMatch(/<link|<script|<img|\ssrc="/);
    const hash = /style-src '(sha256-[^']+)'/.exec(html)?.[1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(hash).toBe(`sha256-${createHash('sha256').update(style).digest('base64')}`);
  });

  it('recent.json carries the entries as data', () => {
    const data = JSON.parse(fileOf(files, 'recent.json'));
    expect(data.items).toHaveLength(1);
    expect(data.items[0]).toMatchObject({ title: hostile.title, link: 'http://example.org/story?a=1&b=2', age: '2 days ago', slug: null });
  });

  it('recent.md keeps feed text as text', () => {
    const md = fileOf(files, 'recent.md');
    expect(md).toContain('- [&lt;script>window.pwned=1&lt;/script> "quoted" &amp; &lt;img src=x onerror=alert\\(1\\)>](<http://example.org/story?a=1&b=2>)');
    expect(md).toContain('2 days ago (26 Nov 2026, 12:00 UTC)');
  });

  it('with pages (the default), recent.html escapes feed text just the same', () => {
    const html = fileOf(renderOutputs({ items: [hostile], sources, config: makeConfig(), now: NOW }), 'recent.html');
    expect(html).not.toContain('<script>window.pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt; &quot;quoted&quot; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Alpha &lt;b&gt;Daily&lt;/b&gt; &amp; Co');
  });

  it('escapeMarkdown neutralises link syntax, emphasis, HTML and a leading block marker', () => {
    expect(escapeMarkdown('[x](javascript:y) *a* <b> &amp;')).toBe('\\[x\\]\\(javascript:y\\) \\*a\\* &lt;b> &amp;amp;');
    expect(escapeMarkdown('# Heading')).toBe('\\# Heading');
    expect(escapeMarkdown('1. First')).toBe('1\\. First');
  });
});
