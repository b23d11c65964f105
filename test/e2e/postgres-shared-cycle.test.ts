/**
 * What the shared postgres cycle does besides sharing (issue 12), as the single-process cycle does
 * it on json and sqlite, through the real CLI against the test run's throwaway cluster: leases
 * renewed while a slow host holds a claimed batch; a feed that turns 404 gets a proposal, and an
 * intranet feed its privateAddress flag; sources whose items are gone forget their validators;
 * retention reaches unchanged sources once a day; and a database that goes away mid-run ends the
 * run with one line and exit 70, losing nothing committed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startFeedFarm } from '../helpers/feed-farm.js';
import { startLoopbackServer } from '../helpers/loopback-server.js';
import { describePostgres, freshDatabase, query } from '../helpers/postgres.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { htmlPage, rssFeed, startRoutedServer } from '../ops/ops-kit.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sourceState(url: string, id: string): Promise<Record<string, unknown>> {
  return (await query<{ state: Record<string, unknown> }>(url, 'SELECT state FROM feedloom_sources WHERE id = $1', [id]))[0].state;
}

function storiesOf(name: string) {
  return [1, 2, 3].map((n) => ({ guid: `${name}${n}`, title: `Story ${n} of ${name}`, link: `https://${name}.example/${n}`, date: `2026-11-2${n}T09:00:00Z` }));
}

/** `/<name>.xml` answers `feed(name)` with the ETag "<name>-v1", and a 304 to a request that carries it. */
async function startEtagServer(feed: (name: string) => string) {
  return startLoopbackServer((request, response) => {
    const name = /^\/(\w+)\.xml$/.exec(request.url ?? '')?.[1];
    if (!name) return void response.writeHead(404).end();
    const etag = `"${name}-v1"`;
    if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
    response.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(feed(name));
  });
}

async function itemCount(url: string, sourceId: string): Promise<number> {
  return Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM feedloom_items WHERE source_id = $1', [sourceId]))[0].n);
}

