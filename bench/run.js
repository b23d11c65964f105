// `npm run bench` (issue 7): whole runs of the real CLI, as a child process, against the loopback
// feed farm (bench/farm.mjs, in its own process), per scenario and store driver. Prints a table and
// writes bench/results.json. Not part of `npm test`.
//
//   node bench/run.js [--quick | --scale N] [--only dense,cold,warm,config,churn,emit,big,naive,micro,scale] [--drivers sqlite,json]
//                     [--feeds N]   (the dense scenario's feed count, 1000; e.g. --only dense --feeds 200)
//                     [--reps N] [--keep] [--out FILE] [--timeout S] [--budget S] [--node-args "--cpu-prof --cpu-prof-dir=/tmp/prof"]
//
// Each run is killed after --timeout seconds (300) and the whole bench stops starting runs after
// --budget seconds (570), so it stays under 10 minutes even when a change makes something slow.
// --quick divides every size by 10 (--scale N by N): a smoke test of the bench itself. Only 127.0.0.1 is ever
// contacted: the farm listens there and the configs allow exactly its host:port.
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchConfigRead } from './config-bench.mjs';
import { feedPath } from './farm.mjs';

// FEEDLOOM_BENCH_ROOT measures another checkout (a branch, a copy) with this bench and farm.
const ROOT = path.resolve(process.env.FEEDLOOM_BENCH_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const BENCH = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(ROOT, 'bin', 'feedloom.js');
const TIME = '/usr/bin/time';
const HAS_TIME = existsSync(TIME);

const options = parseOptions(process.argv.slice(2));
const SCALE = options.scale ?? (options.quick ? 10 : 1);
/** Fetch settings for the bench: every feed lives on one host, so the per-host limits are raised. */
const FETCH = { concurrency: 16, perHostConcurrency: 16, hostGapMs: 0 };
const DAY_MS = 86_400_000;
const SIZES = {
  // The headline (bounded-cost issue): 50 items a feed over the last 10 days, every feed's newest item
  // within the last day, so ~5,000 items a day fall into the duplicate search's window.
  dense: { feeds: Math.round((options.feeds ?? 1000) / (options.scale ?? (options.quick ? 10 : 1))), items: 50, spanMs: 10 * DAY_MS },
  cold: { feeds: 1000 / SCALE, items: 50 },
  emit: { feeds: 2000 / SCALE, items: 50 },  // 100,000 items, written straight into the store
  big: { feeds: 10_000 / SCALE, items: 20 },
  bigBase: { feeds: 1000 / SCALE, items: 20 },
};
const CHURN = { share: 0.1, k: 5 };
/** The config scenario's warm runs per arm: at least this many, whatever --reps says. */
const CONFIG_REPS = 5;
/** A scenario whose first run takes longer than this is not repeated (median of 1, said in the table). */
const SLOW_RUN_MS = 20_000;
/** Warm and churn runs after the first cold one are repeated only while each takes less than this. */
const REPEAT_UNDER_MS = 10_000;
const T0 = Date.now() - 3_600_000;
const benchStarted = performance.now();

function parseOptions(argv) {
  const parsed = { quick: false, only: null, drivers: ['sqlite', 'json'], reps: 3, keep: false, nodeArgs: [], out: null, timeoutS: 300, budgetS: 570 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') parsed.quick = true;
    else if (arg === '--keep') parsed.keep = true;
    else if (arg === '--only') parsed.only = new Set(argv[++i].split(','));
    else if (arg === '--drivers') parsed.drivers = argv[++i].split(',');
    else if (arg === '--reps') parsed.reps = Number(argv[++i]);
    else if (arg === '--timeout') parsed.timeoutS = Number(argv[++i]);
    else if (arg === '--scale') parsed.scale = Number(argv[++i]);
    else if (arg === '--feeds') parsed.feeds = Number(argv[++i]);
    else if (arg === '--budget') parsed.budgetS = Number(argv[++i]);
    else if (arg === '--out') parsed.out = argv[++i];
    else if (arg === '--node-args') parsed.nodeArgs = argv[++i].split(' ').filter(Boolean);
    else throw new Error(`unknown option ${arg}`);
  }
  return parsed;
}

const wanted = (name) => options.only === null || options.only.has(name);

// ---- the farm, in its own process -------------------------------------------------------------
const farmProcess = fork(path.join(BENCH, 'farm.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const pending = [];
farmProcess.on('message', (message) => pending.shift()?.(message));
function farm(command) {
  return new Promise((resolve, reject) => {
    pending.push((reply) => (reply.ok ? resolve(reply) : reject(new Error(`farm: ${reply.error}`))));
    farmProcess.send(command);
  });
}
let farmShape = null;
/** Set the farm up unless it already serves exactly this shape (setting up 50k items takes seconds). */
async function useFarm(feeds, items, spanMs = 0) {
  const key = `${feeds}x${items}/${spanMs}`;
  if (farmShape?.key === key && !farmShape.dirty) return farmShape;
  const reply = await farm({ cmd: 'setup', feeds, items, seed: 1, t0: T0, spanMs });
  farmShape = { key, feeds, items, port: reply.port, bytes: reply.bytes, dirty: false };
  log(`farm: ${feeds} feeds × ${items} items${spanMs ? ` over ${spanMs / DAY_MS} days` : ''}, ${(reply.bytes / 1e6).toFixed(1)} MB, generated in ${reply.setupMs} ms`);
  return farmShape;
}

// ---- configs and runs -------------------------------------------------------------------------
const TMP = mkdtempSync(path.join(os.tmpdir(), 'feedloom-bench-'));

function writeConfig(dir, driver, shape) {
  mkdirSync(dir, { recursive: true });
  const sources = Array.from({ length: shape.feeds }, (_, feed) => ({
    id: `f${String(feed).padStart(5, '0')}`,
    url: `http://127.0.0.1:${shape.port}${feedPath(feed)}`,
    category: `Topic ${feed % 8}`,
  }));
  const config = {
    site: { title: 'feedloom bench', url: 'http://localhost:8080/' },
    fetch: { ...FETCH, allow: [`127.0.0.1:${shape.port}`] },
    store: { driver, path: 'data' },
    output: { dir: 'out', pages: true },
    sources,
  };
  const file = path.join(dir, 'feeds.config.json');
  writeFileSync(file, JSON.stringify(config, null, 1));
  return file;
}

function log(line) {
  process.stderr.write(`${line}\n`);
}

/** One CLI (or other script) run under /usr/bin/time (or the resourceUsage wrapper); returns its figures. */
async function measure(script, args, { cwd = ROOT, env: extraEnv = {} } = {}) {
  const usageFile = path.join(TMP, `usage-${process.hrtime.bigint()}`);
  const node = [...options.nodeArgs, script, ...args];
  const baseEnv = { ...process.env, ...extraEnv };
  const [command, argv, env] = HAS_TIME
    ? [TIME, ['-f', '%e %U %S %M', '-o', usageFile, process.execPath, ...node], baseEnv]
    : script === '-e'
      ? [process.execPath, ['-e', "process.on('exit', () => require('node:fs').writeFileSync(process.env.FEEDLOOM_BENCH_USAGE, JSON.stringify(process.resourceUsage())))"], { ...baseEnv, FEEDLOOM_BENCH_USAGE: usageFile }]
      : [process.execPath, [path.join(BENCH, 'child-usage.mjs'), ...node], { ...baseEnv, FEEDLOOM_BENCH_USAGE: usageFile }];
  const load = os.loadavg()[0];
  const remainingS = options.budgetS - (performance.now() - benchStarted) / 1000;
  if (remainingS < 5) {
    log(`!! ${path.basename(script)} ${args[0]} skipped: the bench budget (${options.budgetS} s) is spent`);
    return { wallMs: 0, cpuMs: NaN, rssMB: NaN, load, stdout: '', stderr: '', timedOut: true, skipped: true };
  }
  const limitS = Math.min(options.timeoutS, remainingS);
  const started = performance.now();
  // Its own process group, so a timeout kills node under /usr/bin/time too.
  const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // One stuck or quadratic run must not hold the whole bench past its 10-minute budget.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid, 'SIGKILL');
  }, limitS * 1000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr.length < 20_000 ? (stderr += chunk) : null));
  const code = await new Promise((resolve) => child.on('close', (exit, signal) => resolve(signal ?? exit)));
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  if (timedOut) {
    log(`!! ${path.basename(script)} ${args[0]} killed after ${Math.round(limitS)} s`);
    return { wallMs, cpuMs: NaN, rssMB: NaN, load, stdout, stderr, timedOut: true };
  }
  if (code !== 0) {
    // A crash (out of memory, an exception) is a result too: recorded, and the bench goes on.
    log(`!! ${path.basename(script)} ${args.join(' ')} exited ${code}\n${stderr.slice(-1500)}`);
    return { wallMs, cpuMs: NaN, rssMB: NaN, load, stdout, stderr, timedOut: true, failed: `exited with ${code}` };
  }
  const usage = readFileSync(usageFile, 'utf8').trim();
  let cpuMs;
  let rssMB;
  if (HAS_TIME) {
    const [, user, sys, maxKb] = usage.split('\n').pop().split(' ').map(Number);
    cpuMs = (user + sys) * 1000;
    rssMB = maxKb / 1024;
  } else {
    const parsed = JSON.parse(usage);
    cpuMs = (parsed.userCPUTime + parsed.systemCPUTime) / 1000;
    rssMB = parsed.maxRSS / 1024;
  }
  return { wallMs, cpuMs, rssMB, load, stdout, stderr };
}

