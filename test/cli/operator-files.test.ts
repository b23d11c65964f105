/**
 * Issue 14 defect 4: status.json, health.xml and metrics.prom name fetch URLs, local paths and
 * error text, so they are written outside the published out/ (data/status/ by default), an older
 * version's copies are taken out of out/, a quiet run leaves out/ byte for byte as it was, and
 * `serve` shows the operator files only with --operator-files, under /_operator/, by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { rssFeed } from '../ops/ops-kit.js';

const OPERATOR_FILES = ['status.json', 'health.xml', 'metrics.prom'];
const BODY = rssFeed('The Wire', 'https://wire.example/', [
  { guid: 'w1', title: 'Harbour reopens after storm repairs', link: 'https://wire.example/harbour', date: '2026-11-27T09:00:00Z' },
  { guid: 'w2', title: 'Council approves new cycle lanes', link: 'https://wire.example/lanes', date: '2026-11-26T09:00:00Z' },
]);

let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    // One source answers 304 to its validator, the other ignores validators and sends the same bytes.
    if (req.url === '/etag.xml' && req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304).end();
      return;
    }
    if (req.url === '/etag.xml' || req.url === '/same.xml') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', ...(req.url === '/etag.xml' ? { ETag: '"v1"' } : {}) });
      res.end(BODY.replaceAll('wire.example', req.url === '/etag.xml' ? 'wire.example' : 'same.example'));
      return;
    }
    // A failing source puts its URL and error text into the operator files.
    res.writeHead(500, { 'Content-Type': 'text/plain' }).end('boom');
  });
});

afterAll(async () => server?.close());

function project(extra: Record<string, unknown> = {}) {
  return tempProject({
    site: { title: 'Harbour Town News', url: 'https://news.example/' },
    fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 },
    output: { pages: true },
    sources: [
      { id: 'etag', url: `${server.origin}/etag.xml` },
      { id: 'same', url: `${server.origin}/same.xml` },
      { id: 'broken', url: `${server.origin}/broken.xml` },
    ],
    ...extra,
  });
}

/** Every entry under dir (directories too) with its bytes and mtime. */
function snapshot(dir: string): Map<string, { bytes: string; mtimeMs: number }> {
  const entries = new Map<string, { bytes: string; mtimeMs: number }>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const stat = statSync(full);
    entries.set(path.relative(dir, full), { bytes: entry.isFile() ? readFileSync(full).toString('base64') : '<dir>', mtimeMs: stat.mtimeMs });
  }
  return entries;
}

