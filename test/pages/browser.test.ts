/**
 * The rendered site in real headless Chromium (issue 6 "Tests"): served from a loopback server,
 * every request outside 127.0.0.1 aborted and recorded, screenshots saved under test/artifacts/.
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutputs, writeOutputs } from '../../src/emit/render-outputs.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { makeConfig, makeSources, shownStory } from '../emit/fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test/artifacts');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`SKIPPED: the browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`);

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.xml': 'application/xml', '.json': 'application/json', '.png': 'image/png' };
const PNG = drawPng(640, 360);

/** A sky-over-sea picture as a real PNG, so the screenshots show how article images sit. */
function drawPng(width: number, height: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const sea = y > height * 0.62;
      const t = y / height;
      const [r, g, b] = sea ? [20 + 40 * t, 70 + 60 * t, 120 + 50 * t] : [120 + 120 * t, 170 + 60 * t, 230 - 10 * t];
      row.set([r, g, b].map(Math.round), 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** Distinct colours of a PNG screenshot (8-bit RGB or RGBA, not interlaced), leaving out a `margin` px frame. */
function coloursOf(png: Buffer, margin: number): Set<string> {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const channels = png[25] === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const byte = raw[y * (stride + 1) + 1 + x];
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const corner = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const paeth = () => {
        const p = left + up - corner;
        const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
        return a <= b && a <= c ? left : b <= c ? up : corner;
      };
      const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter];
      pixels[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  const colours = new Set<string>();
  for (let y = margin; y < height - margin; y += 1) {
    for (let x = margin; x < width - margin; x += 1) colours.add(pixels.subarray(y * stride + x * channels, y * stride + (x + 1) * channels).toString('hex'));
  }
  return colours;
}

// Generous: a shared two-core machine runs Chromium beside other suites.
describe.skipIf(!hasChromium)('pages in headless Chromium', { timeout: 120_000 }, () => {
  let outDir: string;
  let site: LoopbackServer;
  let images: LoopbackServer;
  let browser: Browser;
  let renderNow: Date;
  const hour = 3_600_000;

  beforeAll(async () => {
    outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'feedloom-pages-'));
    images = await startLoopbackServer((req, res) => {
      if (req.url === '/missing.png') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    });
    site = await startLoopbackServer(async (req, res) => {
      const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      const file = path.join(outDir, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
      if (!file.startsWith(outDir)) return void res.writeHead(403).end();
      try {
        const body = await fs.readFile(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    });
    // Rendered a day ago: the ages in the HTML are stale, and age.js must bring them up to date.
    const realNow = Date.now();
    renderNow = new Date(realNow - 24 * hour);
    const sources = makeSources(
      { id: 'wire', title: 'World Wire <script>window.__pwned = "source"</script>', categories: ['World'], link: 'http://example.org/wire/' },
      { id: 'blog', title: 'Tech Notes', categories: ['Tech'], link: 'http://example.org/blog/' },
    );
    const at = (hoursAgo: number) => new Date(realNow - hoursAgo * hour).toISOString();
    const items = [
      storedItem({
        ...shownStory,
        sourceId: 'wire',
        slug: 'harbour-reopens',
        title: 'Harbour reopens after the storm <script>window.__pwned = "title"</script>',
        author: 'Ann Writer <img src=x onerror="window.__pwned=\'author\'">',
        date: at(25),
        firstSeenAt: at(25),
        canonicalLink: 'http://example.org/wire/harbour',
        excerpt: 'The harbour reopened on Tuesday after crews cleared the debris left by the storm.',
        summary: null,
        content: `<p>The harbour reopened on Tuesday after crews cleared the debris left by the storm.</p><figure><img src="${images.origin}/photo.png" alt="Boats in the harbour" width="640" height="360"><figcaption>The harbour at dawn.</figcaption></figure><p>Ferries resume their normal timetable next week, the port authority said.</p><p><img src="${images.origin}/missing.png" alt="A photo that is gone"></p><blockquote>“We are back,” said the harbour master.</blockquote>`,
        alsoCarriedBy: [{ sourceId: 'blog', itemKey: 'b', link: 'http://example.org/blog/harbour?utm_source=rss', title: 'Harbour' }],
        rights: '© 2026 The Wire Ltd',
      }),
      // Its thumbnail answers 404: the card must collapse it, not show a broken image.
      storedItem({ ...shownStory, sourceId: 'blog', slug: 'new-compiler', title: 'A faster compiler, measured', canonicalLink: 'http://example.org/blog/compiler', date: at(26), firstSeenAt: at(26), content: null, summary: '<p>We measured the new compiler on three codebases.</p>', excerpt: 'We measured the new compiler on three codebases.', thumbnail: `${images.origin}/missing.png` }),
      ...Array.from({ length: 5 }, (_, i) =>
        storedItem({ ...shownStory, sourceId: 'wire', slug: `wire-brief-${i}`, title: `Wire brief ${i + 1}: markets, weather and sport`, date: at(30 + i * 24), firstSeenAt: at(30 + i * 24), excerpt: 'A short brief from the wire with the main points of the day.' }),
      ),
    ];
    const config = makeConfig({ site: { title: 'Loom News', url: `${site.origin}/`, description: 'World and tech news, gathered.' }, output: { pages: true, pageSize: 4 } });
    await writeOutputs(outDir, renderOutputs({ items, sources, config, now: renderNow }));
    await fs.mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await images?.close();
    if (outDir) await fs.rm(outDir, { recursive: true, force: true });
  });

  interface Visit {
    page: Page;
    context: BrowserContext;
    consoleErrors: string[];
    outside: string[];
    requested: string[];
  }

  async function visit(urlPath: string, width: number, options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Visit> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      colorScheme: options.colorScheme ?? 'light',
    });
    const outside: string[] = [];
    const requested: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      requested.push(url.href);
      if (url.hostname === '127.0.0.1') return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      // The one image meant to fail (missing.png) is the test's doing, not the page's.
      if (message.type() === 'error' && !message.location().url.endsWith('/missing.png')) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    await page.goto(`${site.origin}/${urlPath}`, { waitUntil: 'load' });
    return { page, context, consoleErrors, outside, requested };
  }

  it('article page loads with no console error, no request beyond 127.0.0.1, and no planted script runs', async () => {
    const { page, context, consoleErrors, outside, requested } = await visit('posts/harbour-reopens.html', 1280);
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
    expect(requested).toContain(`${images.origin}/photo.png`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).toBeNull();
    expect(await page.locator('h1').innerText()).toBe('Harbour reopens after the storm <script>window.__pwned = "title"</script>');
    expect(await page.locator('img[alt="Boats in the harbour"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
    // An article image that fails collapses too (images.js), instead of a broken icon with its alt text.
    await expect.poll(() => page.locator('img[alt="A photo that is gone"]').evaluate((img: HTMLImageElement) => img.hidden)).toBe(true);
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe('http://example.org/wire/harbour');
    expect(await page.locator('.credits').innerText()).toContain('Also published by Tech Notes');
    expect(await page.locator('.credits p').first().innerText()).toBe('Published by World Wire <script>window.__pwned = "source"</script> · © 2026 The Wire Ltd');
    expect(await page.locator('.credits a', { hasText: 'Tech Notes' }).getAttribute('href')).toBe('http://example.org/blog/harbour');
    await page.screenshot({ path: path.join(ARTIFACTS, 'article-desktop.png'), fullPage: true });
    await context.close();
  });

  it('the sidebar shows the expected Recent Posts, and age.js refreshes ages rendered a day earlier', async () => {
    const { page, context, consoleErrors } = await visit('posts/harbour-reopens.html', 390);
    const titles = await page.locator('.sidebar .recent h3').allInnerTexts();
    // The article itself is left out; perSourceCap 3: the wire's flood of briefs yields to the blog's post.
    expect(titles).toEqual(['A faster compiler, measured', 'Wire brief 1: markets, weather and sport', 'Wire brief 2: markets, weather and sport']);
    await expect.poll(() => page.locator('.sidebar time').allInnerTexts()).toEqual(['1 day ago', '1 day ago', '2 days ago']);
    const stale = await (await fs.readFile(path.join(outDir, 'posts', 'harbour-reopens.html'), 'utf8')).match(/data-age>([^<]+)<\/time>/)?.[1];
    expect(stale).toBe('1 hour ago');
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'article-phone.png'), fullPage: true });
    await context.close();
  });

  it('without script the exact date shows', async () => {
    const { page, context } = await visit('posts/new-compiler.html', 1280, { javaScriptEnabled: false });
    expect(await page.locator('.byline').innerText(), 'the byline shows the exact date and the age rendered with it').toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC \(2 hours ago\)/);
    const sidebarMeta = await page.locator('.sidebar .meta').allInnerTexts();
    expect(sidebarMeta[0]).toMatch(/ago \(\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC\)$/);
    expect(await page.locator('.read-original a').getAttribute('href')).toBe('http://example.org/blog/compiler');
    await context.close();
  });

  it('index is paginated, discovers the feeds, and renders cleanly at phone and desktop widths', async () => {
    for (const width of [390, 1280]) {
      const { page, context, consoleErrors, outside } = await visit('index.html', width);
      expect(consoleErrors).toEqual([]);
      expect(outside).toEqual([]);
      expect(await page.locator('.posts > li').count()).toBe(4);
      expect(await page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((link) => link.getAttribute('type')))).toEqual([
        'application/rss+xml',
        'application/atom+xml',
        'application/feed+json',
      ]);
      // No horizontal scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `index-${width === 390 ? 'phone' : 'desktop'}.png`), fullPage: true });
      await page.locator('a[rel="next"]').click();
      await page.waitForURL(/page\/2\.html$/);
      expect(await page.locator('.posts > li').count()).toBe(3);
      expect(consoleErrors).toEqual([]);
      await context.close();
    }
  });

  it('follows the reader\'s dark colour scheme', async () => {
    const { page, context, consoleErrors } = await visit('posts/harbour-reopens.html', 1280, { colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 26)');
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'article-desktop-dark.png'), fullPage: true });
    await context.close();
  });

  it('category page lists only its sources\' posts', async () => {
    const { page, context, consoleErrors } = await visit('category/tech/index.html', 1280);
    expect(await page.locator('h1').innerText()).toBe('Tech');
    expect(await page.locator('.posts h2').allInnerTexts()).toEqual(['Harbour reopens after the storm <script>window.__pwned = "title"</script>', 'A faster compiler, measured']);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('index cards show their categories and thumbnails at phone and desktop widths; a thumbnail that fails collapses', async () => {
    for (const width of [390, 1280]) {
      const { page, context, consoleErrors, outside, requested } = await visit('index.html', width);
      const harbour = page.locator('.card', { has: page.locator('a[href="posts/harbour-reopens.html"]') });
      expect(await harbour.locator('.categories a').allInnerTexts()).toEqual(['TECH', 'WORLD']);
      const thumb = harbour.locator('.thumb img');
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
      expect(await thumb.evaluate((img: HTMLImageElement) => [img.getAttribute('width'), img.getAttribute('height')])).toEqual(['160', '120']);
      const box = await thumb.boundingBox();
      // 6rem × 4.5rem on a phone, 8rem × 6rem from 48rem up.
      expect([Math.round(box!.width), Math.round(box!.height)]).toEqual(width === 390 ? [96, 72] : [128, 96]);
      const compiler = page.locator('.card', { has: page.locator('a[href="posts/new-compiler.html"]') });
      await expect.poll(() => compiler.locator('.thumb').evaluate((element: HTMLElement) => element.hidden)).toBe(true);
      expect(await compiler.locator('.thumb').boundingBox()).toBeNull();
      expect(requested).toContain(`${images.origin}/missing.png`);
      expect(await compiler.locator('.categories a').allInnerTexts()).toEqual(['TECH']);
      expect(consoleErrors).toEqual([]);
      expect(outside).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `index-cards-${width === 390 ? 'phone' : 'desktop'}.png`), fullPage: true });
      await context.close();
    }
  });

  it('without script a thumbnail that fails shows no broken-image icon: CSS covers it', async () => {
    const { page, context } = await visit('index.html', 390, { javaScriptEnabled: false });
    const compiler = page.locator('.card', { has: page.locator('a[href="posts/new-compiler.html"]') });
    const thumb = compiler.locator('.thumb img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete)).toBe(true);
    expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0);
    // Chromium draws a broken-image icon even for alt=""; the stylesheet's ::after leaves one flat colour.
    const shot = await thumb.screenshot({ path: path.join(ARTIFACTS, 'thumb-broken-no-script.png') });
    expect(coloursOf(shot, 4).size).toBe(1);
    await context.close();
  });

  it('recent.html has the site header, navigation and footer at phone and desktop widths', async () => {
    for (const width of [390, 1280]) {
      const { page, context, consoleErrors, outside } = await visit('recent.html', width);
      expect(await page.locator('.site-header .site-title').innerText()).toBe('Loom News');
      expect(await page.locator('.site-header nav a').allInnerTexts()).toEqual(['Tech', 'World']);
      expect(await page.locator('.site-footer').innerText()).toContain('Recent Posts');
      expect(await page.locator('main h1').innerText()).toBe('Recent Posts');
      expect(await page.locator('.recent-page h2').count()).toBe(4);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui');
      expect(consoleErrors).toEqual([]);
      expect(outside).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `recent-${width === 390 ? 'phone' : 'desktop'}.png`), fullPage: true });
      await page.locator('.recent-page h2 a').first().click();
      await page.waitForURL(/posts\/harbour-reopens\.html$/);
      await context.close();
    }
  });

  it('the article sidebar leaves the article out at desktop width too', async () => {
    const { page, context } = await visit('posts/new-compiler.html', 1280);
    const titles = await page.locator('.sidebar .recent h3').allInnerTexts();
    expect(titles).not.toContain('A faster compiler, measured');
    expect(titles[0]).toBe('Harbour reopens after the storm <script>window.__pwned = "title"</script>');
    await context.close();
  });
});