async function runCli(command, configFile, env = {}) {
  // Not --quiet: since issue 15 that leaves out the JSON summary the bench reads.
  const args = [command, '--config', configFile, '--log-format', 'json'];
  if (command === 'run') args.push('--force');
  const figures = await measure(CLI, args, { env });
  if (figures.timedOut) return { ...figures, summary: null };
  const line = figures.stdout.trim().split('\n').filter((text) => text.startsWith('{"summary"')).pop();
  if (!line) throw new Error(`no JSON summary from feedloom ${command}:\n${figures.stdout.slice(-2000)}\n${figures.stderr.slice(-2000)}`);
  return { ...figures, summary: JSON.parse(line).summary };
}

// ---- results ----------------------------------------------------------------------------------
const results = [];
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Record the median of several runs of one scenario; `items` and `bytes` are what the run had to process. */
function record(name, driver, runs, { items, bytes, feeds, check, note }) {
  if (runs.some((run) => run.timedOut)) {
    const skipped = runs.some((run) => run.skipped);
    const wallMs = Math.round(Math.max(...runs.map((run) => run.wallMs)));
    const failed = runs.find((run) => run.failed)?.failed;
    const note = skipped
      ? `not run: the bench budget (--budget ${options.budgetS} s) was spent`
      : failed
        ? `FAILED: ${failed} after ${Math.round(wallMs / 1000)} s`
        : `killed after ${Math.round(wallMs / 1000)} s (--timeout ${options.timeoutS} s, or the budget)`;
    const row = { scenario: name, driver, runs: runs.length, timedOut: true, skipped, wallMs, cpuMs: null, peakRssMB: null, itemsPerSec: null, mbPerSec: null, feeds, items, bytes, loadAvg: runs[0].load, note };
    results.push(row);
    log(`${name.padEnd(10)} ${String(driver).padEnd(6)} ${note}`);
    return row;
  }
  const wallMs = median(runs.map((run) => run.wallMs));
  const row = {
    scenario: name,
    driver,
    runs: runs.length,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(median(runs.map((run) => run.cpuMs))),
    peakRssMB: Math.round(median(runs.map((run) => run.rssMB))),
    itemsPerSec: items ? Math.round(items / (wallMs / 1000)) : null,
    mbPerSec: bytes ? Number((bytes / 1e6 / (wallMs / 1000)).toFixed(1)) : null,
    feeds,
    items,
    bytes,
    allWallMs: runs.map((run) => Math.round(run.wallMs)),
    loadAvg: Number(median(runs.map((run) => run.load)).toFixed(2)),
    summary: runs[runs.length - 1].summary ?? null,
    note: note ?? null,
  };
  if (check) {
    const problem = check(runs[runs.length - 1].summary);
    if (problem) {
      row.note = `CHECK FAILED: ${problem}`;
      log(`!! ${name}/${driver}: ${problem}`);
    }
  }
  results.push(row);
  log(`${name.padEnd(10)} ${String(driver).padEnd(6)} wall ${row.wallMs} ms  cpu ${row.cpuMs} ms  rss ${row.peakRssMB} MB  (runs ${row.allWallMs.join(', ')}; load ${row.loadAvg})`);
  return row;
}

