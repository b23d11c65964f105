/**
 * Where one thread's time went, stage by stage and over time, from a V8 CPU profile (`node
 * --cpu-prof`; `node bench/run.js ... --node-args "--cpu-prof --cpu-prof-dir=DIR"` writes one per
 * thread of each run, the main thread's named `*.0.001.cpuprofile`). A flat profile says what is
 * expensive; this says *when*: a stretch where the main thread files the stored window while no
 * fetch runs shows up as one stage alone in a row (how the churn stall behind the first ingest was
 * found, docs/performance.md).
 *
 * A sample belongs to the stage of its innermost feedloom frame (dist/<stage>/…: fetch, parse,
 * normalise, filter, dedupe, store, emit, pipeline…), so an SQLite put called by ingest counts as
 * store and node's HTTP client called by the fetcher as fetch. Samples with no feedloom frame are
 * told by what runs: idle, GC, module loading, node's HTTP and stream callbacks (fetch), or other.
 * Times are the profiler's: wall time on the thread, including time it waited for a core.
 *
 *   node bench/profile-timeline.mjs <file.cpuprofile> [--bucket 250] [--top 20]
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const file = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
if (!file) {
  console.error('usage: node bench/profile-timeline.mjs <file.cpuprofile> [--bucket 250] [--top 20]');
  process.exit(2);
}
const bucketMs = option('bucket', 250);
const top = option('top', 20);

const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const SPECIAL = { '(idle)': 'idle', '(garbage collector)': 'gc', '(program)': 'other' };
const DIST_STAGE = /\/dist\/([a-z-]+)\//;
const stageCache = new Map();
/** The stage of a sampled node: its innermost dist/<stage>/ frame, else what node was doing. */
function stageOf(id) {
  let stage = stageCache.get(id);
  if (stage !== undefined) return stage;
  const own = nodes.get(id).callFrame;
  stage = SPECIAL[own.functionName];
  if (stage === undefined) {
    let fallback = 'other';
    for (let frameId = id; frameId !== undefined && stage === undefined; frameId = parentOf.get(frameId)) {
      const { url } = nodes.get(frameId).callFrame;
      // A package's own dist/ (htmlparser2's, say) is not a stage: its feedloom caller is.
      const dist = url.includes('/node_modules/') ? null : DIST_STAGE.exec(url);
      if (dist) stage = dist[1];
      // node's module loader (node:internal/modules/…), not a package under node_modules/.
      else if (fallback === 'other' && url.startsWith('node:internal/modules/')) fallback = 'module load';
      else if (fallback === 'other' && /_http_|node:net|streams?\/|node:stream/.test(url)) fallback = 'fetch';
    }
    stage ??= fallback;
  }
  stageCache.set(id, stage);
  return stage;
}

// timeDeltas[i] is the time before sample i; the sample's own span is the next delta.
const buckets = [];
const totals = new Map();
const selfByFrame = new Map();
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  const spanMs = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  const id = profile.samples[i];
  const stage = stageOf(id);
  const bucket = (buckets[Math.floor(at / 1000 / bucketMs)] ??= new Map());
  bucket.set(stage, (bucket.get(stage) ?? 0) + spanMs);
  totals.set(stage, (totals.get(stage) ?? 0) + spanMs);
  const frame = nodes.get(id).callFrame;
  const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + spanMs);
}

const stages = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
const width = Math.max(6, ...stages.map((stage) => stage.length)) + 2;
const cell = (value) => String(Math.round(value)).padStart(width);
console.log(`${file}: ${(at / 1000).toFixed(0)} ms, ms per stage in ${bucketMs} ms buckets`);
console.log(`${'from ms'.padStart(8)}${stages.map((stage) => stage.padStart(width)).join('')}`);
buckets.forEach((bucket, index) => console.log(`${String(index * bucketMs).padStart(8)}${stages.map((stage) => cell(bucket?.get(stage) ?? 0)).join('')}`));
console.log(`${'total'.padStart(8)}${stages.map((stage) => cell(totals.get(stage))).join('')}`);
console.log(`\nself time, top ${top}:`);
for (const [name, ms] of [...selfByFrame].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(1).padStart(10)} ms  ${name}`);
