/**
 * HTTP semantics as the pipeline applies them, through the real CLI: R14 (a 301 is reported and,
 * confirmed, followed), R19 (rotating ETag, unsolicited 304), R20 (an HTML error page or an empty
 * 200 never replaces stored items).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Mode</title><link>https://mode.example/</link>
<item><guid>m1</guid><title>Stored story one</title><link>https://mode.example/1</link><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>One.</description></item>
<item><guid>m2</guid><title>Stored story two</title><link>https://mode.example/2</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate><description>Two.</description></item>
</channel></rss>`;

let server: LoopbackServer;
let mode: 'feed' | 'error-page' | 'empty' | 'rotating' | 'unsolicited-304' | 'moved' = 'feed';
let rotation = 0;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    if (req.url === '/new-home.xml') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(FEED);
      return;
    }
    switch (mode) {
      case 'feed':
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        res.end(FEED);
        return;
      case 'error-page':
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!doctype html><html><head><title>Oops</title></head><body><h1>Something went wrong</h1></body></html>');
        return;
      case 'empty':
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        res.end();
        return;
      case 'rotating':
        // A new ETag every time for the same bytes: the body hash says "unchanged".
        res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: `"r${(rotation += 1)}"` });
        res.end(FEED);
        return;
      case 'unsolicited-304':
        res.writeHead(304);
        res.end();
        return;
      case 'moved':
        res.writeHead(301, { Location: '/new-home.xml' });
        res.end();
        return;
    }
  });
});

afterAll(async () => server?.close());

async function cycle(configPath: string) {
  const result = await runCli(['run', '--config', configPath, '--force', '--log-format', 'json']);
  expect(result.code).toBe(0);
  const summary = JSON.parse(result.stdout.trim().split('\n').pop()!).summary;
  const status = JSON.parse((await runCli(['status', '--config', configPath, '--json'])).stdout).sources[0];
  return { summary, status };
}

describe('HTTP semantics in the pipeline', () => {
  it('R20 an HTML error page and an empty 200 fail the source but keep its stored items published', async () => {
    mode = 'feed';
    const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0 }, sources: [{ id: 'mode', url: `${server.origin}/feed.xml` }] });
    await cycle(project.configPath);
    mode = 'error-page';
    const afterErrorPage = await cycle(project.configPath);
    expect(afterErrorPage.status.state).toBe('failing');
    expect(afterErrorPage.status.lastError.code).toBe('E_NOT_A_FEED');
    mode = 'empty';
    const afterEmpty = await cycle(project.configPath);
    expect(afterEmpty.status.lastError.code).toBe('E_EMPTY_BODY');
    const feed = readFileSync(path.join(project.dir, 'out', 'feed.xml'), 'utf8');
    expect(feed).toContain('Stored story one');
    expect(feed).toContain('Stored story two');
    mode = 'feed';
    const back = await cycle(project.configPath);
    expect(back.status.state).toBe('ok');
  });

  it('R19 a rotating ETag over identical bytes costs no parse; an unsolicited 304 is an error, never "0 items"', async () => {
    mode = 'rotating';
    const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0 }, sources: [{ id: 'mode', url: `${server.origin}/feed.xml` }] });
    const first = await cycle(project.configPath);
    expect(first.summary.items.new).toBe(2);
    const second = await cycle(project.configPath);
    expect(second.summary.sources.unchanged).toBe(1);
    expect(second.status.unchangedShare).toBe(0.5);

    mode = 'unsolicited-304';
    const fresh = tempProject({ fetch: { allow: [server.hostPort], retries: 0 }, sources: [{ id: 'mode', url: `${server.origin}/feed.xml` }] });
    const unsolicited = await cycle(fresh.configPath);
    expect(unsolicited.summary.sources.failed).toBe(1);
    expect(unsolicited.status.lastError.code).toBe('E_UNSOLICITED_304');
  });

  it('R14 a 301 is followed and reported; seen twice it moves the source and status suggests the config change', async () => {
    mode = 'moved';
    const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0 }, sources: [{ id: 'mode', url: `${server.origin}/feed.xml` }] });
    const first = await cycle(project.configPath);
    expect(first.summary.items.new).toBe(2);
    expect(first.status.fetchUrl).toBe(`${server.origin}/feed.xml`);
    const second = await cycle(project.configPath);
    expect(second.status.state).toBe('moved');
    expect(second.status.fetchUrl).toBe(`${server.origin}/new-home.xml`);
    expect(second.status.suggestion).toContain(`${server.origin}/new-home.xml`);
    const table = await runCli(['status', '--config', project.configPath]);
    expect(table.stdout).toContain('moved permanently');
    // The config file itself is never rewritten.
    expect(readFileSync(project.configPath, 'utf8')).toContain(`${server.origin}/feed.xml`);
  });
});