const expect = (label, got, want) => (got === want ? null : `${label}: expected ${want}, got ${got}`);
const first = (...problems) => problems.find((problem) => problem) ?? null;
const storedItems = (summary) => summary.items.new - summary.items.duplicate;

// ---- scenarios --------------------------------------------------------------------------------
async function coldWarmChurn(driver) {
  const shape = await useFarm(SIZES.cold.feeds, SIZES.cold.items);
  const runs = { cold: [], warm: [], churn: [] };
  const reps = options.reps;
  for (let rep = 0; rep < reps; rep++) {
    const dir = path.join(TMP, `cwc-${driver}-${rep}`);
    const config = writeConfig(dir, driver, shape);
    runs.cold.push(await runCli('run', config));
    if (runs.cold.at(-1).timedOut) break;
    // Warm and churn runs are cheap: after the first cold store they are repeated on it, so that
    // they are medians of `reps` even when the slow cold run is not repeated.
    const after = rep === 0 ? reps : 0;
    // (A slow one, such as churn on the JSON store, runs once: the whole bench must stay under 10 minutes.)
    const again = (list) => list.length === 0 || list.at(-1).wallMs < REPEAT_UNDER_MS;
    for (let round = 0; round < after && wanted('warm') && again(runs.warm); round++) runs.warm.push(await runCli('run', config));
    if (after && wanted('config') && driver === options.drivers[0]) await configScenario(driver, config);
    for (let round = 0; round < after && wanted('churn') && again(runs.churn); round++) {
      // Each round, the same 10% of feeds publish K more items.
      const { changed } = await farm({ cmd: 'advance', share: CHURN.share, k: CHURN.k });
      farmShape.dirty = true;
      runs.churn.push({ ...(await runCli('run', config)), changed });
    }
    if (farmShape.dirty) await useFarm(SIZES.cold.feeds, SIZES.cold.items);
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    // Slow runs are not repeated, so that the whole bench stays under 10 minutes (the table says runs=1).
    if (runs.cold.at(-1).wallMs > SLOW_RUN_MS) break;
  }
  const { feeds, items } = SIZES.cold;
  if (runs.cold.length) {
    record('cold', driver, runs.cold, {
      feeds,
      items: feeds * items,
      bytes: shape.bytes,
      check: (s) => first(expect('sources ok', s.sources.ok, feeds), expect('items new', s.items.new, feeds * items)),
    });
  }
  if (runs.cold.at(-1)?.timedOut) return;
  if (runs.warm.length) {
    record('warm', driver, runs.warm, {
      feeds,
      check: (s) => first(expect('sources not modified', s.sources.notModified, feeds), expect('outputs written', s.outputs.written.length, 0)),
    });
  }
  if (runs.churn.length) {
    const changed = runs.churn[0].changed;
    record('churn', driver, runs.churn, {
      feeds,
      items: changed * items,
      bytes: Math.round((shape.bytes / feeds) * changed),
      check: (s) => first(expect('sources ok', s.sources.ok, changed), expect('items new', s.items.new, changed * CHURN.k)),
      note: `${changed} feeds with ${CHURN.k} new items each`,
    });
  }
}

