/**
 * R27 through the real CLI, against a server on 127.0.0.1: a page of 300,000 nested <div>s (1.5 MB,
 * under the body cap) held `feedloom add` for 507 s and a 404-triggered discovery in `run` for 11 s
 * where a plain run takes 1; 200,000 nested outlines held `import-opml` for 39 s. Counted bounds are
 * in test/parse/deep-markup.test.ts; here the bounds are in seconds, generously.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPML_DEPTH } from '../../src/opml/read-opml.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { rssFeed, startRoutedServer } from '../ops/ops-kit.js';

const LEVELS = 300_000;
const deepPage = (head: string) => `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(LEVELS)}${head}${'</div>'.repeat(LEVELS)}</body></html>`;

let server: Awaited<ReturnType<typeof startRoutedServer>>;

beforeAll(async () => {
  server = await startRoutedServer({});
  server.routes['/deep/'] = { type: 'text/html', body: deepPage('<link rel="alternate" type="application/rss+xml" title="Deep" href="/deep/feed.xml">') };
  server.routes['/deep/feed.xml'] = { body: rssFeed('Deep Feed', `${server.origin}/deep/`, []) };
  server.routes['/moving/old.xml'] = {
    body: rssFeed('Moving', `${server.origin}/deep/`, [{ guid: 'm1', title: 'Moving story one', link: 'https://moving.example/1', date: '2026-11-27T09:00:00Z' }]),
  };
});

afterAll(() => server.close());

function project(sources: Array<Record<string, unknown>> = []) {
  return tempProject({ site: { title: 'Deep' }, fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, output: { pages: false }, sources });
}

describe('300,000 nested elements through the CLI', { timeout: 180_000 }, () => {
  it('`feedloom add` finds the feed advertised under 300,000 nested <div>s in seconds (was 507 s)', async () => {
    expect(server.routes['/deep/'].body!.length).toBeGreaterThan(1_500_000);
    const { configPath } = project();
    const result = await runCli(['add', `${server.origin}/deep/`, '--config', configPath]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(configPath, 'utf8')).sources).toEqual([expect.objectContaining({ url: `${server.origin}/deep/feed.xml` })]);
    expect(result.ms).toBeLessThan(30_000);
  });

  it('`run` where a healthy feed turns 404 and its site is that page costs little more than a plain run (was 11 s against 0.2 s)', async () => {
    const { configPath } = project([{ id: 'moving', url: `${server.origin}/moving/old.xml` }]);
    const healthy = await runCli(['run', '--config', configPath, '--force']);
    expect(healthy.code).toBe(0);
    const route = server.routes['/moving/old.xml'];
    delete server.routes['/moving/old.xml'];
    try {
      const turned = await runCli(['run', '--config', configPath, '--force']);
      expect(turned.code).toBe(0);
      const status = JSON.parse((await runCli(['status', '--json', '--config', configPath])).stdout);
      expect(status.sources[0].proposal).toContain(`advertises ${server.origin}/deep/feed.xml`);
      expect(turned.ms).toBeLessThan(healthy.ms + 5_000);
    } finally {
      server.routes['/moving/old.xml'] = route;
    }
  });

  it('`feedloom import-opml` refuses 300,000 nested outlines at once, naming the file and the cap, and changes nothing', async () => {
    const { dir, configPath } = project();
    const file = path.join(dir, 'deep.opml');
    writeFileSync(file, `<opml version="2.0"><body>${'<outline text="f">'.repeat(LEVELS)}<outline xmlUrl="${server.origin}/x.xml"/>${'</outline>'.repeat(LEVELS)}</body></opml>`);
    const before = readFileSync(configPath, 'utf8');
    const result = await runCli(['import-opml', file, '--config', configPath]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`E_PARSE: ${file}: OPML elements nested deeper than ${MAX_OPML_DEPTH} levels`);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
    expect(result.ms).toBeLessThan(10_000);
  });
});
