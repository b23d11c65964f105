// Per-item analysis benchmark (issue 11): µs per farm item for analyseItem (what a parse worker
// does per item) and for the main thread's share (profile and score an analysed item, the
// classifier included), before and after, in one run so both see the same machine load.
//
// "Before" is another commit's code, built into a temporary directory (git archive + tsc, with this
// checkout's node_modules); "after" is this checkout's dist/ (run `npm run build` first). Each pass
// is a fresh node process; passes alternate before/after; medians of `--runs` passes are printed.
// Times are the process's CPU (user + system; the JIT and GC threads count too) and busy wall time.
//
//   node bench/analysis-bench.mjs [--before <commit>] [--runs 5] [--feeds 40]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};

if (args[0] === '--pass') await pass(args[1], Number(option('feeds', 40)));
else await main();

/** One measurement in this process, with the dist/ under `root`; prints JSON. */
async function pass(root, feeds) {
  const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
  const { createFarm } = await import(pathToFileURL(path.join(ROOT, 'bench', 'farm.mjs')).href);
  const { parseFeed } = await load('parse/parse-feed.js');
  const { normaliseFeedItems } = await load('normalise/normalise-item.js');
  // Before issue 16 the analysis lived in pipeline/ and was attached to the item object (rememberAnalysis); now it is handed over.
  const { analyseItem, rememberAnalysis } = await load('dedupe/item-analysis.js').catch(() => load('pipeline/item-analysis.js'));
  const { buildSourceProfile, profileFactsOf, scoreSpam } = await load('filter/spam.js');
  const { spamModelFor } = await load('pipeline/spam-model-load.js');
  const { DEFAULTS } = await load('config/schema.js');
  const model = spamModelFor();
  const farm = createFarm({ feeds, items: 50, t0: Date.UTC(2026, 0, 1), spanMs: 10 * 86_400_000 });
  const now = new Date(Date.UTC(2026, 0, 1, 1));
  const limits = { titleLength: DEFAULTS.titleLength, authorLength: DEFAULTS.authorLength, categoryLength: DEFAULTS.categoryLength, maxCategories: DEFAULTS.maxCategories, urlLength: DEFAULTS.urlLength };
  const options = (feed) => ({ sourceId: `f${feed}`, now, limits, excerptLength: DEFAULTS.excerptLength, maxItemsPerFetch: DEFAULTS.maxItemsPerFetch });
  const parsed = Array.from({ length: feeds }, (_, feed) => parseFeed(farm.bodies[feed], {}));
  const cpu = () => {
    const used = process.cpuUsage();
    return used.user + used.system;
  };
  const totals = { analyseCpu: 0, analyseWall: 0, scoreCpu: 0, scoreWall: 0, items: 0 };
  // Round 0 warms the JIT, as a run's first feeds do; rounds 1 and 2 are measured.
  for (let round = 0; round < 3; round++) {
    for (let feed = 0; feed < feeds; feed++) {
      // As on a parse worker: normalise a feed, then analyse its items (the text cache sees the same order).
      const items = normaliseFeedItems(parsed[feed], options(feed)).items;
      let cpuAt = cpu();
      let wallAt = performance.now();
      const analyses = items.map((item) => analyseItem(item));
      const analyseCpu = cpu() - cpuAt;
      const analyseWall = (performance.now() - wallAt) * 1000;
      // As on the main thread: the analysis arrives by structured clone, then ingest profiles and scores.
      const received = structuredClone(analyses);
      const fresh = items.map((item, index) => {
        const copy = { ...item };
        if (rememberAnalysis) rememberAnalysis(copy, received[index]);
        return copy;
      });
      cpuAt = cpu();
      wallAt = performance.now();
      if (rememberAnalysis) {
        const profile = buildSourceProfile(fresh, null);
        for (const item of fresh) scoreSpam(item, profile, { threshold: 1, weights: {} }, model);
      } else {
        const profile = buildSourceProfile(fresh.map((item, index) => ({ ...item, profileFacts: profileFactsOf(item, received[index].spam) })), null);
        fresh.forEach((item, index) => scoreSpam(item, profile, { threshold: 1, weights: {} }, model, received[index]));
      }
      if (round === 0) continue;
      totals.analyseCpu += analyseCpu;
      totals.analyseWall += analyseWall;
      totals.scoreCpu += cpu() - cpuAt;
      totals.scoreWall += (performance.now() - wallAt) * 1000;
      totals.items += items.length;
    }
  }
  const per = (value) => Math.round((value / totals.items) * 10) / 10;
  console.log(JSON.stringify({ analyseCpu: per(totals.analyseCpu), analyseWall: per(totals.analyseWall), scoreCpu: per(totals.scoreCpu), scoreWall: per(totals.scoreWall), items: totals.items / 2 }));
}

async function main() {
  const runs = Number(option('runs', 5));
  const feeds = Number(option('feeds', 40));
  const before = option('before', null) ?? execFileSync('git', ['log', '--grep=^Analysis equivalence fixture', '--format=%H', '-1'], { cwd: ROOT, encoding: 'utf8' }).trim();
  if (!before) throw new Error('Expected --before <commit>: no "Analysis equivalence fixture" commit found');
  const beforeRoot = mkdtempSync(path.join(tmpdir(), 'feedloom-analysis-before-'));
  try {
    execFileSync('sh', ['-c', `git archive ${before} | tar -x -C ${JSON.stringify(beforeRoot)}`], { cwd: ROOT });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(beforeRoot, 'node_modules'));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: beforeRoot, stdio: 'inherit' });
    const results = { before: [], after: [] };
    for (let run = 0; run < runs; run++) {
      for (const [side, root] of [['before', beforeRoot], ['after', ROOT]]) {
        const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--pass', root, '--feeds', String(feeds)], { encoding: 'utf8' });
        results[side].push(JSON.parse(output.trim().split('\n').pop()));
      }
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const row = (side) => {
      const of = (field) => median(results[side].map((result) => result[field]));
      return { analyseCpu: of('analyseCpu'), analyseWall: of('analyseWall'), scoreCpu: of('scoreCpu'), scoreWall: of('scoreWall'), totalCpu: median(results[side].map((result) => result.analyseCpu + result.scoreCpu)) };
    };
    const [old, now] = [row('before'), row('after')];
    console.log(`Per-item analysis, ${feeds} dense farm feeds × 50 items, medians of ${runs} passes (before = ${before.slice(0, 10)}):`);
    console.log('| | analyseItem µs CPU | (busy wall) | profile + score µs CPU | (busy wall) | total µs CPU |');
    console.log('|:--|--:|--:|--:|--:|--:|');
    for (const [name, value] of [['before', old], ['after', now]]) console.log(`| ${name} | ${value.analyseCpu} | ${value.analyseWall} | ${value.scoreCpu} | ${value.scoreWall} | ${Math.round(value.totalCpu * 10) / 10} |`);
    const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
    console.log(`| before ÷ after | ${ratio(old.analyseCpu, now.analyseCpu)} | ${ratio(old.analyseWall, now.analyseWall)} | ${ratio(old.scoreCpu, now.scoreCpu)} | ${ratio(old.scoreWall, now.scoreWall)} | ${ratio(old.totalCpu, now.totalCpu)} |`);
  } finally {
    rmSync(beforeRoot, { recursive: true, force: true });
  }
}