/**
 * What the zod-free config path (config/parse-config-fast.ts) saves a warm run: on the warm store of
 * coldWarmChurn (every feed answers 304), warm runs with the fast path and with it disabled
 * (bench/zod-config-hook.mjs, loaded in both arms so both pay for the hook), interleaved so a change
 * in machine load hits both alike; then reading the config alone, both ways, in fresh processes.
 */
async function configScenario(driver, config) {
  const { feeds } = SIZES.cold;
  const hook = `--import=${pathToFileURL(path.join(BENCH, 'zod-config-hook.mjs')).href}`;
  const env = (arm) => ({ NODE_OPTIONS: [process.env.NODE_OPTIONS, hook].filter(Boolean).join(' '), FEEDLOOM_BENCH_CONFIG: arm });
  const arms = { fast: [], zod: [] };
  const reps = Math.max(options.reps, CONFIG_REPS);
  for (let rep = 0; rep < reps; rep++) {
    for (const arm of Object.keys(arms)) arms[arm].push(await runCli('run', config, env(arm)));
    if (arms.zod.at(-1).timedOut || arms.fast.at(-1).timedOut) break;
  }
  const check = (s) => first(expect('sources not modified', s.sources.notModified, feeds), expect('outputs written', s.outputs.written.length, 0));
  const fast = record('warm-fast-config', driver, arms.fast, { feeds, check, note: 'warm run, config through parse-config-fast.ts (as every run)' });
  const zod = record('warm-zod-config', driver, arms.zod, { feeds, check, note: 'warm run, config through the zod schema (fast path disabled)' });
  if (fast.timedOut || zod.timedOut) return;
  const saved = zod.wallMs - fast.wallMs;
  zod.note += `; the fast path saves ${saved} ms wall (${((saved / zod.wallMs) * 100).toFixed(1)}% of the zod-path run), ${zod.cpuMs - fast.cpuMs} ms cpu`;
  const read = benchConfigRead({ sources: feeds, runs: reps });
  const readRow = { scenario: 'config-read', driver: '-', runs: reps, wallMs: Math.round(read.fast), cpuMs: null, peakRssMB: null, itemsPerSec: null, mbPerSec: null, feeds, loadAvg: Number(os.loadavg()[0].toFixed(2)), note: `reading the ${feeds}-source config alone in a fresh process (bench/config-bench.mjs): fast path ${read.fast.toFixed(1)} ms, zod ${read.zod.toFixed(1)} ms` };
  results.push(readRow);
  log(`config-read fast ${read.fast.toFixed(1)} ms  zod ${read.zod.toFixed(1)} ms`);
}

