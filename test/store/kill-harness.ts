/**
 * R45: SIGKILL a process that is writing the store, at random points, many times; after every
 * kill the store must open, validate and hold one whole generation (the old or the new), never a
 * mix or a torn file. The writer runs compiled JS (tsx is not installed).
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TEMP_MARKER } from '../../src/store/atomic-write.js';
import { itemUid, openStore, type StoreDriver } from '../../src/store/store.js';
import { repoRoot } from './store-fixtures.js';

const writer = path.join(repoRoot, 'test', 'store', 'fixtures', 'store-writer.mjs');

export interface KillReport {
  kills: number;
  /** Kills that landed after the child had finished at least one generation (steady writing). */
  whileWriting: number;
  generations: number;
}

/** Spawn the writer, kill it after `delayMs` (counted from its first commit when `afterFirstCommit`). */
async function runAndKill(storeDist: string, driver: StoreDriver, dir: string, delayMs: number, afterFirstCommit: boolean): Promise<number> {
  const child = spawn(process.execPath, [writer, storeDist, driver, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let lastGen = 0;
  let firstCommit: () => void = () => undefined;
  const committed = new Promise<void>((resolve) => (firstCommit = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lastGen = Number(line);
    firstCommit();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (afterFirstCommit) await Promise.race([committed, exited]);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  const code = await exited;
  // Exiting on its own means the writer failed (e.g. it met a store it could not read).
  if (code !== null) throw new Error(`writer exited with ${code}: ${stderr}`);
  return lastGen;
}

/** Opens the store as the next run would and checks it holds one whole generation. */
export async function checkStore(driver: StoreDriver, dir: string): Promise<number> {
  const store = await openStore({ driver, dir });
  try {
    const stateGen = Number(((await store.readState()).blocked[0] ?? 'gen:0').slice(4));
    const items = await store.openItems();
    const all = [...items.all()];
    const itemsGen = Number((items.get(itemUid('s', 'k0'))?.title ?? 'gen 0').slice(4));
    const expectedCount = itemsGen === 0 ? 0 : 200 + (itemsGen % 50);
    if (all.length !== expectedCount || items.count() !== expectedCount) {
      throw new Error(`generation ${itemsGen} should hold ${expectedCount} items, found ${all.length}`);
    }
    const mixed = all.find((item) => item.title !== `gen ${itemsGen}`);
    if (mixed) throw new Error(`generation ${itemsGen} contains ${mixed.key} from "${mixed.title}"`);
    // Items commit first, state second: a kill between them leaves the state behind, and the next
    // writer continues from the items' generation, so successive kills there can leave it further
    // behind. It must never be ahead: that would mean a state write landed without its items.
    if (stateGen > itemsGen) throw new Error(`state at generation ${stateGen}, items at ${itemsGen}`);
    const leftovers = (await fs.readdir(dir)).filter((name) => name.includes(TEMP_MARKER));
    if (leftovers.length) throw new Error(`temp files left after open: ${leftovers.join(', ')}`);
    return itemsGen;
  } finally {
    await store.close();
  }
}

export async function killRepeatedly(storeDist: string, driver: StoreDriver, dir: string, kills: number, random: () => number): Promise<KillReport> {
  const report: KillReport = { kills: 0, whileWriting: 0, generations: 0 };
  for (let i = 0; i < kills; i++) {
    // Odd rounds kill during steady writing; even rounds anywhere from start-up on.
    const afterFirstCommit = i % 2 === 1;
    const lastGen = await runAndKill(storeDist, driver, dir, Math.floor(random() * (afterFirstCommit ? 80 : 400)), afterFirstCommit);
    report.kills++;
    if (lastGen > 0) report.whileWriting++;
    report.generations = await checkStore(driver, dir);
  }
  return report;
}

/** Deterministic PRNG (mulberry32) so a failing sequence of kill points can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
