/**
 * Issue 14, defect 1: credentials in a source URL are used (HTTP Basic auth; per-source headers
 * with env: values) and never printed, logged or published. Through the real CLI against a loopback
 * server; every file the run writes and every line it prints is searched for the secrets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject, type CliResult } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

const SECRETS = ['alice', 'S3cr3tPass', 'SECRETKEY1', 'SECRETKEY2', 'T0kenFromEnv', 'CUSTOMSECRET'];
const BASIC = `Basic ${Buffer.from('alice:S3cr3tPass').toString('base64')}`;

const feed = (title: string, guid: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://site.example/${guid}</link><description>d</description>
<item><guid isPermaLink="false">${guid}</guid><title>${title} story</title><link>https://site.example/${guid}/1</link><pubDate>Fri, 27 Nov 2026 09:00:00 GMT</pubDate><description>Body.</description></item>
</channel></rss>`;

let server: LoopbackServer;
let project: { dir: string; configPath: string };
let run: CliResult;
let table: CliResult;

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const ok = (body: string) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(body);
    };
    if (req.url?.startsWith('/basic') && req.headers.authorization === BASIC) return ok(feed('Basic', 'b1'));
    if (req.url === '/header' && req.headers['x-feed-token'] === 'T0kenFromEnv') return ok(feed('Header', 'h1'));
    res.writeHead(req.url?.startsWith('/broken') ? 500 : 401, { 'Content-Type': 'text/plain' });
    res.end('no');
  });
  const at = server.origin.replace('http://', '');
  project = tempProject({
    site: { title: 'Secrets', url: 'http://127.0.0.1/' },
    fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0, timeoutMs: 3000 },
    output: { pages: true, secretParams: ['custom'] },
    sources: [
      { id: 'basic', url: `http://alice:S3cr3tPass@${at}/basic?api_key=SECRETKEY1&page=2` },
      { id: 'header', url: `${server.origin}/header`, headers: { 'X-Feed-Token': 'env:FEEDS_TOKEN' } },
      { id: 'broken', url: `http://alice:S3cr3tPass@${at}/broken?token=SECRETKEY2&custom=CUSTOMSECRET` },
    ],
  });
  const env = { FEEDS_TOKEN: 'T0kenFromEnv' };
  run = await runCli(['run', '--config', project.configPath, '--force'], { env });
  table = await runCli(['status', '--config', project.configPath], { env });
});

afterAll(async () => {
  await server.close();
});

describe('credentials in source URLs (issue 14)', () => {
  it('sends userinfo as HTTP Basic auth and env: headers, to the source only', () => {
    expect(run.stderr).not.toMatch(/E_INTERNAL/);
    expect(server.requests.find((r) => r.url.startsWith('/basic'))?.headers.authorization).toBe(BASIC);
    expect(server.requests.find((r) => r.url === '/header')?.headers['x-feed-token']).toBe('T0kenFromEnv');
    const feedJson = JSON.parse(readFileSync(path.join(project.dir, 'out', 'feed.json'), 'utf8')) as { items: Array<{ title: string }> };
    expect(feedJson.items.map((item) => item.title).sort()).toEqual(['Basic story', 'Header story']);
  });

  it('no output file, log line or status table names a password, key or token', () => {
    // The store keeps the URL it fetches (like the config it came from); what is published must not.
    const files = [...allFiles(path.join(project.dir, 'out')), ...allFiles(path.join(project.dir, 'data', 'status'))];
    expect(files.some((file) => file.endsWith('sources.opml'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const secret of SECRETS) expect(text.includes(secret), `${secret} in ${path.relative(project.dir, file)}`).toBe(false);
    }
    for (const output of [run.stdout, run.stderr, table.stdout, table.stderr]) {
      for (const secret of SECRETS) expect(output).not.toContain(secret);
    }
    // The failing source is still named, redacted, so the operator can tell which URL failed.
    expect(table.stdout + JSON.stringify(readFileSync(path.join(project.dir, 'data', 'status', 'status.json'), 'utf8'))).toContain('token=***');
  });

  it('a missing env var is a config error naming the key, before any fetch', async () => {
    const before = server.requests.length;
    const result = await runCli(['run', '--config', project.configPath, '--force'], { env: { FEEDS_TOKEN: '' } });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('sources[1].headers.X-Feed-Token');
    expect(result.stderr).toContain('FEEDS_TOKEN');
    expect(server.requests.length).toBe(before);
  });
});