async function emitScenario(driver) {
  const { feeds, items } = SIZES.emit;
  const dir = path.join(TMP, `emit-${driver}`);
  // Sources named as the farm names them; emit never fetches, so the port is never used.
  const config = writeConfig(dir, driver, { feeds, port: 9 });
  const fill = await measure(path.join(BENCH, 'fill-store.mjs'), [path.join(ROOT, 'dist'), driver, path.join(dir, 'data'), String(feeds), String(items), String(T0)]);
  if (fill.timedOut) return record('fill-100k', driver, [fill], { feeds, items: feeds * items });
  fill.summary = JSON.parse(fill.stdout.trim().split('\n').pop());
  record('fill-100k', driver, [fill], {
    feeds,
    items: feeds * items,
    check: (s) => expect('stored items', s.items, feeds * items),
    note: `${feeds * items} items written through the store API in one commit (not a feedloom command)`,
  });
  const runs = [];
  for (let rep = 0; rep < options.reps; rep++) {
    runs.push(await runCli('emit', config));
    if (runs.at(-1).timedOut || runs.at(-1).wallMs > SLOW_RUN_MS) break;
  }
  record('emit', driver, runs, {
    feeds,
    items: feeds * items,
    check: (s) => (runs.length < 2 || s.outputs.written.length === 0 ? null : `a repeated emit rewrote ${s.outputs.written.length} unchanged files`),
    note: runs[0].summary ? `feeds, digest and pages from a store of ${feeds * items} items; first emit wrote ${runs[0].summary.outputs.written.length} files, later ones ${runs.at(-1).summary?.outputs.written.length ?? '?'}` : null,
  });
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
}

