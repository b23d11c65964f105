/**
 * Polite polling and what the operator sees, through the real CLI against a loopback server:
 * next-due times respected by `run` (and, with a fake clock, honoured when they come), the host
 * gap and a Retry-After cool-down shared by every source on the host, 304 and byte-identical
 * answers counted as savings, status/health/metrics files, and a 404 that proposes the moved feed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/pipeline/logger.js';
import { runCycle } from '../../src/pipeline/run-cycle.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { htmlPage, rssFeed, runSummary, startRoutedServer } from './ops-kit.js';

let server: Awaited<ReturnType<typeof startRoutedServer>>;
const MINUTE = 60_000;
const hits = (url: string) => server.requests.filter((request) => request.url === url).length;

const feed = (name: string) => rssFeed(name, `https://${name}.example/`, [{ guid: `${name}-1`, title: `${name} first story of the day`, link: `https://${name}.example/1`, date: '2026-11-27T09:00:00Z' }]);

beforeAll(async () => {
  server = await startRoutedServer({});
  server.routes['/etag.xml'] = { body: feed('etag'), headers: { ETag: '"v1"' } };
  server.routes['/same.xml'] = { body: feed('same') };
  server.routes['/cached.xml'] = { body: feed('cached'), headers: { 'Cache-Control': 'max-age=7200' } };
  for (const name of ['g1', 'g2', 'g3']) server.routes[`/${name}.xml`] = { body: feed(name) };
});

afterAll(() => server.close());

function project(sources: Array<Record<string, unknown>>, fetch: Record<string, unknown> = {}) {
  return tempProject({ site: { title: 'Polling' }, fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0, ...fetch }, output: { pages: false }, sources });
}

describe('next-due times', { timeout: 120_000 }, () => {
  it('a second `run` without --force fetches nothing: every source is not yet due', async () => {
    const { configPath } = project([
      { id: 'etag', url: `${server.origin}/etag.xml` },
      { id: 'cached', url: `${server.origin}/cached.xml`, interval: '10m' },
    ]);
    const first = await runCli(['run', '--config', configPath, '--log-format', 'json']);
    expect(runSummary(first.stdout).sources).toMatchObject({ ok: 2, skipped: 0 });
    const before = server.requests.length;
    const second = await runCli(['run', '--config', configPath, '--log-format', 'json']);
    expect(second.code).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(runSummary(second.stdout).sources).toMatchObject({ ok: 0, notModified: 0, skipped: 2 });
  });

  it('with a fake clock: not due before the interval, due after it; Cache-Control max-age pushes it later', async () => {
    const { configPath } = project([
      { id: 'etag', url: `${server.origin}/etag.xml`, interval: '30m' },
      { id: 'cached', url: `${server.origin}/cached.xml`, interval: '10m' },
    ]);
    const config = loadConfig(configPath);
    const t0 = Date.parse('2026-11-28T08:00:00Z');
    const at = (minutes: number) => async () => {
      const start = { etag: hits('/etag.xml'), cached: hits('/cached.xml') };
      await runCycle(config, { logger: silentLogger, now: () => new Date(t0 + minutes * MINUTE) });
      return { etag: hits('/etag.xml') - start.etag, cached: hits('/cached.xml') - start.cached };
    };
    expect(await at(0)()).toEqual({ etag: 1, cached: 1 });
    expect(await at(29)()).toEqual({ etag: 0, cached: 0 });
    expect(await at(31)()).toEqual({ etag: 1, cached: 0 });
    // max-age=7200 outweighs the 10-minute interval (the larger wins): due at 120, not at 10.
    expect(await at(115)()).toEqual({ etag: 1, cached: 0 });
    expect(await at(125)()).toEqual({ etag: 0, cached: 1 });
    const state = JSON.parse(readFileSync(path.join(path.dirname(configPath), 'data', 'state.json'), 'utf8'));
    expect(state.sources.cached.nextDueAt).toBe(new Date(t0 + 125 * MINUTE + 120 * MINUTE).toISOString());
    expect(state.sources.etag.nextDueAt).toBe(new Date(t0 + 115 * MINUTE + 30 * MINUTE).toISOString());
    // status counts items per source: one stored, posted a day before the (fake) now: 1 in 4 weeks.
    expect(state.sources.etag.items).toEqual({ stored: 1, perWeek: 0.3 });
  });
});

describe('savings and the status report', { timeout: 120_000 }, () => {
  it('counts 304s and byte-identical bodies as unchanged polls with the bytes they saved, in status, status.json and metrics.prom', { timeout: 90_000 }, async () => {
    const { dir, configPath } = project([
      { id: 'etag', url: `${server.origin}/etag.xml` },
      { id: 'same', url: `${server.origin}/same.xml` },
    ]);
    server.routes['/etag.xml'] = { body: feed('etag'), headers: { ETag: '"v1"' } };
    await runCli(['run', '--config', configPath, '--force', '--log-format', 'json']);
    // The server now answers 304 to the validator; /same.xml keeps sending the same bytes.
    const handler = server.routes['/etag.xml'];
    server.routes['/etag.xml'] = { status: 304, body: '', headers: { ETag: '"v1"' } };
    const second = await runCli(['run', '--config', configPath, '--force', '--log-format', 'json']);
    server.routes['/etag.xml'] = handler;
    expect(runSummary(second.stdout).sources).toMatchObject({ notModified: 1, unchanged: 1 });
    const status = JSON.parse((await runCli(['status', '--json', '--config', configPath])).stdout);
    const rows = Object.fromEntries(status.sources.map((row: { id: string }) => [row.id, row]));
    for (const id of ['etag', 'same']) {
      expect(rows[id].polls).toBe(2);
      expect(rows[id].unchangedShare).toBe(0.5);
      expect(rows[id].bytesSaved).toBe(Buffer.byteLength(feed(id)));
    }
    expect(rows.etag.itemsStored).toBe(1);
    const table = (await runCli(['status', '--config', configPath])).stdout;
    expect(table).toMatch(/etag\s+not-modified\s.*50%\s+\d+ B\s/);
    expect(table).toMatch(/same\s+ok\s.*50%\s+\d+ B\s/);
    const written = JSON.parse(readFileSync(path.join(dir, 'data', 'status', 'status.json'), 'utf8'));
    expect(written.sources).toEqual(status.sources);
    const metrics = readFileSync(path.join(dir, 'data', 'status', 'metrics.prom'), 'utf8');
    expect(metrics).toContain('feedloom_sources{state="ok"} 1');
    expect(metrics).toContain('feedloom_sources{state="not-modified"} 1');
    expect(metrics).toMatch(/feedloom_last_run_duration_seconds \d+\.\d{3}/);
    expect(metrics).toContain('feedloom_source_items{source="etag"} 1');
  });
});

describe('politeness per host', { timeout: 120_000 }, () => {
  it('keeps the configured gap between requests to one host', async () => {
    const starts: number[] = [];
    for (const name of ['g1', 'g2', 'g3']) server.routes[`/${name}.xml`] = { body: feed(name) };
    const { configPath } = project(['g1', 'g2', 'g3'].map((id) => ({ id, url: `${server.origin}/${id}.xml` })), { hostGapMs: 400, perHostConcurrency: 1 });
    const before = server.requests.length;
    const originalPush = server.requests.push.bind(server.requests);
    server.requests.push = (...entries) => {
      starts.push(performance.now());
      return originalPush(...entries);
    };
    try {
      await runCli(['run', '--config', configPath, '--force']);
    } finally {
      server.requests.push = originalPush;
    }
    expect(server.requests.length - before).toBe(3);
    const gaps = starts.slice(1).map((start, index) => start - starts[index]);
    // Timer slack only ever makes a gap longer; 390 allows for clock granularity.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(390);
  });

  it('retries of a failing request keep the gap too (issue 15, defect 4)', async () => {
    server.routes['/failing.xml'] = { status: 500, body: 'broken' };
    const arrivals: number[] = [];
    const { configPath } = project([{ id: 'failing', url: `${server.origin}/failing.xml` }], { hostGapMs: 1000, retries: 2, retryBaseMs: 10 });
    const originalPush = server.requests.push.bind(server.requests);
    server.requests.push = (...entries) => {
      if (entries.some((entry) => entry.url === '/failing.xml')) arrivals.push(performance.now());
      return originalPush(...entries);
    };
    try {
      await runCli(['run', '--config', configPath]);
    } finally {
      server.requests.push = originalPush;
    }
    expect(arrivals).toHaveLength(3);
    // A retry's own backoff is at most 10-20 ms here: the gap is the host's. 990 allows for clock granularity.
    for (const [index, arrival] of arrivals.slice(1).entries()) expect(arrival - arrivals[index]).toBeGreaterThanOrEqual(990);
  });

  it('a 429 with Retry-After cools down the whole host: the other sources on it are not fetched this run', async () => {
    server.routes['/limited.xml'] = { status: 429, body: 'slow down', headers: { 'Retry-After': '600' } };
    const { dir, configPath } = project([
      { id: 'limited', url: `${server.origin}/limited.xml` },
      { id: 'neighbour', url: `${server.origin}/g1.xml` },
    ]);
    const before = hits('/g1.xml');
    const run = await runCli(['run', '--config', configPath, '--force', '--log-format', 'json']);
    expect(run.code).toBe(0);
    expect(hits('/g1.xml')).toBe(before);
    const status = JSON.parse((await runCli(['status', '--json', '--config', configPath])).stdout);
    const rows = Object.fromEntries(status.sources.map((row: { id: string }) => [row.id, row]));
    expect(rows.limited.state).toBe('rate-limited');
    expect(rows.neighbour.state).toBe('rate-limited');
    // Next attempt no sooner than the host asked (600 s), for both.
    for (const id of ['limited', 'neighbour']) expect(Date.parse(rows[id].nextDueAt) - Date.parse(rows[id].lastFetchAt)).toBeGreaterThanOrEqual(590_000);
    const health = readFileSync(path.join(dir, 'data', 'status', 'health.xml'), 'utf8');
    expect(health).toContain('<title>limited: rate-limited</title>');
  });
});

describe('a host that asked for a pause (issue 15, defect 3)', { timeout: 120_000 }, () => {
  it('run --force never asks it again within its Retry-After, for that feed or another on the host', async () => {
    server.routes['/paused.xml'] = { status: 429, body: 'slow down', headers: { 'Retry-After': '3600' } };
    server.routes['/newcomer.xml'] = { body: feed('newcomer') };
    const paused = { id: 'paused', url: `${server.origin}/paused.xml` };
    const { dir, configPath } = project([paused]);
    const first = await runCli(['run', '--config', configPath, '--log-format', 'json']);
    expect(first.code).toBe(0);
    expect(hits('/paused.xml')).toBe(1);

    // A feed added on the same host since, and two forced runs: the host is asked nothing.
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(readFileSync(configPath, 'utf8')), sources: [paused, { id: 'newcomer', url: `${server.origin}/newcomer.xml` }] }));
    for (let run = 0; run < 2; run++) expect((await runCli(['run', '--config', configPath, '--force', '--log-format', 'json'], { cwd: dir })).code).toBe(0);
    expect(hits('/paused.xml')).toBe(1);
    expect(hits('/newcomer.xml')).toBe(0);
    const status = JSON.parse((await runCli(['status', '--json', '--config', configPath])).stdout);
    const rows = Object.fromEntries(status.sources.map((row: { id: string }) => [row.id, row]));
    expect(rows.paused.state).toBe('rate-limited');
    expect(rows.newcomer.state).toBe('rate-limited');
    // Both wait for the end of the hour the host asked for, not for an interval of ours.
    for (const id of ['paused', 'newcomer']) expect(Date.parse(rows[id].nextDueAt)).toBeGreaterThanOrEqual(Date.parse(rows.paused.lastFetchAt) + 3_590_000);
  });
});

describe('a healthy feed that starts answering 404', { timeout: 120_000 }, () => {
  it('triggers discovery on its site, and status proposes the feed found there; a recovery clears it', { timeout: 120_000 }, async () => {
    const site = `${server.origin}/moving-site/`;
    server.routes['/moving/old.xml'] = { body: rssFeed('Moving', site, [{ guid: 'm1', title: 'Moving story one', link: 'https://moving.example/1', date: '2026-11-27T09:00:00Z' }]) };
    server.routes['/moving-site/'] = { type: 'text/html', body: htmlPage('<link rel="alternate" type="application/rss+xml" href="/moving/new.xml">') };
    server.routes['/moving/new.xml'] = { body: rssFeed('Moving', site, []) };
    const { configPath } = project([{ id: 'moving', url: `${server.origin}/moving/old.xml` }]);
    await runCli(['run', '--config', configPath, '--force']);
    const oldRoute = server.routes['/moving/old.xml'];
    delete server.routes['/moving/old.xml'];
    await runCli(['run', '--config', configPath, '--force']);
    const status = JSON.parse((await runCli(['status', '--json', '--config', configPath])).stdout);
    expect(status.sources[0].lastError.code).toBe('E_NOT_FOUND');
    expect(status.sources[0].proposal).toBe(
      `the feed answers 404; its site ${site} advertises ${server.origin}/moving/new.xml: set sources[id=moving].url to "${server.origin}/moving/new.xml"`,
    );
    expect((await runCli(['status', '--config', configPath])).stdout).toContain(`moving: the feed answers 404; its site ${site} advertises ${server.origin}/moving/new.xml`);

    server.routes['/moving/old.xml'] = oldRoute;
    await runCli(['run', '--config', configPath, '--force']);
    const recovered = JSON.parse((await runCli(['status', '--json', '--config', configPath])).stdout);
    expect(recovered.sources[0].proposal).toBeNull();
  });

  it('does not search when the source was already failing', { timeout: 60_000 }, async () => {
    server.routes['/never.xml'] = { status: 500, body: 'broken' };
    const { configPath } = project([{ id: 'never', url: `${server.origin}/never.xml` }]);
    await runCli(['run', '--config', configPath, '--force']);
    delete server.routes['/never.xml'];
    const before = server.requests.length;
    await runCli(['run', '--config', configPath, '--force']);
    expect(server.requests.slice(before).map((request) => request.url)).toEqual(['/never.xml']);
  });
});
