/**
 * Parse-pool benchmark (issue 7): farm feeds (bench/farm.mjs, generated in-process, nothing fetched)
 * parsed in-process and on parse-pool.ts workers, in one run so the ratios share the machine's load.
 * Six parses are kept outstanding, like fetch.concurrency. "busy" rows also normalise each feed on
 * the main thread as it arrives (what ingest does), so parsing and the main thread's own work overlap;
 * "normalise in worker" rows use prepare instead, so the main thread only receives items.
 *
 * Each pass runs in a fresh node process, as a real run does: a worker's isolate starts with a cold
 * JIT (its first feeds parse several times slower), and so does the main thread, so a warm main
 * thread must not be raced against cold workers. Main-thread time is the event loop's active time
 * (performance.eventLoopUtilization), CPU the whole process (every thread). Medians of 3.
 * Needs a built dist/ (`npm run build`).
 *
 *   node bench/parse-pool-bench.mjs [feeds=200] [items=50]
 */
import { deepStrictEqual } from 'node:assert';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createFarm, farmSize } from './farm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (file) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href);
// What a run's main thread has loaded before its first parse; parse-feed.js itself is loaded lazily, as fetch-sources.ts does.
const { createParsePool } = await load('parse/parse-pool.js');
const { normaliseFeedItems } = await load('normalise/normalise-item.js');
const { DEFAULTS } = await load('config/schema.js');

const RUNS = 3;
const OUTSTANDING = 6;
const passConfig = process.argv[2] === '--pass' ? JSON.parse(process.argv[3]) : null;
const args = passConfig === null ? process.argv.slice(2) : process.argv.slice(4);
const feeds = Number(args[0] ?? 200);
const items = Number(args[1] ?? 50);
const farm = createFarm({ feeds, items, t0: Date.UTC(2026, 0, 1) });
const now = new Date(Date.UTC(2026, 0, 1, 1));
const normaliseOptions = (id) => ({
  sourceId: `f${id}`,
  now,
  limits: { titleLength: DEFAULTS.titleLength, authorLength: DEFAULTS.authorLength, categoryLength: DEFAULTS.categoryLength, maxCategories: DEFAULTS.maxCategories, urlLength: DEFAULTS.urlLength },
  excerptLength: DEFAULTS.excerptLength,
  maxItemsPerFetch: DEFAULTS.maxItemsPerFetch,
});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const parseInProcess = async (body, hints) => (await load('parse/parse-feed.js')).parseFeed(body, hints);

/** One pass over the farm. Bodies are fresh copies made before the clock starts: the pool takes ownership. */
async function pass(parse, busy, normaliseInWorker) {
  const bodies = farm.bodies.map((body) => Buffer.from(body));
  let next = 0;
  let parsedItems = 0;
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  const lane = async () => {
    while (next < bodies.length) {
      const id = next++;
      const hints = { url: `https://f${id}.example.org/feed`, contentType: 'application/xml; charset=utf-8' };
      if (normaliseInWorker) {
        const { feed } = await parse(bodies[id], hints, normaliseOptions(id));
        parsedItems += feed.items.length;
        continue;
      }
      const feed = await parse(bodies[id], hints);
      parsedItems += feed.items.length;
      if (busy) normaliseFeedItems(feed, normaliseOptions(id));
    }
  };
  await Promise.all(Array.from({ length: OUTSTANDING }, lane));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, items: parsedItems, mainMs: performance.eventLoopUtilization(elu).active, cpuMs: (used.user + used.system) / 1000 };
}

if (passConfig !== null) {
  const pool = passConfig.pool === null ? null : createParsePool(passConfig.pool);
  const parse = pool === null ? parseInProcess : passConfig.normaliseInWorker ? ((body, hints, options) => pool.prepare(body, hints, { ...options, analyse: false })) : pool.parse;
  const result = await pass(parse, passConfig.busy, passConfig.normaliseInWorker === true);
  await pool?.close();
  process.stdout.write(JSON.stringify({ ...result, stats: pool?.stats() ?? null }));
  process.exit(0);
}

