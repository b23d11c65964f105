/**
 * `feedloom serve` as a child process over a real out/ written by `feedloom run`: content types,
 * validators and 304s, compression, HEAD, directory indexes, and every way out of out/ refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempProject } from '../helpers/cli.js';
import { rssFeed } from './ops-kit.js';

let child: ChildProcess;
let origin: string;
let project: { dir: string; configPath: string };

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: the path goes out exactly as written (no URL normalisation of `..`). */
function request(rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const items = Array.from({ length: 6 }, (_, n) => ({
    guid: `g${n}`,
    title: `Story number ${n} about the harbour`,
    link: `https://local.example/${n}`,
    date: `2026-11-2${n}T09:00:00Z`,
  }));
  project = tempProject(
    { site: { title: 'Served', url: 'http://127.0.0.1:8080/' }, output: { pages: true }, sources: [{ id: 'local', url: 'local.xml', category: 'World' }] },
    { 'local.xml': rssFeed('Local', 'https://local.example/', items), 'secret.txt': 'outside out/' },
  );
  const run = await runCli(['run', '--config', project.configPath]);
  expect(run.code).toBe(0);
  const out = path.join(project.dir, 'out');
  symlinkSync(path.join(project.dir, 'secret.txt'), path.join(out, 'link-out.txt'));
  symlinkSync(project.dir, path.join(out, 'dir-out'));
  mkdirSync(path.join(out, 'empty-dir'));
  writeFileSync(path.join(out, 'empty-dir', 'note.txt'), 'no index here');

  child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--config', project.configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  origin = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk) => {
      text += chunk;
      const match = /on (http:\/\/[^\s]+)\//.exec(text);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
  });
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('feedloom serve', { timeout: 120_000 }, () => {
  it('binds 127.0.0.1 by default', () => {
    expect(new URL(origin).hostname).toBe('127.0.0.1');
  });

  it('serves every output with its content type', async () => {
    const types: Record<string, RegExp> = {
      '/feed.xml': /^application\/rss\+xml/,
      '/atom.xml': /^application\/atom\+xml/,
      '/feed.json': /^application\/feed\+json/,
      '/category/world/feed.xml': /^application\/rss\+xml/,
      '/index.html': /^text\/html/,
      '/style.css': /^text\/css/,
      '/sources.opml': /^text\/x-opml/,
      '/recent.md': /^text\/markdown/,
    };
    for (const [file, type] of Object.entries(types)) {
      const answer = await request(file);
      expect(answer.status, file).toBe(200);
      expect(answer.headers['content-type'], file).toMatch(type);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends each page its own meta Content-Security-Policy as a header, with framing refused, and a strict one for feeds', async () => {
    for (const page of ['/', '/recent.html']) {
      const answer = await request(page);
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(answer.body.toString('utf8'))?.[1];
      expect(meta, page).toBeTruthy();
      expect(answer.headers['content-security-policy'], page).toBe(`${meta}; frame-ancestors 'none'`);
      expect(answer.headers['referrer-policy'], page).toBe('no-referrer');
      expect(answer.headers['x-content-type-options'], page).toBe('nosniff');
    }
    const feed = await request('/feed.xml');
    expect(feed.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    // Compressed answers carry the policy of the same page.
    const compressed = await request('/', { headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(compressed.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers 304 to a matching strong ETag or to If-Modified-Since, and 200 with a changed one', async () => {
    const first = await request('/feed.xml');
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['last-modified']).toBeDefined();
    const again = await request('/feed.xml', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect((await request('/feed.xml', { headers: { 'If-None-Match': `"other", ${etag}` } })).status).toBe(304);
    expect((await request('/feed.xml', { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
    expect((await request('/feed.xml', { headers: { 'If-Modified-Since': first.headers['last-modified']! } })).status).toBe(304);
    expect((await request('/feed.xml', { headers: { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' } })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    expect((await request('/feed.xml', { headers: { 'If-None-Match': '"other"', 'If-Modified-Since': first.headers['last-modified']! } })).status).toBe(200);
  });

  it('compresses with brotli or gzip as the client prefers, each with its own ETag', async () => {
    const plain = await request('/feed.xml');
    const br = await request('/feed.xml', { headers: { 'Accept-Encoding': 'gzip;q=0.5, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await request('/feed.xml', { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(new Set([plain.headers.etag, br.headers.etag, gzip.headers.etag]).size).toBe(3);
    const none = await request('/feed.xml', { headers: { 'Accept-Encoding': 'identity' } });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect((await request('/feed.xml', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag! } })).status).toBe(304);
  });

  it('answers HEAD with the headers of GET and no body; refuses other methods with 405', async () => {
    const get = await request('/atom.xml');
    const head = await request('/atom.xml', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(get.body.length));
    expect(head.headers.etag).toBe(get.headers.etag);
    const post = await request('/feed.xml', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('serves index.html for a directory, redirects a directory without its slash, and never lists one', async () => {
    const root = await request('/');
    expect(root.status).toBe(200);
    expect(root.body.toString()).toContain('Served');
    const category = await request('/category/world');
    expect(category.status).toBe(301);
    expect(category.headers.location).toBe('/category/world/');
    expect((await request('/category/world/')).status).toBe(200);
    const noIndex = await request('/empty-dir/');
    expect(noIndex.status).toBe(404);
    expect(noIndex.body.toString()).not.toContain('note.txt');
    expect((await request('/missing.xml')).status).toBe(404);
  });

  it('never leaves out/: .., encoded %2e%2e and %2f, backslashes, absolute paths, dotfiles and symlinks out', async () => {
    const attempts = [
      '/../secret.txt',
      '/../feeds.config.json',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2E%2E/etc/passwd',
      '/category/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '//etc/passwd',
      `/${encodeURIComponent(path.join(project.dir, 'secret.txt'))}`,
      '/.feedloom-manifest.json',
      '/link-out.txt',
      '/dir-out/secret.txt',
      '/dir-out/feeds.config.json',
      '/feed.xml%00.html',
    ];
    for (const attempt of attempts) {
      const answer = await request(attempt);
      expect([400, 404], attempt).toContain(answer.status);
      expect(answer.body.toString(), attempt).not.toContain('outside out/');
      expect(answer.body.toString(), attempt).not.toContain('"sources"');
    }
    expect((await request('/%E0%A4%A')).status).toBe(400);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('feedloom serve --watch', { timeout: 120_000 }, () => {
  it('runs a cycle at once in the same process and serves what it wrote', async () => {
    const { startRoutedServer } = await import('./ops-kit.js');
    const feedServer = await startRoutedServer({});
    feedServer.routes['/watched.xml'] = { body: rssFeed('Watched', 'https://watched.example/', [{ guid: 'v1', title: 'Watched story arrives', link: 'https://watched.example/1', date: '2026-11-27T09:00:00Z' }]) };
    const watched = tempProject({
      site: { title: 'Watched' },
      fetch: { allow: [feedServer.hostPort], retries: 0 },
      schedule: { cron: '0 0 1 1 *' },
      sources: [{ id: 'watched', url: `${feedServer.origin}/watched.xml` }],
    });
    const server = spawn(process.execPath, [CLI, 'serve', '--watch', '--port', '0', '--config', watched.configPath, '--log-format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let text = '';
      server.stdout!.on('data', (chunk) => (text += chunk));
      // The first cycle prints its summary; the server announced itself before that.
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => text.includes('outputs:') && (clearInterval(timer), resolve()), 50);
        server.on('exit', (code) => reject(new Error(`serve --watch exited early with ${code}`)));
      });
      origin = /on (http:\/\/[^\s]+)\//.exec(text)![1];
      const feed = await request('/feed.xml');
      expect(feed.status).toBe(200);
      expect(feed.body.toString()).toContain('Watched story arrives');
      expect(feedServer.requests.map((entry) => entry.url)).toEqual(['/watched.xml']);
      const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      await feedServer.close();
    }
  });
});
