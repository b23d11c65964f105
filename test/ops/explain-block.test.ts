/**
 * explain, quarantine, approve and block through the CLI, on a store filled by a real run against a
 * loopback server: a story carried by two sources, an item dropped by a rule, a spam item, and more
 * items than output.items allows.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { rssFeed, runSummary, startRoutedServer, type FeedItem } from './ops-kit.js';

let server: Awaited<ReturnType<typeof startRoutedServer>>;
let project: { dir: string; configPath: string };
let config: Record<string, unknown>;

const HARBOUR: FeedItem = { guid: 'w1', title: 'Harbour reopens after storm repairs', link: 'https://news.example/harbour?utm_source=rss', date: '2026-11-27T09:00:00Z' };
const LIBRARY: FeedItem = { guid: 'w2', title: 'Library extends opening hours', link: 'https://news.example/library', date: '2026-11-25T09:00:00Z' };
const PAYDAY: FeedItem = { guid: 'w3', title: 'Payday advance offers for everyone', link: 'https://news.example/payday', date: '2026-11-26T09:00:00Z' };
const SPAM: FeedItem = {
  guid: 'w4',
  title: 'FREE SPINS NO DEPOSIT BONUS TONIGHT',
  link: 'https://casino.example/promo?ref=aff123',
  date: '2026-11-27T12:00:00Z',
  body: 'Free spins and a no deposit bonus at the best online casino, рабочее зеркало казино, free spins every day.',
};
const PAPER_HARBOUR: FeedItem = { guid: 'p1', title: 'Harbour reopens after repairs to storm damage', link: 'https://news.example/harbour?fbclid=xyz', date: '2026-11-27T10:00:00Z' };
const CYCLE: FeedItem = { guid: 'p2', title: 'Council approves new cycle lanes', link: 'https://paper.example/cycle-lanes', date: '2026-11-26T12:00:00Z' };

const wireFeed = (items: FeedItem[]) => rssFeed('The Wire', 'https://news.example/', items);
const cli = (...args: string[]) => runCli([...args, '--config', project.configPath]);
const out = (...parts: string[]) => readFileSync(path.join(project.dir, 'out', ...parts), 'utf8');

beforeAll(async () => {
  server = await startRoutedServer({});
  server.routes['/wire.xml'] = { body: wireFeed([HARBOUR, LIBRARY, PAYDAY, SPAM]) };
  server.routes['/paper.xml'] = { body: rssFeed('The Paper', 'https://paper.example/', [PAPER_HARBOUR, CYCLE]) };
  config = {
    site: { title: 'Ops', url: 'http://127.0.0.1/' },
    fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 },
    output: { items: 2, pages: true },
    filters: { exclude: ['payday'] },
    sources: [
      { id: 'wire', url: `${server.origin}/wire.xml`, category: 'News', priority: 5 },
      { id: 'paper', url: `${server.origin}/paper.xml`, category: 'Local' },
    ],
  };
  project = tempProject(config);
  const run = await cli('run', '--force', '--log-format', 'json');
  expect(run.code).toBe(0);
  expect(runSummary(run.stdout).items).toMatchObject({ filtered: 1, duplicate: 1, quarantined: 1 });
});

afterAll(() => server.close());

describe('feedloom explain', { timeout: 120_000 }, () => {
  it('names the sources that carried a story, its identity, and each output it is in', async () => {
    const result = await cli('explain', 'https://news.example/harbour');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('id:         wire:w1');
    expect(result.stdout).toContain('identity:   key "w1"');
    expect(result.stdout).toContain('carried by: wire, paper (also)');
    expect(result.stdout).toMatch(/in {5}feed\.xml, atom\.xml, feed\.json: number 1 of at most 2/);
    expect(result.stdout).toMatch(/in {5}category\/news\/feed\.xml, .*: number 1/);
    expect(result.stdout).toMatch(/in {5}category\/local\/feed\.xml, .*: number 1/);
    expect(result.stdout).toMatch(/in {5}recent\.html, recent\.md, recent\.json/);
    expect(result.stdout).toMatch(/in {5}posts\/harbour-reopens-after-storm-repairs\.html/);
  });

  it('says a folded duplicate is shown through its primary copy', async () => {
    const result = await cli('explain', 'paper:p1');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('duplicate:  folded into wire:w1 from wire');
    expect(result.stdout).toMatch(/not in feed\.xml, atom\.xml, feed\.json: folded as a duplicate into wire:w1/);
  });

  it('says why an item is beyond output.items', async () => {
    const result = await cli('explain', LIBRARY.link);
    expect(result.stdout).toMatch(/not in feed\.xml, atom\.xml, feed\.json: number 3 by date, beyond the 2 newest \(output\.items\)/);
  });

  it('shows the rule that dropped an item that was never stored', async () => {
    const result = await cli('explain', PAYDAY.link);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Not stored (dropped on arrival):');
    expect(result.stdout).toMatch(/filtered wire:w3 "Payday advance offers for everyone": .*payday/i);
  });

  it('gives the spam reasons of a held item, and --json carries the same', async () => {
    const result = await cli('explain', 'wire:w4', '--json');
    expect(result.code).toBe(0);
    const explanation = JSON.parse(result.stdout);
    expect(explanation.items[0].spam).toMatchObject({ held: true, approved: false });
    expect(explanation.items[0].spam.reasons).toContain('SPAM_GAMBLING');
    expect(explanation.items[0].outputs.every((verdict: { included: boolean; reason: string }) => !verdict.included && verdict.reason.startsWith('held in quarantine'))).toBe(true);
  });

  it('exits 64 when nothing matches', async () => {
    const result = await cli('explain', 'https://nowhere.example/none');
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('no stored item and no recorded decision matches');
  });
});

describe('feedloom quarantine and approve', { timeout: 120_000 }, () => {
  it('lists the held item with its reasons, and approve publishes it', async () => {
    const listed = await cli('quarantine');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('wire:w4');
    expect(listed.stdout).toMatch(/score \d\.\d\d: .*SPAM_GAMBLING/);
    expect(out('feed.xml')).not.toContain('FREE SPINS');

    const approved = await cli('approve', 'wire:w4');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('approved wire:w4');
    expect(out('feed.xml')).toContain('FREE SPINS');
    expect((await cli('quarantine')).stdout).toContain('no items are held');
    const again = await cli('approve', 'wire:w4');
    expect(again.stdout).toContain('wire:w4 was not held');
  });
});

describe('feedloom block', { timeout: 120_000 }, () => {
  it('removes an item from every output at once', async () => {
    expect(out('feed.xml')).toContain('Harbour reopens');
    expect(existsSync(path.join(project.dir, 'out', 'posts', 'harbour-reopens-after-storm-repairs.html'))).toBe(true);
    const blocked = await cli('block', 'https://news.example/harbour?utm_source=rss');
    expect(blocked.code).toBe(0);
    expect(blocked.stdout).toContain('hides wire:w1 "Harbour reopens after storm repairs"');
    for (const file of ['feed.xml', 'atom.xml', 'feed.json', 'category/news/feed.xml', 'category/local/feed.xml', 'recent.json', 'recent.md', 'index.html']) {
      expect(out(file), file).not.toContain('Harbour reopens');
    }
    expect(existsSync(path.join(project.dir, 'out', 'posts', 'harbour-reopens-after-storm-repairs.html'))).toBe(false);
    const explained = await cli('explain', 'wire:w1');
    expect(explained.stdout).toContain('blocked:    yes, by tombstone "https://news.example/harbour?utm_source=rss"');
  });

  it('keeps it out when it comes back changed and after retention removed it (the tombstone survives)', async () => {
    server.routes['/wire.xml'] = { body: wireFeed([{ ...HARBOUR, body: 'Updated: the harbour reopened to ships this morning.' }, LIBRARY]) };
    // Retention so short that every stored item is pruned at the end of the run.
    writeFileSync(project.configPath, JSON.stringify({ ...config, store: { retention: { maxAgeDays: 0.01 } } }, null, 2));
    const pruning = await cli('run', '--force', '--log-format', 'json');
    expect(runSummary(pruning.stdout).items.pruned).toBeGreaterThan(0);
    // Back in the feed after retention removed it: dropped on arrival by the tombstone.
    writeFileSync(project.configPath, JSON.stringify(config, null, 2));
    server.routes['/wire.xml'] = { body: wireFeed([{ ...HARBOUR, body: 'Changed once more.' }, LIBRARY]) };
    const back = await cli('run', '--force', '--log-format', 'json');
    expect(back.code).toBe(0);
    expect(out('feed.xml')).not.toContain('Harbour reopens after storm repairs');
    const explained = await cli('explain', HARBOUR.link);
    expect(explained.stdout).toMatch(/blocked wire:w1 .*blocked by tombstone/);
    const state = JSON.parse(readFileSync(path.join(project.dir, 'data', 'state.json'), 'utf8'));
    expect(state.blocked).toContain('https://news.example/harbour?utm_source=rss');
  });

  it('blocks an item by id before it arrives: it is dropped on arrival', async () => {
    const result = await cli('block', 'paper:p9');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('blocked: paper:p9');
    expect(result.stdout).toContain('no stored item matches now');
    server.routes['/paper.xml'] = { body: rssFeed('The Paper', 'https://paper.example/', [PAPER_HARBOUR, CYCLE, { guid: 'p9', title: 'Ferry timetable changes next week', link: 'https://paper.example/ferry', date: '2026-11-27T11:00:00Z' }]) };
    await cli('run', '--force');
    expect(out('feed.xml')).not.toContain('Ferry timetable');
    expect((await cli('explain', 'https://paper.example/ferry')).stdout).toContain('blocked paper:p9 "Ferry timetable changes next week": blocked by tombstone paper:p9\n');
  });

  it('blocks by pattern, and refuses an invalid one', async () => {
    const result = await cli('block', '/cycle lanes/i');
    expect(result.code).toBe(0);
    expect(out('feed.xml')).not.toContain('cycle lanes');
    const invalid = await cli('block', '/([/');
    expect(invalid.code).toBe(64);
  });

  it('takes the store lock: with another run holding it, block exits 75 and changes nothing', async () => {
    const lockFile = path.join(project.dir, 'data', 'feedloom.lock');
    const stateBefore = readFileSync(path.join(project.dir, 'data', 'state.json'), 'utf8');
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), token: 'test' }));
    try {
      const result = await cli('block', 'https://paper.example/anything');
      expect(result.code).toBe(75);
      expect(result.stderr).toMatch(/^E_LOCKED: /);
      const approve = await cli('approve', 'wire:w4');
      expect(approve.code).toBe(75);
    } finally {
      writeFileSync(lockFile, '');
      (await import('node:fs')).rmSync(lockFile);
    }
    expect(readFileSync(path.join(project.dir, 'data', 'state.json'), 'utf8')).toBe(stateBefore);
  });
});
