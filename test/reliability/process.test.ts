/**
 * Process-level rows of RELIABILITY.md through the real CLI: R46 (two runs at once), R49 (bad
 * config refused before any network I/O), R50 (one bad feed among many, and the run budget).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const feed = (title: string, n: number) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://${title}.example/</link>${Array.from(
  { length: n },
  (_, i) => `<item><guid>${title}-${i}</guid><title>${title} story ${i}</title><link>https://${title}.example/${i}</link><pubDate>Wed, 25 Nov 2026 ${String(10 + (i % 10)).padStart(2, '0')}:00:00 GMT</pubDate><description>Text ${i} of ${title}.</description></item>`,
).join('')}</channel></rss>`;

let server: LoopbackServer;
const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/ok.xml') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(feed('okfeed', 3));
    } else if (url === '/hang-headers') {
      // Never answers.
    } else if (url === '/slow-body') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel>');
      const timer = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(timer));
    } else if (url === '/gzip-bomb') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' });
      res.end(bomb);
    } else if (url === '/410') {
      res.writeHead(410);
      res.end('gone');
    } else if (url === '/xss.xml') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(
        `<rss version="2.0"><channel><title>x</title><link>https://xss.example/</link><item><guid>x1</guid><title>&lt;script&gt;alert(1)&lt;/script&gt;Hello</title><link>javascript:alert(1)</link><description>&lt;img src=x onerror=alert(1)&gt;&lt;p&gt;Kept text&lt;/p&gt;</description></item></channel></rss>`,
      );
    } else {
      res.writeHead(404);
      res.end();
    }
  });
});

afterAll(async () => server?.close());

describe('process and config rows', () => {
  it('R49 a config with typos exits 78 before any network I/O, listing every problem', async () => {
    const before = server.requests.length;
    const project = tempProject({
      fetch: { fetchTimout: 5, allow: [server.hostPort] },
      schedule: { cron: 'sometimes' },
      sources: [
        { id: 'a', url: `${server.origin}/ok.xml` },
        { id: 'b', url: `${server.origin}/ok.xml/` },
        { id: 'c', url: 'gopher://old.example/feed' },
      ],
    });
    const result = await runCli(['run', '--config', project.configPath]);
    expect(result.code).toBe(78);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('fetch.fetchTimout: unknown key (did you mean "timeoutMs"?)');
    expect(result.stderr).toContain('schedule.cron');
    expect(result.stderr).toContain('sources[1].url: the same feed as sources[0]');
    expect(result.stderr).toContain('sources[2].url: must be an http(s) URL or a file path');
    expect(server.requests.length).toBe(before);
    const check = await runCli(['check', '--config', project.configPath]);
    expect(check.code).toBe(78);
    expect(check.stderr).toBe(result.stderr);
  });

  it('R46 a second run while one holds the lock exits 75 naming the holder; nothing is lost', async () => {
    const project = tempProject({
      fetch: { allow: [server.hostPort], timeoutMs: 4000, retries: 0, hostGapMs: 0, perHostConcurrency: 4 },
      sources: [
        { id: 'ok', url: `${server.origin}/ok.xml` },
        { id: 'slow', url: `${server.origin}/slow-body` },
      ],
    });
    const first = runCli(['run', '--config', project.configPath]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await runCli(['run', '--config', project.configPath]);
    expect(second.code).toBe(75);
    expect(second.stderr).toMatch(/^E_LOCKED: .*another run \(pid \d+, started [0-9T:.-]+Z?\) holds .*lock/m);
    const firstResult = await first;
    expect(firstResult.code).toBe(0);
    const third = await runCli(['run', '--config', project.configPath, '--force', '--log-format', 'json']);
    expect(third.code).toBe(0);
    const feedXml = readFileSync(path.join(project.dir, 'out', 'feed.xml'), 'utf8');
    expect(feedXml).toContain('okfeed story 2');
  });

  it('R50 one bad feed among many: hang, bomb, 410 and XSS do not stop the good one, and the budget holds', async () => {
    const project = tempProject({
      fetch: { allow: [server.hostPort], timeoutMs: 5000, connectTimeoutMs: 1000, retries: 0, hostGapMs: 0, perHostConcurrency: 6 },
      sources: [
        { id: 'ok', url: `${server.origin}/ok.xml` },
        { id: 'hang', url: `${server.origin}/hang-headers` },
        { id: 'bomb', url: `${server.origin}/gzip-bomb` },
        { id: 'gone', url: `${server.origin}/410` },
        { id: 'xss', url: `${server.origin}/xss.xml` },
      ],
    });
    const result = await runCli(['run', '--config', project.configPath, '--log-format', 'json']);
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(25_000);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!).summary;
    expect(summary.sources).toMatchObject({ ok: 2, failed: 3 });
    const status = JSON.parse((await runCli(['status', '--config', project.configPath, '--json'])).stdout);
    const rows = Object.fromEntries(status.sources.map((row: { id: string }) => [row.id, row]));
    expect(rows.hang.lastError.code).toBe('E_TIMEOUT');
    expect(rows.bomb.lastError.code).toBe('E_TOO_LARGE');
    expect(rows.gone.state).toBe('gone');
    expect(rows.ok.state).toBe('ok');
    const json = JSON.parse(readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8'));
    expect(JSON.stringify(json)).toContain('okfeed story 0');
    const xss = json.items.find((entry: { content_html?: string }) => entry.content_html?.includes('Kept text'));
    expect(xss).toBeTruthy();
    // HTML fields are sanitised; the title is plain text (the escaped markup stays literal text, as
    // the reference parser reads it) and every XML output escapes it.
    expect(`${xss.content_html} ${xss.summary ?? ''}`).not.toMatch(/onerror|<script|javascript:/i);
    expect(xss.url ?? '').not.toMatch(/javascript:/i);
    const rss = readFileSync(path.join(project.dir, 'out', 'feed.xml'), 'utf8');
    expect(rss).not.toMatch(/onerror|<script|javascript:/i);
  });

  it('R50 a run that exceeds its budget stops the remaining fetches and still publishes from the store', async () => {
    const project = tempProject({
      fetch: { allow: [server.hostPort], timeoutMs: 30_000, retries: 0, hostGapMs: 0, concurrency: 1, perHostConcurrency: 1, runBudgetMs: 1500 },
      sources: [
        { id: 'hang', url: `${server.origin}/hang-headers` },
        { id: 'ok', url: `${server.origin}/ok.xml` },
      ],
    });
    // The ok source is fetched first into the store by a run without the hanging one.
    const seed = JSON.parse(readFileSync(project.configPath, 'utf8'));
    writeFileSync(project.configPath, JSON.stringify({ ...seed, sources: [seed.sources[1]] }));
    expect((await runCli(['run', '--config', project.configPath])).code).toBe(0);
    writeFileSync(project.configPath, JSON.stringify({ ...seed, output: { items: 10 } }));
    const result = await runCli(['run', '--config', project.configPath, '--force', '--log-format', 'json']);
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(15_000);
    expect(result.stderr).toMatch(/budget|E_TIMEOUT|E_BUDGET/);
    const json = readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8');
    expect(json).toContain('okfeed story 1');
  });
});