async function bigScenario(driver) {
  const rows = [];
  for (const [name, size] of [['big-1k', SIZES.bigBase], ['big-10k', SIZES.big]]) {
    const shape = await useFarm(size.feeds, size.items);
    const dir = path.join(TMP, `${name}-${driver}`);
    const run = await runCli('run', writeConfig(dir, driver, shape));
    rows.push(
      record(name, driver, [run], {
        feeds: size.feeds,
        items: size.feeds * size.items,
        bytes: shape.bytes,
        check: (s) => expect('items new', s.items.new, size.feeds * size.items),
        note: '1 run',
      }),
    );
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    if (rows.at(-1).timedOut) break;
  }
  const [base, big] = rows;
  if (!big || base.timedOut || big.timedOut) return;
  const per1k = (row) => ({ wallMs: Math.round(row.wallMs / (row.feeds / 1000)), rssMB: Math.round(row.peakRssMB / (row.feeds / 1000)) });
  big.note = `per 1,000 feeds: ${per1k(big).wallMs} ms (1k-feed run: ${per1k(base).wallMs} ms, ratio ${(big.wallMs / big.feeds / (base.wallMs / base.feeds)).toFixed(2)}); RSS ${big.peakRssMB} MB vs ${base.peakRssMB} MB at 1k feeds`;
}

async function naiveScenario(name = 'naive', size = SIZES.cold, reps = options.naiveReps) {
  const shape = await useFarm(size.feeds, size.items, size.spanMs);
  const runs = [];
  for (let rep = 0; rep < reps; rep++) {
    const dir = path.join(TMP, `${name}-${rep}`);
    const run = await measure(path.join(BENCH, 'naive-baseline.mjs'), [String(shape.port), String(shape.feeds), dir, String(FETCH.concurrency)]);
    run.summary = run.timedOut ? null : JSON.parse(run.stdout.trim().split('\n').pop());
    runs.push(run);
    rmSync(dir, { recursive: true, force: true });
    if (run.timedOut || run.wallMs > SLOW_RUN_MS) break;
  }
  const { feeds, items } = size;
  return record(name, 'lowdb', runs, {
    feeds,
    items: feeds * items,
    bytes: shape.bytes,
    check: (s) => expect('items', s.items, feeds * items),
    note: 'rss-parser + cheerio + lowdb (one write at the end), same farm and fetch concurrency',
  });
}

/**
 * The headline: one cold run of the dense farm (SQLite, pages on), and the naive baseline on the same
 * farm in the same bench run, so the ratio beside each figure compares like with like.
 */
