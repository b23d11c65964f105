/**
 * The whole pipeline through the real CLI against a loopback feed server: conditional GET, a
 * redirect, a 500, a windows-1251 feed, a response slower than the deadline, cross-source
 * duplicates, filters, and outputs read back with an independent feed parser.
 */
import { readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const rss = (title: string, items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://site.example/</link><description>d</description>${items}</channel></rss>`;
const rssItem = (guid: string, title: string, link: string, date: string, body = 'Body text of the article.') =>
  `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>${link}</link><pubDate>${date}</pubDate><description>${body}</description></item>`;

const ETAG_FEED = rss(
  'Conditional News',
  rssItem('c1', 'Harbour reopens after storm repairs', 'https://news.example/harbour?utm_source=rss', 'Fri, 27 Nov 2026 09:00:00 GMT') +
    rssItem('c2', 'Library extends opening hours', 'https://news.example/library', 'Thu, 26 Nov 2026 09:00:00 GMT') +
    rssItem('c3', 'Win big at the online casino tonight', 'https://news.example/promo', 'Thu, 26 Nov 2026 08:00:00 GMT'),
);
const MOVED_FEED = rss(
  'Second Paper',
  rssItem('s1', 'Harbour reopens after repairs to storm damage', 'https://news.example/harbour?fbclid=xyz', 'Fri, 27 Nov 2026 10:00:00 GMT') +
    rssItem('s2', 'Council approves new cycle lanes', 'https://second.example/cycle-lanes', 'Wed, 25 Nov 2026 12:00:00 GMT'),
);
const CYRILLIC_TITLE = 'Новости науки: открыт новый вид бабочек';
const CP1251_FEED = iconv.encode(
  `<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel><title>Научные новости</title><link>https://nauka.example/</link><description>Новости</description>${rssItem(
    'n1',
    CYRILLIC_TITLE,
    'https://nauka.example/babochki',
    'Tue, 24 Nov 2026 07:00:00 GMT',
    'Учёные описали новый вид бабочек в горах Алтая.',
  )}</channel></rss>`,
  'windows-1251',
);

let server: LoopbackServer;
let project: { dir: string; configPath: string };
let etagRequests: Array<string | undefined> = [];
let etag304s = 0;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    switch (req.url) {
      case '/conditional.xml': {
        etagRequests.push(req.headers['if-none-match'] as string | undefined);
        if (req.headers['if-none-match'] === '"v1"') {
          etag304s += 1;
          res.writeHead(304, { ETag: '"v1"' });
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"', 'Last-Modified': 'Fri, 27 Nov 2026 09:00:00 GMT' });
        res.end(ETAG_FEED);
        return;
      }
      case '/old-location.xml':
        res.writeHead(302, { Location: '/new-location.xml' });
        res.end();
        return;
      case '/new-location.xml':
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        res.end(MOVED_FEED);
        return;
      case '/broken.xml':
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('internal error');
        return;
      case '/cp1251.xml':
        res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=windows-1251' });
        res.end(CP1251_FEED);
        return;
      case '/slow.xml':
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
        // Never finishes: the total deadline has to cut it off.
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
  const source = (id: string, file: string, category: string) => ({ id, url: `${server.origin}/${file}`, category });
  project = tempProject({
    site: { title: 'E2E', url: 'http://127.0.0.1/' },
    fetch: { allow: [server.hostPort], timeoutMs: 1500, connectTimeoutMs: 1000, retries: 0, hostGapMs: 0, perHostConcurrency: 5 },
    output: { pages: false },
    filters: { exclude: ['casino'] },
    sources: [
      { ...source('conditional', 'conditional.xml', 'News'), priority: 5 },
      source('second', 'old-location.xml', 'News'),
      source('broken', 'broken.xml', 'News'),
      source('nauka', 'cp1251.xml', 'Science'),
      source('slow', 'slow.xml', 'Science'),
    ],
  });
});

afterAll(async () => {
  await server?.close();
});

const out = (...parts: string[]) => path.join(project.dir, 'out', ...parts);

describe('feedloom run end to end', () => {
  let firstRun: Awaited<ReturnType<typeof runCli>>;

  it('a cycle completes with failing sources recorded, not fatal, and the deadline holds', async () => {
    firstRun = await runCli(['run', '--config', project.configPath, '--log-format', 'json']);
    expect(firstRun.stderr).toContain('E_HTTP_STATUS');
    expect(firstRun.stderr).toContain('E_TIMEOUT');
    expect(firstRun.code).toBe(0);
    // The slow source is cut off at its 1.5 s deadline, not left hanging.
    expect(firstRun.ms).toBeLessThan(15_000);
    const summary = JSON.parse(firstRun.stdout.trim().split('\n').pop()!).summary;
    expect(summary.sources).toMatchObject({ ok: 3, failed: 2 });
    expect(summary.items).toMatchObject({ new: 5, filtered: 1, duplicate: 1 });
  });

  it('writes RSS, Atom and JSON Feed, combined and per category, that a feed parser reads back', async () => {
    const parser = new Parser();
    const combined = await parser.parseString(readFileSync(out('feed.xml'), 'utf8'));
    const titles = combined.items.map((item) => item.title);
    expect(titles).toContain(CYRILLIC_TITLE);
    expect(titles).toContain('Council approves new cycle lanes');
    // The duplicate story appears once, the excluded item not at all.
    expect(titles.filter((title) => title?.startsWith('Harbour reopens'))).toHaveLength(1);
    expect(titles.some((title) => title?.includes('casino'))).toBe(false);
    // Newest first.
    const dates = combined.items.map((item) => Date.parse(item.isoDate ?? ''));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    const atom = await parser.parseString(readFileSync(out('atom.xml'), 'utf8'));
    expect(atom.items).toHaveLength(combined.items.length);
    const json = JSON.parse(readFileSync(out('feed.json'), 'utf8'));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items).toHaveLength(combined.items.length);
    const science = await parser.parseString(readFileSync(out('category', 'science', 'feed.xml'), 'utf8'));
    expect(science.items.map((item) => item.title)).toEqual([CYRILLIC_TITLE]);
    expect(existsSync(out('category', 'news', 'atom.xml'))).toBe(true);
    expect(existsSync(out('category', 'news', 'feed.json'))).toBe(true);
  });

  it('writes the Recent Posts digest as HTML, Markdown and JSON', () => {
    const digest = JSON.parse(readFileSync(out('recent.json'), 'utf8'));
    const entries = Array.isArray(digest) ? digest : digest.items ?? digest.entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(readFileSync(out('recent.html'), 'utf8')).toContain('<time datetime=');
    expect(readFileSync(out('recent.md'), 'utf8')).toContain(CYRILLIC_TITLE);
  });

  it('status shows each source with its state and error code', async () => {
    const status = await runCli(['status', '--config', project.configPath, '--json']);
    expect(status.code).toBe(0);
    const rows = Object.fromEntries(JSON.parse(status.stdout).sources.map((row: { id: string }) => [row.id, row]));
    expect(rows.conditional.state).toBe('ok');
    expect(rows.broken.state).toBe('failing');
    expect(rows.broken.lastError.code).toBe('E_HTTP_STATUS');
    expect(rows.slow.lastError.code).toBe('E_TIMEOUT');
    expect(rows.nauka.state).toBe('ok');
    const table = await runCli(['status', '--config', project.configPath]);
    expect(table.stdout).toMatch(/broken\s+failing/);
  });

  it('a second run sends validators, gets a 304, and rewrites no output file', async () => {
    const files = ['feed.xml', 'atom.xml', 'feed.json', 'recent.html', 'recent.md', 'recent.json'];
    const before = files.map((file) => statSync(out(file)).mtimeMs);
    const second = await runCli(['run', '--config', project.configPath, '--force', '--log-format', 'json']);
    expect(second.code).toBe(0);
    expect(etagRequests).toEqual([undefined, '"v1"']);
    expect(etag304s).toBe(1);
    const summary = JSON.parse(second.stdout.trim().split('\n').pop()!).summary;
    expect(summary.sources.notModified).toBe(1);
    expect(summary.items.new).toBe(0);
    expect(files.map((file) => statSync(out(file)).mtimeMs)).toEqual(before);
  });

  it('--strict exits 4 when sources failed', async () => {
    const strict = await runCli(['run', '--config', project.configPath, '--force', '--strict']);
    expect(strict.code).toBe(4);
  });
});
