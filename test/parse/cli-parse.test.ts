/**
 * `feedloom parse` as users run it: a child process over the built dist/ (npm test builds it in
 * pretest). URLs go only to a loopback server started here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>CLI feed</title><link>http://example.org/</link>
<item><title>One</title><link>http://example.org/1</link><pubDate>Sat, 13 Dec 2003 18:30:02 GMT</pubDate></item></channel></rss>`;
const HTML = '<!DOCTYPE html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>';

describe('feedloom parse (child process)', () => {
  let dir: string;
  let server: LoopbackServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'feedloom-parse-'));
    writeFileSync(path.join(dir, 'feed.xml'), FEED);
    writeFileSync(path.join(dir, 'page.html'), HTML);
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(FEED);
      } else {
        res.writeHead(404);
        res.end('nope');
      }
    });
  });
  afterAll(() => server.close());

  it('R21 exits 2 with one stderr line and empty stdout for an HTML page', async () => {
    const result = await runCli(['parse', path.join(dir, 'page.html'), '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^E_NOT_A_FEED: /);
  });

  it('prints the contract JSON for a feed file with --json', async () => {
    const result = await runCli(['parse', path.join(dir, 'feed.xml'), '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ format: 'rss2.0', title: 'CLI feed', link: 'http://example.org/' });
    expect(json.items[0]).toMatchObject({ title: 'One', published: '2003-12-13T18:30:02.000Z' });
  });

  it('prints a short human summary without --json', async () => {
    const result = await runCli(['parse', path.join(dir, 'feed.xml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/format:\s+rss2\.0/);
    expect(result.stdout).toMatch(/items:\s+1/);
    expect(result.stdout).toContain('2003-12-13T18:30:02.000Z  One  http://example.org/1');
  });

  it('R23 fetches a URL (allowed loopback) and sniffs the feed whatever its content type', async () => {
    const result = await runCli(['parse', `${server.origin}/feed`, '--json', '--allow', server.hostPort]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).title).toBe('CLI feed');
  });

  it('exits 3 with the error code first when the URL answers 404', async () => {
    const result = await runCli(['parse', `${server.origin}/missing`, '--json', '--allow', server.hostPort]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^E_[A-Z_]+: /);
  });

  it('exits 3 when the fetch policy refuses a loopback address that was not allowed', async () => {
    const result = await runCli(['parse', `${server.origin}/feed`, '--json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^E_PRIVATE_ADDRESS: /);
  });

  it('refuses an unknown option', async () => {
    const result = await runCli(['parse', '--jsn', path.join(dir, 'feed.xml')]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/^E_USAGE: unknown option --jsn/);
  });
});