async function denseScenario(driver) {
  const size = SIZES.dense;
  const shape = await useFarm(size.feeds, size.items, size.spanMs);
  const dir = path.join(TMP, `dense-${driver}`);
  const run = await runCli('run', writeConfig(dir, driver, shape), { FEEDLOOM_STAGE_TIMES: path.join(dir, 'stage-times.json') });
  const stageFile = path.join(dir, 'stage-times.json');
  const stages = !run.timedOut && existsSync(stageFile) ? JSON.parse(readFileSync(stageFile, 'utf8')) : null;
  const row = record('dense', driver, [run], {
    feeds: size.feeds,
    items: size.feeds * size.items,
    bytes: shape.bytes,
    check: (s) => first(expect('sources ok', s.sources.ok, size.feeds), expect('items new', s.items.new, size.feeds * size.items)),
    note: `${size.feeds} feeds × ${size.items} items over 10 days, 1 run`,
  });
  row.stages = stages;
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
  const naive = await naiveScenario('dense-naive', size, 1);
  if (!row.timedOut && !naive.timedOut) {
    row.vsNaive = { wall: Number((row.wallMs / naive.wallMs).toFixed(2)), cpu: Number((row.cpuMs / naive.cpuMs).toFixed(2)), rss: Number((row.peakRssMB / naive.peakRssMB).toFixed(2)) };
    row.note += `; feedloom / naive: wall ${row.vsNaive.wall}×, cpu ${row.vsNaive.cpu}×, RSS ${row.vsNaive.rss}×`;
  } else if (row.timedOut && !naive.timedOut) {
    row.note += `; naive took ${(naive.wallMs / 1000).toFixed(1)} s, so feedloom / naive > ${(row.wallMs / naive.wallMs).toFixed(1)}× wall`;
  }
  if (stages) printStages(stages, size.feeds * size.items);
}

/** The instrumented run's per-stage CPU, as µs per item (FEEDLOOM_STAGE_TIMES, src/core/stage-clock.ts). */
function printStages(stages, items) {
  // Busy time on the stage's own thread (the synchronous stages) or process CPU (commit, emit): see stage-clock.ts.
  // On a loaded machine busy time overstates CPU (a thread waiting for a core still counts), so the
  // last column shares the process's real CPU out in proportion to busy time: an estimate.
  const order = ['parse', 'normalise', 'analysis', 'dedupe', 'store', 'emit'].filter((stage) => stages.stages[stage]);
  const busy = order.reduce((sum, stage) => sum + stages.stages[stage].wallUs, 0);
  const lines = ['| stage | µs busy / item | µs process cpu / item | share of busy | µs cpu / item (apportioned) | calls |', '|:--|--:|--:|--:|--:|--:|'];
  for (const stage of order) {
    const t = stages.stages[stage];
    const share = t.wallUs / busy;
    lines.push(`| ${stage} | ${(t.wallUs / items).toFixed(1)} | ${t.cpuUs === null ? '' : (t.cpuUs / items).toFixed(1)} | ${(share * 100).toFixed(1)}% | ${((share * stages.processCpuUs) / items).toFixed(1)} | ${t.calls} |`);
  }
  log(`per-stage figures of the dense run (${items} items; whole process cpu ${(stages.processCpuUs / 1000).toFixed(0)} ms):\n${lines.join('\n')}`);
}

/** The per-stage micro benchmarks other modules left in bench/, run small; their output is kept as text. */
async function microBenches() {
  const micro = [
    ['sanitise-bench.mjs', ['2000', '3']],
    ['parse-bench.mjs', []],
    ['store-bench.mjs', ['--sizes', '10000', '--sqlite-startup', '300000']],
  ];
  const outputs = {};
  for (const [file, args] of micro) {
    if (!existsSync(path.join(BENCH, file))) continue;
    try {
      const run = await measure(path.join(BENCH, file), args);
      outputs[file] = run.stdout.trim();
      log(`--- ${file}\n${run.stdout.trim()}`);
    } catch (error) {
      outputs[file] = `failed: ${error.message.split('\n')[0]}`;
      log(`--- ${file} failed: ${error.message}`);
    }
  }
  return outputs;
}

