// Peak RSS, wall and CPU of cold dense runs (issue 11, item 3), two trees alternating on one farm,
// and whether their out/ directories are byte-identical (the clock is fixed, bench/fixed-clock.cjs).
//
//   node bench/memory-bench.mjs --before <tree> [--after <tree, default this one>] [--feeds 200,400,1000] [--reps 3]
//
// A tree is a directory holding bin/, dist/, models/ and templates/ (a built checkout, or a copy).
// Runs go under /usr/bin/time; the median of the reps is printed per tree and size, with after ÷ before.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFarm, feedPath, serveFarm } from './farm.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const trees = { before: args.includes('--before') ? path.resolve(opt('--before', '')) : null, after: path.resolve(opt('--after', path.join(BENCH, '..'))) };
/** Without --before, only the after tree runs (figures, no comparison). */
const names = trees.before ? ['before', 'after'] : ['after'];
const sizes = opt('--feeds', '200,400,1000').split(',').map(Number);
const reps = Number(opt('--reps', '3'));
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 11, 1, 12);
const TMP = mkdtempSync(path.join(os.tmpdir(), 'feedloom-memory-'));
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

function hashTree(dir) {
  const hashes = {};
  const walk = (sub) => {
    for (const name of readdirSync(path.join(dir, sub)).sort()) {
      const rel = path.join(sub, name);
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else hashes[rel] = createHash('sha256').update(readFileSync(path.join(dir, rel))).digest('hex');
    }
  };
  walk('');
  return hashes;
}

function runTree(tree, dir, port, feeds) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sources = Array.from({ length: feeds }, (_, feed) => ({ id: `f${String(feed).padStart(5, '0')}`, url: `http://127.0.0.1:${port}${feedPath(feed)}`, category: `Topic ${feed % 8}` }));
  const config = {
    site: { title: 'feedloom bench', url: 'http://localhost:8080/' },
    fetch: { concurrency: 16, perHostConcurrency: 16, hostGapMs: 0, allow: [`127.0.0.1:${port}`] },
    store: { driver: 'sqlite', path: 'data' },
    output: { dir: 'out', pages: true },
    sources,
  };
  writeFileSync(path.join(dir, 'feeds.config.json'), JSON.stringify(config, null, 1));
  const usage = path.join(dir, 'usage');
  const argv = ['-f', '%e %U %S %M', '-o', usage, process.execPath, '--require', path.join(BENCH, 'fixed-clock.cjs'), path.join(tree, 'bin', 'feedloom.js'), 'run', '--config', path.join(dir, 'feeds.config.json'), '--force', '--log-format', 'json'];
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', argv, { cwd: dir, env: { ...process.env, FEEDLOOM_FIXED_NOW: String(T0 + 3_600_000) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${tree} exited ${code}: ${err.slice(-2000)}`));
      const [wall, user, sys, maxKb] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      // SHOW_STDERR=text: echo the run's stderr lines holding it (a diagnostic a tree prints).
      if (process.env.SHOW_STDERR) for (const line of err.split('\n')) if (line.includes(process.env.SHOW_STDERR)) process.stderr.write(`${line}\n`);
      const summary = JSON.parse(out.trim().split('\n').filter((line) => line.startsWith('{"summary"')).pop()).summary;
      resolve({ wall, cpu: user + sys, rssMB: maxKb / 1024, summary, load: os.loadavg()[0] });
    });
  });
}

const farmBox = { farm: null };
const { server, port } = await serveFarm(() => farmBox.farm);
const report = [];
for (const feeds of sizes) {
  farmBox.farm = createFarm({ feeds, items: 50, seed: 1, t0: T0, spanMs: 10 * DAY_MS });
  const runs = { before: [], after: [] };
  const outputs = {};
  for (let rep = 0; rep < reps; rep++) {
    for (const name of rep % 2 === 0 ? names : [...names].reverse()) {
      const dir = path.join(TMP, `${name}-${feeds}`);
      const run = await runTree(trees[name], dir, port, feeds);
      runs[name].push(run);
      process.stderr.write(`${feeds} feeds ${name} rep ${rep + 1}: wall ${run.wall.toFixed(1)} s, cpu ${run.cpu.toFixed(1)} s, peak RSS ${run.rssMB.toFixed(0)} MB, new ${run.summary.items.new}, load ${run.load.toFixed(1)}\n`);
      if (rep === 0) outputs[name] = hashTree(path.join(dir, 'out'));
    }
  }
  const a = outputs.after;
  const b = outputs.before ?? a;
  const differing = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((file) => b[file] !== a[file]);
  const row = { feeds };
  for (const name of names) row[name] = { wall: median(runs[name].map((r) => r.wall)), cpu: median(runs[name].map((r) => r.cpu)), rssMB: median(runs[name].map((r) => r.rssMB)) };
  if (trees.before) row.ratio = { wall: row.after.wall / row.before.wall, cpu: row.after.cpu / row.before.cpu, rss: row.after.rssMB / row.before.rssMB };
  row.outFiles = Object.keys(a).length;
  row.differing = differing;
  report.push(row);
  if (trees.before) process.stderr.write(`${feeds} feeds: out/ ${row.outFiles} files, ${differing.length === 0 ? 'byte-identical' : `${differing.length} differ: ${differing.slice(0, 5).join(', ')}`}\n`);
}
server.close();
rmSync(TMP, { recursive: true, force: true });
console.log('| feeds | tree | wall s | CPU s | peak RSS MB |');
console.log('|--:|:--|--:|--:|--:|');
for (const row of report) {
  for (const name of names) console.log(`| ${row.feeds} | ${name} | ${row[name].wall.toFixed(1)} | ${row[name].cpu.toFixed(1)} | ${row[name].rssMB.toFixed(0)} |`);
  if (trees.before) console.log(`| ${row.feeds} | after ÷ before | ${row.ratio.wall.toFixed(2)} | ${row.ratio.cpu.toFixed(2)} | ${row.ratio.rss.toFixed(2)} |`);
}
console.log(JSON.stringify(report));