describe('operator files', { timeout: 120_000 }, () => {
  it('are written to data/status/, never into out/, and a quiet run leaves out/ byte-identical', async () => {
    const { dir, configPath } = project();
    const first = await runCli(['run', '--config', configPath]);
    expect(first.code, first.stderr).toBe(0);
    const out = path.join(dir, 'out');
    for (const name of OPERATOR_FILES) {
      expect(existsSync(path.join(dir, 'data', 'status', name)), name).toBe(true);
      expect(existsSync(path.join(out, name)), name).toBe(false);
    }
    const status = readFileSync(path.join(dir, 'data', 'status', 'status.json'), 'utf8');
    expect(status).toContain('E_HTTP_STATUS');
    // No file of out/ carries the failing source's error: that is the operator's view.
    for (const [file, { bytes }] of snapshot(out)) expect(Buffer.from(bytes, 'base64').toString('latin1'), file).not.toContain('E_HTTP_STATUS');

    const before = snapshot(out);
    const statusBefore = readFileSync(path.join(dir, 'data', 'status', 'metrics.prom'), 'utf8');
    // Every source fetched again: a 304, a byte-identical body, the same failure.
    const second = await runCli(['run', '--force', '--config', configPath]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('1 not modified, 1 unchanged, 1 failed');
    // And a run with nothing due.
    const third = await runCli(['run', '--config', configPath]);
    expect(third.code, third.stderr).toBe(0);
    const after = snapshot(out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, entry] of before) expect(after.get(file), file).toEqual(entry);
    // What a run does change (its time, its duration) changed where only the operator sees it.
    expect(readFileSync(path.join(dir, 'data', 'status', 'metrics.prom'), 'utf8')).not.toBe(statusBefore);
  });

  it('an older version’s copies in out/ are removed and the removal said; a file the operator put there is kept', async () => {
    const { dir, configPath } = project();
    const out = path.join(dir, 'out');
    mkdirSync(out);
    // What feedloom before this change wrote into out/.
    writeFileSync(path.join(out, 'status.json'), `${JSON.stringify({ lastRun: null, counts: { ok: 1 }, sources: [{ id: 'etag', fetchUrl: 'http://10.0.0.5/private.xml' }] }, null, 2)}\n`);
    writeFileSync(
      path.join(out, 'health.xml'),
      '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n  <title>Harbour Town News: source health</title>\n  <author><name>feedloom</name></author>\n</feed>\n',
    );
    writeFileSync(path.join(out, 'metrics.prom'), '# HELP feedloom_sources Sources by state.\n# TYPE feedloom_sources gauge\nfeedloom_sources{state="ok"} 1\n');
    const result = await runCli(['run', '--config', configPath, '--log-format', 'text']);
    expect(result.code, result.stderr).toBe(0);
    for (const name of OPERATOR_FILES) expect(existsSync(path.join(out, name)), name).toBe(false);
    expect(result.stderr).toMatch(/removed .*status\.json, .*health\.xml, .*metrics\.prom, written by an older feedloom: the operator files now go to .*data\/status/);

    const other = project();
    const otherOut = path.join(other.dir, 'out');
    mkdirSync(otherOut);
    writeFileSync(path.join(otherOut, 'status.json'), '{"service":"up"}\n');
    const kept = await runCli(['run', '--config', other.configPath]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(readFileSync(path.join(otherOut, 'status.json'), 'utf8')).toBe('{"service":"up"}\n');
  });

  it('output.operatorDir moves them; inside output.dir it is a configuration error', async () => {
    const moved = project({ output: { pages: true, operatorDir: 'ops' } });
    expect((await runCli(['run', '--config', moved.configPath])).code).toBe(0);
    for (const name of OPERATOR_FILES) expect(existsSync(path.join(moved.dir, 'ops', name)), name).toBe(true);
    expect((await runCli(['check', '--config', moved.configPath])).stdout).toContain(`operator files in ${path.join(moved.dir, 'ops')}`);

    for (const operatorDir of ['out', 'out/status', './out/../out/x']) {
      const inside = project({ output: { operatorDir } });
      const result = await runCli(['run', '--config', inside.configPath]);
      expect(result.code, operatorDir).toBe(78);
      expect(result.stderr).toContain('output.operatorDir');
      expect(existsSync(path.join(inside.dir, 'out')), operatorDir).toBe(false);
    }
    // store.path inside output.dir would put the default there too: refused, naming the key to change.
    const storeInside = project({ store: { path: 'out/data' } });
    const refused = await runCli(['check', '--config', storeInside.configPath]);
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('set store.path');
  });
});

describe('serve and the operator files', { timeout: 120_000 }, () => {
  let dir: string;
  let configPath: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // The operator directory is the store's own here: serve must still show only the three files.
    ({ dir, configPath } = project({ output: { pages: true, operatorDir: 'data' } }));
    const result = await runCli(['run', '--config', configPath]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'data', 'state.json'))).toBe(true);
  });

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  async function serve(...flags: string[]): Promise<{ origin: string; banner: string }> {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--config', configPath, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let banner = '';
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => {
        banner += chunk;
        const match = /on (http:\/\/[^\s/]+)\//.exec(banner);
        // With --operator-files the second line must be in before a request is made.
        if (match && (!flags.includes('--operator-files') || banner.includes('operator files'))) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    return { origin, banner };
  }

  function get(origin: string, rawPath: string): Promise<{ status: number; type: string; body: string }> {
    const url = new URL(origin);
    return new Promise((resolve, reject) => {
      http
        .get({ host: url.hostname, port: url.port, path: rawPath, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
        })
        .on('error', reject);
    });
  }

  it('without --operator-files: not served at all, and the banner does not mention them', async () => {
    const { origin, banner } = await serve();
    expect(banner).not.toContain('operator');
    expect((await get(origin, '/feed.xml')).status).toBe(200);
    for (const name of OPERATOR_FILES) {
      expect((await get(origin, `/${name}`)).status, name).toBe(404);
      expect((await get(origin, `/_operator/${name}`)).status, name).toBe(404);
    }
  });

  it('with --operator-files: under /_operator/ with their content types, said at start, and nothing else of the directory', async () => {
    const { origin, banner } = await serve('--operator-files');
    expect(banner).toMatch(/serving the operator files \(status\.json, health\.xml, metrics\.prom\) of .*data on http:\/\/127\.0\.0\.1:\d+\/_operator\/ \(this machine only\)/);
    const types: Record<string, RegExp> = { 'status.json': /^application\/json/, 'health.xml': /^application\/atom\+xml/, 'metrics.prom': /^text\/plain; version=0\.0\.4/ };
    for (const [name, type] of Object.entries(types)) {
      const answer = await get(origin, `/_operator/${name}`);
      expect(answer.status, name).toBe(200);
      expect(answer.type, name).toMatch(type);
      expect(answer.body).toBe(readFileSync(path.join(dir, 'data', name), 'utf8'));
      // Still not at the top, with the public files.
      expect((await get(origin, `/${name}`)).status, name).toBe(404);
    }
    const health = (await get(origin, '/_operator/health.xml')).body;
    expect(health).toContain('<link rel="self" href="https://news.example/_operator/health.xml"/>');
    // The store beside them, and every way round the name allowlist, stay unreachable.
    for (const probe of ['/_operator/state.json', '/_operator/items.json', '/_operator/feedloom.lock', '/_operator/', '/_operator/%2e%2e/feeds.config.json', '/_operator/../data/state.json', '/_operator/status.json/../state.json', '/_operator//state.json']) {
      expect((await get(origin, probe)).status, probe).toBe(404);
    }
  });
});