describePostgres('the shared cycle does what the single-process one does', () => {
  it('a claimed batch that waits longer than its lease on a slow host keeps its leases: no source is fetched twice', async () => {
    // One request at a time, 1 s each: the last of a claimed batch of 4 waits 4 s, the third batch
    // is claimed at 5 s, and the 5 s leases of the first two would have run out long before.
    const farm = await startFeedFarm({ feeds: 12, itemsPerFeed: 2, delayMs: 1_000 });
    try {
      const url = await freshDatabase('renew');
      const sources = Array.from({ length: 12 }, (_, feed) => ({ id: `slow-${String(feed).padStart(2, '0')}`, url: farm.url(feed) }));
      const project = tempProject({
        fetch: { allow: [farm.server.hostPort], retries: 0, hostGapMs: 0, perHostConcurrency: 1, concurrency: 4, timeoutMs: 20_000 },
        store: { driver: 'postgres', url, leaseSeconds: 5 },
        sources,
      });
      const first = runCli(['run'], { cwd: project.dir, timeoutMs: 60_000 });
      // A second process arrives once the first batches' original leases have run out.
      await sleep(6_000);
      const second = runCli(['run'], { cwd: project.dir, timeoutMs: 60_000 });
      const results = await Promise.all([first, second]);
      for (const result of results) {
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).not.toContain('lease ran out');
      }
      expect(farm.hits.size).toBe(12);
      expect(Object.fromEntries([...farm.hits].filter(([, count]) => count !== 1))).toEqual({});
    } finally {
      await farm.close();
    }
  }, 90_000);

  it('a healthy feed that turns 404 gets the feed its site advertises as a proposal; an allowed intranet feed is flagged privateAddress', async () => {
    const server = await startRoutedServer({});
    try {
      server.routes['/site/'] = { type: 'text/html', body: htmlPage(`<link rel="alternate" type="application/rss+xml" title="New" href="${server.origin}/new.xml">`) };
      server.routes['/new.xml'] = { body: rssFeed('New home', `${server.origin}/site/`, []) };
      server.routes['/old.xml'] = { body: rssFeed('Moving', `${server.origin}/site/`, [{ guid: 'm1', title: 'A story that moves', link: 'https://moving.example/1', date: '2026-11-27T09:00:00Z' }]) };
      const url = await freshDatabase('moved');
      const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, store: { driver: 'postgres', url }, sources: [{ id: 'moving', url: `${server.origin}/old.xml` }] });
      const healthy = await runCli(['run'], { cwd: project.dir });
      expect(healthy.code, healthy.stderr).toBe(0);
      expect((await sourceState(url, 'moving')).privateAddress).toBe(true);

      delete server.routes['/old.xml'];
      const turned = await runCli(['run', '--force'], { cwd: project.dir });
      expect(turned.code, turned.stderr).toBe(0);
      const state = await sourceState(url, 'moving');
      expect(state.discovered).toBe(`${server.origin}/new.xml`);
      // A failure that never reached a new address keeps what the last connection found.
      expect(state.privateAddress).toBe(true);
      const status = JSON.parse((await runCli(['status', '--json'], { cwd: project.dir })).stdout) as { sources: Array<{ proposal: string | null }> };
      expect(status.sources[0].proposal).toContain(`advertises ${server.origin}/new.xml`);
    } finally {
      await server.close();
    }
  });

  it('a source whose stored items are gone forgets its validators and is fetched in full at once', async () => {
    const server = await startEtagServer((name) => rssFeed(`Kept ${name}`, `https://${name}.example/`, storiesOf(name)));
    try {
      const url = await freshDatabase('lost_items');
      const sources = ['a', 'b'].map((id) => ({ id, url: `${server.origin}/${id}.xml` }));
      const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, store: { driver: 'postgres', url }, sources });
      expect((await runCli(['run'], { cwd: project.dir })).code).toBe(0);
      expect(await itemCount(url, 'a')).toBe(3);
      expect((await sourceState(url, 'a')).etag).toBe('"a-v1"');
      // The items of `a` are deleted by hand; `b` keeps its own.
      await query(url, "DELETE FROM feedloom_items WHERE source_id = 'a'");
      server.requests.length = 0;
      const again = await runCli(['run'], { cwd: project.dir });
      expect(again.code, again.stderr).toBe(0);
      // Only `a` was due, and it asked without its validator, so a 200 brought its items back.
      expect(server.requests.map((request) => request.url)).toEqual(['/a.xml']);
      expect(server.requests[0].headers['if-none-match']).toBeUndefined();
      expect(await itemCount(url, 'a')).toBe(3);
      expect(await itemCount(url, 'b')).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('run --force never asks a host again within its Retry-After (issue 15, defect 3)', async () => {
    const server = await startRoutedServer({ '/paused.xml': { status: 429, body: 'slow down', headers: { 'Retry-After': '3600' } } });
    try {
      const url = await freshDatabase('force_retry_after');
      const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, store: { driver: 'postgres', url }, sources: [{ id: 'paused', url: `${server.origin}/paused.xml` }] });
      expect((await runCli(['run'], { cwd: project.dir })).code).toBe(0);
      const limited = await sourceState(url, 'paused');
      expect(limited.status).toBe('rate-limited');
      const forced = await runCli(['run', '--force'], { cwd: project.dir });
      expect(forced.code, forced.stderr).toBe(0);
      expect(server.requests.map((request) => request.url)).toEqual(['/paused.xml']);
      // Not even claimed: no attempt recorded, the wait the host asked for unchanged.
      expect(await sourceState(url, 'paused')).toMatchObject({ consecutiveFailures: 1, lastFetchAt: limited.lastFetchAt, nextDueAt: limited.nextDueAt });
    } finally {
      await server.close();
    }
  });

  it('items of a source that answers 304 age out once a day: pruned, counted, its validators kept, the outputs re-rendered', async () => {
    const server = await startEtagServer((name) => rssFeed('Quiet', 'https://quiet.example/', storiesOf(name)));
    try {
      const url = await freshDatabase('daily_prune');
      const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, store: { driver: 'postgres', url, retention: { maxAgeDays: 30 } }, sources: [{ id: 'quiet', url: `${server.origin}/quiet.xml` }] });
      expect((await runCli(['run'], { cwd: project.dir })).code).toBe(0);
      expect(await fs.readFile(path.join(project.dir, 'out', 'feed.xml'), 'utf8')).toContain('Story 1 of quiet');
      // Story 1 is now a year old, as if time had passed; the last daily prune two days ago.
      const old = await query(url, "UPDATE feedloom_items SET date = '2025-11-21T09:00:00.000Z', json = replace(json, '2026-11-21T09:00:00.000Z', '2025-11-21T09:00:00.000Z') WHERE json LIKE '%Story 1 of quiet%' RETURNING uid");
      expect(old).toHaveLength(1);
      const lastPrune = (await query<{ at: string }>(url, "SELECT json->>'lastPruneAt' AS at FROM feedloom_state"))[0].at;
      expect(lastPrune).toBeTruthy();
      await query(url, `UPDATE feedloom_state SET json = json || jsonb_build_object('lastPruneAt', $1::text)`, [new Date(Date.now() - 2 * 86_400_000).toISOString()]);

      server.requests.length = 0;
      const run = await runCli(['run', '--force', '--log-format', 'json'], { cwd: project.dir });
      expect(run.code, run.stderr).toBe(0);
      expect(server.requests.map((request) => request.headers['if-none-match'])).toEqual(['"quiet-v1"']);
      expect(JSON.parse(run.stdout.trim().split('\n').pop()!).summary.items.pruned).toBe(1);
      const titles = (await query<{ json: string }>(url, 'SELECT json FROM feedloom_items')).map((row) => (JSON.parse(row.json) as { title: string }).title).sort();
      expect(titles).toEqual(['Story 2 of quiet', 'Story 3 of quiet']);
      const state = await sourceState(url, 'quiet');
      expect(state.items).toMatchObject({ stored: 2 });
      expect(state.etag).toBe('"quiet-v1"');
      expect(await fs.readFile(path.join(project.dir, 'out', 'feed.xml'), 'utf8')).not.toContain('Story 1 of quiet');
      // Once a day: the next run prunes nothing more and leaves lastPruneAt alone.
      const at = (await query<{ at: string }>(url, "SELECT json->>'lastPruneAt' AS at FROM feedloom_state"))[0].at;
      expect((await runCli(['run'], { cwd: project.dir })).code).toBe(0);
      expect((await query<{ at: string }>(url, "SELECT json->>'lastPruneAt' AS at FROM feedloom_state"))[0].at).toBe(at);
    } finally {
      await server.close();
    }
  });

  it('the database going away mid-run: one line naming host:port/database, exit 70, nothing committed lost, the rest fetched later', async () => {
    const url = await freshDatabase('lost');
    const direct = new URL(url);
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
    const viaProxy = new URL(url);
    viaProxy.port = String(proxy.port);
    let asked = 0;
    // The fifth request is held while the database goes away: fetches are waiting on the host gate.
    const farm = await startFeedFarm({ feeds: 12, itemsPerFeed: 3, delayMs: 100, hold: async () => (++asked === 5 ? proxy.cut() : undefined) });
    try {
      const sources = Array.from({ length: 12 }, (_, feed) => ({ id: `gone-${String(feed).padStart(2, '0')}`, url: farm.url(feed) }));
      const config = (databaseUrl: string) => ({
        fetch: { allow: [farm.server.hostPort], retries: 0, hostGapMs: 0, perHostConcurrency: 1, concurrency: 4 },
        store: { driver: 'postgres', url: databaseUrl, leaseSeconds: 5 },
        sources,
      });
      const project = tempProject(config(viaProxy.toString()));
      const cut = await runCli(['run'], { cwd: project.dir, timeoutMs: 60_000 });
      expect(cut.code, cut.stderr).toBe(70);
      const lines = cut.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines, cut.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^E_STORE_IO: 127\\.0\\.0\\.1:${proxy.port}${direct.pathname}: cannot .+ the PostgreSQL store \\(`));
      expect(cut.stderr).not.toMatch(/^\s+at /m);

      // Every source the cut run committed has its items, and keeps them through the next run.
      const committed = (await query<{ id: string }>(url, 'SELECT id FROM feedloom_sources WHERE last_fetched_at IS NOT NULL ORDER BY id')).map((row) => row.id);
      expect(committed.length).toBeGreaterThan(0);
      expect(committed.length).toBeLessThan(12);
      const stored = new Set((await query<{ uid: string }>(url, 'SELECT uid FROM feedloom_items')).map((row) => row.uid));
      // Feed 9 also carries a copy of feed 8's newest story (feed-farm.ts).
      const itemsOf = (ids: string[]) => ids.reduce((sum, id) => sum + (id === 'gone-09' ? 4 : 3), 0);
      expect(stored.size).toBe(itemsOf(committed));

      // With the database back, once the cut run's leases expire, the next run fetches only the rest.
      await fs.writeFile(project.configPath, JSON.stringify(config(url)));
      await sleep(5_500);
      farm.hits.clear();
      const after = await runCli(['run'], { cwd: project.dir, timeoutMs: 60_000 });
      expect(after.code, after.stderr).toBe(0);
      expect(farm.hits.size).toBe(12 - committed.length);
      for (const id of committed) expect(farm.hits.has(Number(id.slice(5)))).toBe(false);
      const now = new Set((await query<{ uid: string }>(url, 'SELECT uid FROM feedloom_items')).map((row) => row.uid));
      for (const uid of stored) expect(now.has(uid)).toBe(true);
      expect(now.size).toBe(itemsOf(sources.map((source) => source.id)));
      expect(Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM feedloom_sources WHERE lease_owner IS NOT NULL'))[0].n)).toBe(0);
    } finally {
      await farm.close();
      await proxy.cut().catch(() => undefined);
    }
  }, 90_000);
});
