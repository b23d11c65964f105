#!/usr/bin/env node
/**
 * `npm run bench -- --only scale` (or `node bench/scale-bench.mjs [--feeds 2000] [--items 10]`):
 * 1, 2 and 4 `feedloom run` processes against one PostgreSQL (a throwaway cluster,
 * scripts/pg-cluster.mjs), on a loopback farm whose every answer waits 50–200 ms, so that fetching,
 * not CPU, bounds one process. Cold (empty database) and warm (every source due again, all 304),
 * and the same cold run on SQLite (one process) beside them. Prints feeds per second per worker
 * count and what the database did per source (transactions, rows written), from pg_stat_database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createFarm, feedPath, formatOf } from './farm.mjs';
import { startCluster } from '../scripts/pg-cluster.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin', 'feedloom.js');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const FEEDS = arg('feeds', 2000);
const ITEMS = arg('items', 10);
const WORKERS = [1, 2, 4];
const CONTENT_TYPE = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

function serveSlowFarm(farm) {
  const stats = { requests: 0 };
  const server = http.createServer((request, response) => {
    stats.requests++;
    const match = /^\/f\/(\d+)\.(xml|json)$/.exec(request.url ?? '');
    const feed = match ? Number(match[1]) : -1;
    // 50–200 ms, fixed per feed: a remote publisher's latency, not CPU.
    const delay = 50 + ((feed * 7919) % 151);
    setTimeout(() => {
      if (!(feed >= 0 && feed < farm.feeds)) return void response.writeHead(404).end();
      const etag = farm.etags[feed];
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
      const body = farm.bodies[feed];
      response.writeHead(200, { etag, 'content-type': CONTENT_TYPE[formatOf(feed)], 'content-length': body.length }).end(body);
    }, delay);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, stats })));
}

function config(dir, port, store) {
  const file = path.join(dir, 'feeds.config.json');
  writeFileSync(
    file,
    JSON.stringify({
      site: { title: 'scale bench', url: 'http://127.0.0.1:9/' },
      fetch: { allow: [`127.0.0.1:${port}`], concurrency: 8, perHostConcurrency: 32, hostGapMs: 0, retries: 0, timeoutMs: 20_000, runBudgetMs: 590_000 },
      store,
      output: { pages: false },
      sources: Array.from({ length: FEEDS }, (_, feed) => ({ id: `f${feed}`, url: `http://127.0.0.1:${port}${feedPath(feed)}` })),
    }),
  );
  return file;
}

function runWorkers(count, cwd, args) {
  const started = performance.now();
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [CLI, 'run', '--quiet', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk) => (stderr += chunk));
          child.on('exit', (code) => resolve({ code, stderr }));
        }),
    ),
  ).then((results) => ({ ms: performance.now() - started, results }));
}

async function dbStats(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const row = (await client.query('SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()')).rows[0];
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  } finally {
    await client.end();
  }
}

async function createDatabase(base, name) {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

// pg_stat_database is updated by the server's stats collector with a short delay.
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

export async function runScaleBench({ log = console.log } = {}) {
  const farm = createFarm({ feeds: FEEDS, items: ITEMS, seed: 7 });
  const served = await serveSlowFarm(farm);
  const cluster = await startCluster();
  const rows = [];
  try {
    log(`scale: ${FEEDS} feeds × ${ITEMS} items, answers after 50–200 ms; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}`);
    for (const workers of WORKERS) {
      const url = await createDatabase(cluster.url, `scale_${workers}`);
      const dir = mkdtempSync(path.join(os.tmpdir(), `feedloom-scale-${workers}-`));
      config(dir, served.port, { driver: 'postgres', url });
      for (const [phase, args] of [['cold', []], ['warm', ['--force']]]) {
        await settle();
        const before = await dbStats(url);
        const requests = served.stats.requests;
        const run = await runWorkers(workers, dir, args);
        const failed = run.results.filter((result) => result.code !== 0);
        await settle();
        const after = await dbStats(url);
        rows.push({
          store: 'postgres',
          workers,
          phase,
          s: run.ms / 1000,
          feedsPerS: FEEDS / (run.ms / 1000),
          requests: served.stats.requests - requests,
          xactPerSource: (after.xact_commit - before.xact_commit) / FEEDS,
          rowsPerSource: (after.tup_inserted + after.tup_updated + after.tup_deleted - before.tup_inserted - before.tup_updated - before.tup_deleted) / FEEDS,
          failed: failed.length,
        });
        if (failed.length > 0) log(`  ${workers} workers ${phase}: ${failed.length} exited non-zero: ${failed[0].stderr.slice(0, 300)}`);
        log(`  postgres, ${workers} worker(s), ${phase}: ${(run.ms / 1000).toFixed(1)} s`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feedloom-scale-sqlite-'));
    config(dir, served.port, { driver: 'sqlite' });
    const requests = served.stats.requests;
    const run = await runWorkers(1, dir, []);
    rows.push({ store: 'sqlite', workers: 1, phase: 'cold', s: run.ms / 1000, feedsPerS: FEEDS / (run.ms / 1000), requests: served.stats.requests - requests, xactPerSource: null, rowsPerSource: null, failed: run.results.filter((r) => r.code !== 0).length });
    log(`  sqlite, 1 process, cold: ${(run.ms / 1000).toFixed(1)} s`);
    rmSync(dir, { recursive: true, force: true });
  } finally {
    cluster.stop();
    served.server.closeAllConnections();
    served.server.close();
  }
  const lines = ['| store | processes | run | wall s | feeds/s | requests | transactions per source | rows written per source | failed |', '|:--|--:|:--|--:|--:|--:|--:|--:|--:|'];
  for (const row of rows) {
    lines.push(`| ${row.store} | ${row.workers} | ${row.phase} | ${row.s.toFixed(1)} | ${row.feedsPerS.toFixed(0)} | ${row.requests} | ${row.xactPerSource?.toFixed(1) ?? '—'} | ${row.rowsPerSource?.toFixed(1) ?? '—'} | ${row.failed} |`);
  }
  log(lines.join('\n'));
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await runScaleBench();