function measure(label, pool, busy, normaliseInWorker = false) {
  const rows = [];
  for (let run = 0; run < RUNS; run++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--pass', JSON.stringify({ pool, busy, normaliseInWorker }), String(feeds), String(items)], { encoding: 'utf8' });
    rows.push(JSON.parse(out));
  }
  const ms = median(rows.map((row) => row.ms));
  return { label, busy, ms, itemsPerS: rows[0].items / (ms / 1000), mainMs: median(rows.map((row) => row.mainMs)), cpuMs: median(rows.map((row) => row.cpuMs)), stats: rows[0].stats };
}

const { parseFeed } = await load('parse/parse-feed.js');

// Same answers: every farm feed through a pool deep-equals in-process parseFeed.
{
  const pool = createParsePool({ size: 2, inProcessBytes: 0 });
  const results = await Promise.all(farm.bodies.map((body) => pool.parse(Buffer.from(body), {})));
  results.forEach((feed, id) => deepStrictEqual(feed, parseFeed(farm.bodies[id], {})));
  await pool.close();
}

// Worker start-up: from createParsePool to the first answer for a tiny feed.
const starts = [];
for (let run = 0; run < RUNS; run++) {
  const pool = createParsePool({ size: 1, inProcessBytes: 0 });
  const started = performance.now();
  await pool.parse(Buffer.from('<rss version="2.0"><channel><title>t</title></channel></rss>'), {});
  starts.push(performance.now() - started);
  await pool.close();
}

// Normalising in a worker: its cost beside the cost of cloning its result back (what postMessage pays). Warm.
const sample = farm.bodies.slice(0, Math.min(60, feeds)).map((body) => parseFeed(body, {}));
const timeEach = (work) => {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    sample.forEach(work);
    times.push((performance.now() - started) / sample.length);
  }
  return median(times);
};
const parseMs = timeEach((_, id) => parseFeed(farm.bodies[id], {}));
const normaliseMs = timeEach((feed, id) => normaliseFeedItems(feed, normaliseOptions(id)));
const normalised = sample.map((feed, id) => normaliseFeedItems(feed, normaliseOptions(id)));
const cloneFeedMs = timeEach((feed) => structuredClone(feed));
const cloneNormalisedMs = timeEach((_, id) => structuredClone(normalised[id]));

const rows = [measure('in-process', null, false)];
for (const [size, maxInFlightPerWorker] of [[1, 1], [1, 2], [2, 1], [2, 2]]) {
  rows.push(measure(`pool size ${size}, in-flight ${maxInFlightPerWorker}`, { size, maxInFlightPerWorker }, false));
}
rows.push(measure('in-process', null, true));
rows.push(measure('pool size 2, in-flight 2', { size: 2, maxInFlightPerWorker: 2 }, true));
rows.push(measure('pool 2/2, normalise in wkr', { size: 2, maxInFlightPerWorker: 2 }, true, true));

const size = farmSize(farm);
console.log(`${size.feeds} feeds × ${items} items, ${(size.bytes / 1e6).toFixed(1)} MB; medians of ${RUNS}, each pass a fresh process; ${OUTSTANDING} parses outstanding`);
console.log(`worker start to first answer: ${median(starts).toFixed(0)} ms`);
console.log(`per feed, warm: parseFeed ${parseMs.toFixed(2)} ms, normaliseFeedItems ${normaliseMs.toFixed(2)} ms; structuredClone of ParsedFeed ${cloneFeedMs.toFixed(2)} ms, of NormaliseResult ${cloneNormalisedMs.toFixed(2)} ms`);
console.log('mode | parse                    |  wall ms |  items/s | main ms | cpu ms | vs in-process: wall, main');
for (const row of rows) {
  const base = rows.find((other) => other.busy === row.busy && other.label === 'in-process');
  console.log(
    `${row.busy ? 'busy' : 'idle'} | ${row.label.padEnd(24)} | ${row.ms.toFixed(0).padStart(8)} | ${row.itemsPerS.toFixed(0).padStart(8)} | ${row.mainMs.toFixed(0).padStart(7)} | ${row.cpuMs.toFixed(0).padStart(6)} | ${(row.ms / base.ms).toFixed(2)}×, ${(row.mainMs / base.mainMs).toFixed(2)}×` +
      (row.stats ? `  (${row.stats.inProcess} in-process, ${row.stats.inWorkers} in workers)` : ''),
  );
}
