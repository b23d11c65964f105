/**
 * Issue 15, defect 2: `run --repair` must not make a loss permanent. Description: the items file
 * is cut short; `run` refuses it; `run --repair` moves it aside. Expect: the sources whose items
 * were lost are fetched again without their old validators (no If-None-Match, so no 304), their
 * items are stored again, `emit` publishes them and `status` counts them. Both drivers; and the
 * JSON items file deleted by hand is noticed the next time the items are counted.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { rssFeed } from '../ops/ops-kit.js';

const FEEDS: Record<string, string> = {
  '/a.xml': rssFeed('A', 'https://a.example/', [
    { guid: 'a1', title: 'Harbour reopens', link: 'https://a.example/1', date: '2026-11-27T09:00:00Z' },
    { guid: 'a2', title: 'Ferry timetable changes', link: 'https://a.example/2', date: '2026-11-26T09:00:00Z' },
  ]),
  '/b.xml': rssFeed('B', 'https://b.example/', [{ guid: 'b1', title: 'Library extends hours', link: 'https://b.example/1', date: '2026-11-25T09:00:00Z' }]),
};

let server: LoopbackServer;
beforeAll(async () => {
  // Honours validators the way a real host does, so a remembered ETag gets a 304 and stores nothing.
  server = await startLoopbackServer((req, res) => {
    const body = FEEDS[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag }).end(body);
  });
});
afterAll(() => server.close());

const conditional = (since: number) => server.requests.slice(since).filter((request) => request.headers['if-none-match'] !== undefined).length;

function project(driver: 'json' | 'sqlite') {
  return tempProject({
    site: { title: 'Repair', url: 'https://planet.example/' },
    fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 },
    store: { driver },
    sources: [
      { id: 'a', url: `${server.origin}/a.xml` },
      { id: 'b', url: `${server.origin}/b.xml` },
    ],
  });
}

async function statusCounts(dir: string): Promise<Record<string, number | null>> {
  const result = await runCli(['status', '--json'], { cwd: dir });
  expect(result.code).toBe(0);
  return Object.fromEntries(JSON.parse(result.stdout).sources.map((row: { id: string; itemsStored: number | null }) => [row.id, row.itemsStored]));
}

function publishedTitles(dir: string): string[] {
  const feed = JSON.parse(readFileSync(path.join(dir, 'out', 'feed.json'), 'utf8'));
  return feed.items.map((item: { title: string }) => item.title).sort();
}

const ALL_TITLES = ['Ferry timetable changes', 'Harbour reopens', 'Library extends hours'];

describe.each(['json', 'sqlite'] as const)('run --repair with the %s driver', { timeout: 120_000 }, (driver) => {
  it('refetches the lost sources without validators, stores their items again, and emit and status show them', async () => {
    const { dir } = project(driver);
    const first = await runCli(['run'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(await statusCounts(dir)).toEqual({ a: 2, b: 1 });

    // A second forced run proves the server's validators work: both answer 304.
    const before304 = server.requests.length;
    await runCli(['run', '--force'], { cwd: dir });
    expect(conditional(before304)).toBe(2);

    const file = path.join(dir, 'data', driver === 'json' ? 'items.json' : 'feedloom.db');
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const refused = await runCli(['run'], { cwd: dir });
    expect(refused.code).toBe(70);
    expect(refused.stderr).toContain('E_STORE_CORRUPT');

    const beforeRepair = server.requests.length;
    const repaired = await runCli(['run', '--repair', '--log-format', 'text'], { cwd: dir });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stderr).toContain('moved the corrupt store file aside');
    expect(readdirSync(path.join(dir, 'data')).some((name) => name.startsWith(`${path.basename(file)}.corrupt-`))).toBe(true);
    // Both feeds asked for again, in full: no If-None-Match that would earn a 304.
    expect(server.requests.slice(beforeRepair).map((request) => request.url).sort()).toEqual(['/a.xml', '/b.xml']);
    expect(conditional(beforeRepair)).toBe(0);
    expect(repaired.stdout).toContain('items:   3 new');

    const emitted = await runCli(['emit'], { cwd: dir });
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(publishedTitles(dir)).toEqual(ALL_TITLES);
    expect(await statusCounts(dir)).toEqual({ a: 2, b: 1 });

    // And the rebuilt store is polite again: the next forced run is conditional.
    const afterRepair = server.requests.length;
    await runCli(['run', '--force'], { cwd: dir });
    expect(conditional(afterRepair)).toBe(2);
  });
});

describe('the JSON items file deleted by hand', { timeout: 120_000 }, () => {
  it('is noticed when the items are next counted, and the following run rebuilds the lost source', async () => {
    const { dir } = project('json');
    expect((await runCli(['run'], { cwd: dir })).code).toBe(0);
    rmSync(path.join(dir, 'data', 'items.json'));
    // b changes, so this run loads and counts the items; a still answers 304 and stores nothing.
    const original = FEEDS['/b.xml'];
    FEEDS['/b.xml'] = original.replace('</channel>', '<item><guid>b2</guid><title>Market moves indoors</title><link>https://b.example/2</link><pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item></channel>');
    try {
      const noticing = server.requests.length;
      await runCli(['run', '--force'], { cwd: dir });
      expect(conditional(noticing)).toBe(2);
      expect(await statusCounts(dir)).toEqual({ a: 0, b: 2 });

      const rebuilding = server.requests.length;
      const rebuilt = await runCli(['run'], { cwd: dir });
      expect(rebuilt.code, rebuilt.stderr).toBe(0);
      // Only a is due again, and it is asked for in full.
      expect(server.requests.slice(rebuilding).map((request) => request.url)).toEqual(['/a.xml']);
      expect(conditional(rebuilding)).toBe(0);
      expect(existsSync(path.join(dir, 'data', 'items.json'))).toBe(true);
      expect(publishedTitles(dir)).toEqual([...ALL_TITLES, 'Market moves indoors'].sort());
      expect(await statusCounts(dir)).toEqual({ a: 2, b: 2 });
    } finally {
      FEEDS['/b.xml'] = original;
    }
  });
});