// ---- main -------------------------------------------------------------------------------------
function printTable() {
  const head = ['scenario', 'driver', 'runs', 'wall s', 'cpu s', 'peak RSS MB', 'items/s', 'MB/s', 'load'];
  const rows = results.map((row) => [
    row.scenario,
    row.driver,
    String(row.runs),
    row.skipped ? 'skipped' : row.note?.startsWith('FAILED') ? 'failed' : row.timedOut ? `>${Math.round(row.wallMs / 1000)}` : (row.wallMs / 1000).toFixed(2),
    row.cpuMs === null ? '' : (row.cpuMs / 1000).toFixed(2),
    row.peakRssMB === null ? '' : String(row.peakRssMB),
    row.itemsPerSec === null ? '' : String(row.itemsPerSec),
    row.mbPerSec === null ? '' : String(row.mbPerSec),
    row.loadAvg.toFixed(1),
  ]);
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w, i) => (i < 2 ? ':' : '-') + '-'.repeat(w) + (i < 2 ? '-' : ':')).join('|')}|`, ...rows.map(line)];
  process.stdout.write(`\n${out.join('\n')}\n`);
  for (const row of results) if (row.note) process.stdout.write(`  ${row.scenario}/${row.driver}: ${row.note}\n`);
}

function ratios() {
  const naive = results.find((row) => row.scenario === 'naive');
  const lines = {};
  for (const row of results.filter((r) => r.scenario === 'cold' && !r.timedOut)) {
    if (naive && !naive.timedOut) lines[`naive/cold-${row.driver}`] = Number((naive.wallMs / row.wallMs).toFixed(2));
  }
  return lines;
}

options.naiveReps = options.reps;
const started = benchStarted;
try {
  log(`feedloom bench: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${HAS_TIME ? '/usr/bin/time' : 'process.resourceUsage()'}; temp ${TMP}`);
  // What any Node process costs here: the floor under the warm figure.
  if (wanted('warm')) {
    const runs = [];
    for (let rep = 0; rep < options.reps; rep++) runs.push(await measure('-e', ['0']));
    record('node -e 0', '-', runs, { note: 'process start alone, for reference' });
  }
  // Most telling first, so a spent budget (--budget) cuts the least important scenarios.
  if (wanted('dense')) await denseScenario(options.drivers[0]);
  for (const [index, driver] of options.drivers.entries()) {
    if (wanted('cold') || wanted('warm') || wanted('churn') || (index === 0 && wanted('config'))) await coldWarmChurn(driver);
    if (index === 0 && wanted('naive')) await naiveScenario();
  }
  for (const driver of options.drivers) if (wanted('emit')) await emitScenario(driver);
  // Growth with the number of sources is the store-independent question; one driver (the first, SQLite) answers it in budget.
  if (wanted('big')) await bigScenario(options.drivers[0]);
  const micro = wanted('micro') ? await microBenches() : {};
  // Several processes on one PostgreSQL (issue 12): only when asked for, as it starts a database cluster.
  if (options.only?.has('scale')) await (await import('./scale-bench.mjs')).runScaleBench({ log });
  printTable();
  const ratio = ratios();
  for (const [name, value] of Object.entries(ratio)) process.stdout.write(`  ${name}: naive wall / feedloom wall = ${value} (issue 7 asks for at least 3)\n`);
  const totalS = Math.round((performance.now() - started) / 1000);
  process.stdout.write(`  whole bench: ${totalS} s\n`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, memGB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` };
  const report = { at: new Date().toISOString(), machine, options: { ...options, only: options.only && [...options.only] }, fetch: FETCH, totalS, results, ratios: ratio, micro };
  // A partial or quick run never overwrites the full results unless asked to (--out).
  const out = options.out ?? (SCALE === 1 && options.only === null ? path.join(BENCH, 'results.json') : null);
  if (out && !process.env.FEEDLOOM_BENCH_ROOT) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await farm({ cmd: 'close' }).catch(() => {});
  farmProcess.kill();
  if (!options.keep) rmSync(TMP, { recursive: true, force: true });
  else log(`kept ${TMP}`);
}
