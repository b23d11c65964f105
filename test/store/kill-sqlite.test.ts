/** R45 for the sqlite driver: ≥ 200 SIGKILLs of a writing process, the store whole after each. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { killRepeatedly, seededRandom } from './kill-harness.js';
import { compileStore, makeTempDir } from './store-fixtures.js';

const kills = Number(process.env.FEEDLOOM_KILL_LOOPS ?? 200);
const seed = Number(process.env.FEEDLOOM_KILL_SEED ?? Date.now() % 1_000_000);
let storeDist: string;
let dir: string;

beforeAll(async () => {
  storeDist = await compileStore('kill-sqlite');
  dir = await makeTempDir();
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(path.dirname(storeDist), { recursive: true, force: true });
});

it(`survives ${kills} SIGKILLs during sqlite store writes: every reopen holds one whole generation (R45, seed ${seed})`, async () => {
  const report = await killRepeatedly(storeDist, 'sqlite', dir, kills, seededRandom(seed));
  expect(report.kills).toBe(kills);
  // Most kills must land while the writer is busy writing, or the test proves little.
  expect(report.whileWriting).toBeGreaterThanOrEqual(kills / 2);
  expect(report.generations).toBeGreaterThan(1);
  console.log(`R45 sqlite: ${report.kills} kills, ${report.whileWriting} while writing, reached generation ${report.generations}`);
}, 900_000);
