import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/core/types.js';
import { renderOutputs } from '../../src/emit/render-outputs.js';
import { makeConfig, makeSources, NOW, shownStory } from '../emit/fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

const sources = makeSources({ id: 'alpha', categories: ['World'] }, { id: 'beta', categories: ['Tech', 'World'] }, { id: 'gamma' });
const pagesConfig = (extra: Record<string, unknown> = {}) => makeConfig({ output: { pages: true, ...extra } });

function fileOf(files: OutputFile[], filePath: string): string {
  const file = files.find((candidate) => candidate.path === filePath);
  if (!file) throw new Error(`no output ${filePath}; got ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

describe('pages', () => {
  it('writes pages by default, and none with output.pages false', () => {
    const pathsWith = (overrides: Record<string, unknown>) => renderOutputs({ items: [storedItem(shownStory)], sources, config: makeConfig(overrides), now: NOW }).map((file) => file.path);
    const isPage = (p: string) => p.startsWith('posts/') || p === 'index.html' || p === 'style.css';
    expect(pathsWith({}).filter(isPage)).toEqual(expect.arrayContaining(['index.html', 'style.css']));
    const off = pathsWith({ output: { pages: false } });
    expect(off.some(isPage)).toBe(false);
    expect(off).toContain('recent.html');
  });

  it('renders an article page: categories, title, content, byline, date, credits, canonical, sidebar and feed discovery', () => {
    const item = storedItem({
      ...shownStory,
      sourceId: 'beta',
      slug: 'the-story',
      title: 'The Story',
      author: 'Ann Writer',
      canonicalLink: 'http://example.org/beta/the-story',
      content: '<p>Body <em>text</em>.</p>',
      date: '2026-11-26T12:00:00.000Z',
      alsoCarriedBy: [{ sourceId: 'gamma', itemKey: 'g', link: 'http://example.org/gamma/copy', title: 'Copy' }],
    });
    const files = renderOutputs({ items: [item, storedItem({ ...shownStory, sourceId: 'alpha', slug: 'other', title: 'Other' })], sources, config: pagesConfig(), now: NOW });
    const html = fileOf(files, 'posts/the-story.html');
    expect(html).toContain('<link rel="canonical" href="http://example.org/beta/the-story">');
    expect(html).toContain('<li><a href="../category/tech/index.html">Tech</a></li>\n<li><a href="../category/world/index.html">World</a></li>\n</ul>\n<h1>The Story</h1>');
    expect(html).toContain('<p>Body <em>text</em>.</p>');
    expect(html).toContain('By <span class="author">Ann Writer</span> · <span class="exact">26 Nov 2026, 12:00 UTC</span> (<time datetime="2026-11-26T12:00:00.000Z" title="26 Nov 2026, 12:00 UTC" data-age>2 days ago</time>)');
    expect(html).toMatch(/<time datetime="[^"]+" title="[^"]+" data-age>[^<]+<\/time><noscript> <span class="exact">\([^)]+UTC\)<\/span><\/noscript>/);
    expect(html).toContain('Published by <a href="http://example.org/beta/">Beta Daily</a>');
    expect(html).toContain('Originally published at <a href="http://example.org/beta/the-story">http://example.org/beta/the-story</a>');
    expect(html).toContain('Also published by <a href="http://example.org/gamma/copy">Gamma Daily</a>');
    expect(html).not.toContain('Read the original');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Loom News (Atom)" href="../atom.xml">');
    // The sidebar lists the other posts, never the article itself.
    const sidebar = html.slice(html.indexOf('<aside class="sidebar"'));
    expect(sidebar).toMatch(/<h2 id="recent-heading">Recent Posts<\/h2>[\s\S]*href="..\/posts\/other.html">Other<\/a>/);
    expect(sidebar).not.toContain('the-story.html');
  });

  it('adds "Read the original" when only a summary exists', () => {
    const item = storedItem({ ...shownStory, slug: 'summary-only', content: null, summary: '<p>Just a teaser.</p>', canonicalLink: 'http://example.org/full' });
    const html = fileOf(renderOutputs({ items: [item], sources, config: pagesConfig(), now: NOW }), 'posts/summary-only.html');
    expect(html).toContain('<p>Just a teaser.</p>');
    expect(html).toContain('<p class="read-original"><a href="http://example.org/full">Read the original</a></p>');
  });

  it('paginates the index and category pages by output.pageSize, linking pages both ways', () => {
    const items = Array.from({ length: 5 }, (_, i) => storedItem({ ...shownStory, sourceId: 'alpha', slug: `s${i}`, title: `Post ${i}` }));
    const files = renderOutputs({ items, sources, config: pagesConfig({ pageSize: 2 }), now: NOW });
    const paths = files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['index.html', 'page/2.html', 'page/3.html', 'category/world/index.html', 'category/world/page/3.html', 'category/tech/index.html']));
    expect(paths).not.toContain('page/4.html');
    const page2 = fileOf(files, 'page/2.html');
    expect(page2).toContain('<a rel="prev" href="../index.html">');
    expect(page2).toContain('<a rel="next" href="../page/3.html">');
    expect(page2).toContain('href="../posts/s2.html">Post 2</a>');
    expect(page2).toContain('<link rel="stylesheet" href="../style.css">');
    const categoryPage = fileOf(files, 'category/world/page/2.html');
    expect(categoryPage).toContain('href="../../../posts/s2.html"');
    expect(categoryPage).toContain('<link rel="alternate" type="application/rss+xml" title="World, page 2 (RSS)" href="../../../category/world/feed.xml">');
    expect(fileOf(files, 'category/tech/index.html')).toContain('No posts yet.');
  });

  it('derives missing slugs deterministically, whatever the item order', () => {
    const a = storedItem({ ...shownStory, title: 'Same', slug: null, key: 'a', date: '2026-11-28T09:00:00.000Z' });
    const b = storedItem({ ...shownStory, title: 'Same', slug: null, key: 'b', date: '2026-11-28T08:00:00.000Z' });
    const c = storedItem({ ...shownStory, title: 'Taken', slug: 'same', date: '2026-11-28T07:00:00.000Z' });
    const pages = (items: typeof a[]) => renderOutputs({ items, sources, config: pagesConfig(), now: NOW }).map((f) => f.path).filter((p) => p.startsWith('posts/')).sort();
    expect(pages([a, b, c])).toEqual(['posts/same-2.html', 'posts/same-3.html', 'posts/same.html']);
    const first = renderOutputs({ items: [a, b, c], sources, config: pagesConfig(), now: NOW });
    const second = renderOutputs({ items: [b, c, a], sources, config: pagesConfig(), now: NOW });
    expect(fileOf(second, 'posts/same-2.html')).toContain(`<h1>${a.title}</h1>`);
    expect(fileOf(first, 'posts/same-2.html')).toContain(`<link rel="canonical" href="${a.link}">`);
    expect(fileOf(second, 'posts/same-2.html')).toContain(`<link rel="canonical" href="${a.link}">`);
  });

  it('escapes feed text in pages (R40) and keeps the sanitised content as HTML', () => {
    const item = storedItem({ ...shownStory, slug: 'x', title: '<script>alert(1)</script>', author: '<b>Eve</b>', content: '<p>ok</p>' });
    const html = fileOf(renderOutputs({ items: [item], sources, config: pagesConfig(), now: NOW }), 'posts/x.html');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(html).toContain('<div class="content">\n<p>ok</p>');
  });

  it('lets output.templatesDir override one template and keeps the shipped others', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'feedloom-templates-'));
    try {
      await fs.writeFile(path.join(dir, 'post.eta'), '<% layout("@layout") %><main id="main"><h1 class="custom"><%= it.post.title %></h1></main>');
      const config = { ...pagesConfig(), templatesDir: dir };
      const files = renderOutputs({ items: [storedItem({ ...shownStory, slug: 'y', title: 'Custom & co' })], sources, config, now: NOW });
      expect(fileOf(files, 'posts/y.html')).toContain('<h1 class="custom">Custom &amp; co</h1>');
      expect(fileOf(files, 'posts/y.html')).toContain('<link rel="stylesheet" href="../style.css">');
      expect(fileOf(files, 'index.html')).toContain('<ol class="posts">');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("shows the publisher's notice beside \"Published by\" and site.copyright only in the footer", () => {
    const config = makeConfig({ site: { title: 'Loom News', url: 'http://127.0.0.1:8080/', copyright: '© 2026 Loom News' }, output: { pages: true } });
    const items = [storedItem({ ...shownStory, sourceId: 'beta', slug: 'credited', rights: '© 2026 The Wire <Ltd>' }), storedItem({ ...shownStory, sourceId: 'beta', slug: 'plain' })];
    const files = renderOutputs({ items, sources, config, now: NOW });
    const credited = fileOf(files, 'posts/credited.html');
    expect(credited).toContain('<p>Published by <a href="http://example.org/beta/">Beta Daily</a> · <span class="rights">© 2026 The Wire &lt;Ltd&gt;</span></p>');
    expect(credited.split('© 2026 Loom News')).toHaveLength(2);
    expect(credited).toMatch(/<footer class="site-footer">[\s\S]*<p>© 2026 Loom News<\/p>/);
    expect(fileOf(files, 'posts/plain.html')).toContain('<p>Published by <a href="http://example.org/beta/">Beta Daily</a></p>');
  });

  it('an article\'s sidebar leaves the article out and still lists output.digest.size posts', () => {
    const items = Array.from({ length: 4 }, (_, i) => storedItem({ ...shownStory, sourceId: ['alpha', 'beta', 'gamma', 'alpha'][i], slug: `p${i}`, title: `Post ${i}` }));
    const files = renderOutputs({ items, sources, config: pagesConfig({ digest: { size: 2 } }), now: NOW });
    const sidebarOf = (slug: string) => [...fileOf(files, `posts/${slug}.html`).matchAll(/<h3><a href="..\/posts\/([^.]+)\.html">/g)].map((match) => match[1]);
    expect(sidebarOf('p0')).toEqual(['p1', 'p2']);
    expect(sidebarOf('p1')).toEqual(['p0', 'p2']);
    expect(sidebarOf('p3')).toEqual(['p0', 'p1']);
    // recent.html shows exactly the digest, not the extra entry kept for the sidebars.
    expect([...fileOf(files, 'recent.html').matchAll(/<h2><a href="posts\/([^.]+)\.html">/g)].map((match) => match[1])).toEqual(['p0', 'p1']);
    expect(JSON.parse(fileOf(files, 'recent.json')).items).toHaveLength(2);
  });

  it('with pages, recent.html is a page of the site: header, navigation, footer and stylesheet; entries link to the local copies', () => {
    const config = makeConfig({ site: { title: 'Loom News', url: 'http://127.0.0.1:8080/', copyright: '© Loom' }, output: { pages: true } });
    const html = fileOf(renderOutputs({ items: [storedItem({ ...shownStory, sourceId: 'beta', slug: 'story', title: 'Story' })], sources, config, now: NOW }), 'recent.html');
    expect(html).toContain('<a class="site-title" href="index.html">Loom News</a>');
    expect(html).toContain('<li><a href="category/tech/index.html">Tech</a></li>');
    expect(html).toContain('<link rel="stylesheet" href="style.css">');
    expect(html).toMatch(/<footer class="site-footer">[\s\S]*<p>© Loom<\/p>/);
    expect(html).toContain('<h1>Recent Posts</h1>');
    expect(html).toContain('<h2><a href="posts/story.html">Story</a></h2>');
    expect(html).toContain('<a class="source" href="http://example.org/beta/">Beta Daily</a>');
    expect(html).toContain("img-src http: https: data:; media-src http: https:");
  });

  it('index cards show the categories (not the page\'s own) and a thumbnail with width and height', () => {
    const items = [
      storedItem({ ...shownStory, sourceId: 'beta', slug: 'pictured', title: 'Pictured', thumbnail: 'http://cdn.example/t.jpg?utm_source=rss&w=1' }),
      storedItem({ ...shownStory, sourceId: 'alpha', slug: 'plain', title: 'Plain', content: '<p>No picture.</p>' }),
    ];
    const files = renderOutputs({ items, sources, config: pagesConfig(), now: NOW });
    const index = fileOf(files, 'index.html');
    expect(index).toContain('<li class="card">\n<div class="thumb"><img src="http://cdn.example/t.jpg?w=1" width="160" height="120" alt="" loading="lazy" decoding="async"></div>\n<ul class="categories" aria-label="Categories">\n<li><a href="category/tech/index.html">Tech</a></li>\n<li><a href="category/world/index.html">World</a></li>\n</ul>\n<h2><a href="posts/pictured.html">Pictured</a></h2>');
    expect(index).toContain('<li class="card">\n<ul class="categories" aria-label="Categories">\n<li><a href="category/world/index.html">World</a></li>\n</ul>\n<h2><a href="posts/plain.html">Plain</a></h2>');
    const world = fileOf(files, 'category/world/index.html');
    expect(world).toContain('<ul class="categories" aria-label="Categories">\n<li><a href="../../category/tech/index.html">Tech</a></li>\n</ul>\n<h2><a href="../../posts/pictured.html">');
    expect(world).toContain('<li class="card">\n<h2><a href="../../posts/plain.html">Plain</a></h2>');
    expect(index).toContain('<script src="images.js"></script>');
    expect(files.map((file) => file.path)).toContain('images.js');
  });
});
