// What the zod-free config path saves: reading and validating a 1,000-source config in a fresh
// process, through parse-config-fast.ts (the path every run takes) and through the zod schema alone.
// `npm run build && node bench/config-bench.mjs [sources] [runs]`; prints medians of `runs` processes.
// bench/run.js (`--only config`) also runs it, beside whole warm runs with and without the fast path.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readConfigModule = pathToFileURL(path.join(root, 'dist/config/read-config.js')).href;
const loadConfigModule = pathToFileURL(path.join(root, 'dist/config/load-config.js')).href;
const configFileModule = pathToFileURL(path.join(root, 'dist/config/config-file.js')).href;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median milliseconds to read a config of `sources` sources, `{ fast, zod }`, over `runs` fresh processes each. */
export function benchConfigRead({ sources = 1000, runs = 7 } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedloom-config-bench-'));
  const configPath = path.join(dir, 'feeds.config.json');
  const list = Array.from({ length: sources }, (_, i) => ({ id: `s${i}`, url: `http://127.0.0.1:9/${i}.xml`, category: ['News', `C${i % 10}`], interval: '30m' }));
  writeFileSync(configPath, JSON.stringify({ site: { title: 'bench', url: 'http://127.0.0.1:8080/' }, store: { driver: 'sqlite' }, sources: list }, null, 2));
  const programs = {
    fast: `const t = performance.now(); const { readConfig } = await import(${JSON.stringify(readConfigModule)}); await readConfig(${JSON.stringify(configPath)}); console.log(performance.now() - t);`,
    zod: `const t = performance.now(); const { readConfigJson } = await import(${JSON.stringify(configFileModule)}); const { resolveConfig } = await import(${JSON.stringify(loadConfigModule)}); const { data, absolute } = readConfigJson(${JSON.stringify(configPath)}); resolveConfig(data, absolute); console.log(performance.now() - t);`,
  };
  const times = { fast: [], zod: [] };
  try {
    // Interleaved, so a change in machine load hits both alike.
    for (let run = 0; run < runs; run += 1) {
      for (const [name, program] of Object.entries(programs)) {
        times[name].push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' })));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { fast: median(times.fast), zod: median(times.zod) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sources = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 7);
  const { fast, zod } = benchConfigRead({ sources, runs });
  console.log(`config of ${sources} sources, median of ${runs} fresh processes: fast path ${fast.toFixed(1)} ms, zod ${zod.toFixed(1)} ms (zod/fast ${(zod / fast).toFixed(1)}x)`);
}
