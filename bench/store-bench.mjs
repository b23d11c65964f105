// Store benchmark (issue 7): open, load and write costs of both drivers at 10k and 100k items,
// and SQLite start-up at 300k. Plain ESM over the compiled store: run `npm run build` first, or
// point STORE_DIST at another compiled src/store. Each case runs in its own process so memory
// figures do not mix. Usage: node bench/store-bench.mjs [--sizes 10000,100000] [--sqlite-startup 300000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const storeDist = process.env.STORE_DIST ?? path.join(here, '..', 'dist', 'store');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
}

function makeItem(itemUid, source, index, stamp) {
  const key = `https://example.org/${source}/post-${index}`;
  const date = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
  const html = `<p>${'Paragraph of a realistic feed item body with <a href="https://example.org/x">links</a>. '.repeat(16)}</p>`;
  return {
    id: key, title: `Post ${index} of ${source} ${stamp}`, link: key, published: date, updated: null, author: 'Author',
    categories: ['news', 'tech'], summary: html.slice(0, 300), content: html, enclosures: [], key, sourceId: source,
    canonicalLink: key, excerpt: html.slice(3, 203), contentHash: `${index}-${stamp}`, fetchedAt: date, date, language: 'en',
    uid: itemUid(source, key), firstSeenAt: date, lastSeenAt: date, quarantine: null, approved: false, duplicateOf: null,
    alsoCarriedBy: [], slug: null,
  };
}

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

/** Wall and CPU (user + system) milliseconds: on a shared machine CPU time is the steadier figure. */
async function timed(action) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = await action();
  const used = process.cpuUsage(cpu);
  sample();
  return { value, figure: `${Math.round(performance.now() - wall)}/${Math.round((used.user + used.system) / 1000)}` };
}

async function runOne(driver, size) {
  const { openStore, itemUid } = await import(path.join(storeDist, 'store.js'));
  const dir = mkdtempSync(path.join(os.tmpdir(), `store-bench-${driver}-`));
  const sources = Math.max(1, Math.round(size / 50));
  try {
    let store = await openStore({ driver, dir });
    let items = await store.openItems();
    const stage = await timed(() => {
      for (let i = 0; i < size; i++) items.put(makeItem(itemUid, `s${i % sources}`, i, 'a'));
    });
    const firstWrite = await timed(() => items.commit());
    await store.close();
    const bytes = readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);

    // A warm run: open and read state only.
    const openState = await timed(async () => {
      store = await openStore({ driver, dir });
      await store.readState();
    });
    // A churn run: load items, read the newest 50, change 250 items of 5 sources, commit.
    const load = await timed(async () => (items = await store.openItems()).count());
    const newest = await timed(() => items.newest({ limit: 50 }));
    const churn = await timed(async () => {
      for (let i = 0; i < 250; i++) items.put(makeItem(itemUid, `s${i % sources}`, i, 'b'));
      await items.commit();
    });
    await store.close();
    if (load.value !== size || newest.value.length !== 50) throw new Error(`expected ${size} items, found ${load.value}`);
    return {
      driver, items: size, MB: Math.round(bytes / 1e5) / 10, 'stage wall/cpu ms': stage.figure, 'first write': firstWrite.figure,
      'open+state': openState.figure, 'load items': load.figure, 'newest 50': newest.figure, 'churn 250 commit': churn.figure,
      peakRssMB: Math.round(peakRss / 1e6),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--one') {
  const result = await runOne(process.argv[3], Number(process.argv[4]));
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const sizes = option('--sizes', '10000,100000').split(',').map(Number);
  const startup = Number(option('--sqlite-startup', '300000'));
  const cases = sizes.flatMap((size) => [['json', size], ['sqlite', size]]);
  if (startup) cases.push(['sqlite', startup]);
  const results = [];
  for (const [driver, size] of cases) {
    const run = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--one', driver, String(size)], {
      encoding: 'utf8',
      env: { ...process.env, STORE_DIST: storeDist },
    });
    if (run.status !== 0) {
      console.error(`${driver} ${size}: failed\n${run.stderr}`);
      continue;
    }
    results.push(JSON.parse(run.stdout.trim().split('\n').pop()));
  }
  console.table(results);
  console.log(JSON.stringify({ machine: `${os.cpus().length}× ${os.cpus()[0]?.model}, node ${process.version}`, loadAverage: os.loadavg()[0], results }, null, 2));
}
