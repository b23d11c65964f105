/**
 * `feedloom store migrate`: json ↔ sqlite without loss, checked by counts and a content hash.
 */
import { promises as fs } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashStore, migrateStore } from '../../src/store/migrate.js';
import { SCHEMA_VERSION, openStore, type StoreDriver } from '../../src/store/store.js';
import { makeSourceState, makeTempDir } from './store-fixtures.js';
import { itemUid } from '../../src/store/keys.js';
import { storedItem } from '../helpers/stored-item.js';

let dirs: string[] = [];
const tempDir = async () => {
  const dir = await makeTempDir();
  dirs.push(dir);
  return dir;
};

async function seed(driver: StoreDriver, dir: string): Promise<void> {
  const store = await openStore({ driver, dir });
  const items = await store.openItems();
  for (let i = 0; i < 250; i++) {
    items.put(
      storedItem({
        sourceId: i % 2 ? 'alpha' : 'beta',
        key: `item-${i}`,
        date: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
        quarantine: i % 50 === 0 ? { score: 5, reasons: ['SPAM_GAMBLING'] } : null,
        duplicateOf: i % 40 === 1 ? itemUid('beta', 'item-0') : null,
        title: i === 7 ? 'Ünïcødé — 日本語 \u2028 "quoted"' : `Item ${i}`,
      }),
    );
  }
  await items.commit();
  await store.writeState({
    schemaVersion: SCHEMA_VERSION,
    sources: { alpha: makeSourceState('alpha'), beta: makeSourceState('beta', { status: 'failing', consecutiveFailures: 2 }) },
    blocked: ['https://example.org/blocked'],
    health: [{ at: '2026-11-28T10:00:00.000Z', sourceId: 'beta', kind: 'failing', message: 'E_TIMEOUT' }],
    lastRun: null,
  });
  await store.close();
}

beforeEach(() => {
  dirs = [];
});
afterEach(async () => {
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('migrateStore', () => {
  it.each([['json', 'sqlite'], ['sqlite', 'json']] as const)('moves a %s store to %s with equal counts and content hash', async (from, to) => {
    const fromDir = await tempDir();
    const toDir = await tempDir();
    await seed(from, fromDir);
    const original = await openStore({ driver: from, dir: fromDir });
    const before = await hashStore(original);
    await original.close();

    const result = await migrateStore({ driver: from, dir: fromDir }, { driver: to, dir: toDir });
    expect(result).toEqual({ items: 250, sources: 2, hash: before.hash });

    const moved = await openStore({ driver: to, dir: toDir });
    const items = await moved.openItems();
    expect(items.count()).toBe(250);
    expect(items.quarantined()).toHaveLength(5);
    expect(items.get(itemUid('alpha', 'item-7'))?.title).toBe('Ünïcødé — 日本語 \u2028 "quoted"');
    expect((await moved.readState()).sources.beta.consecutiveFailures).toBe(2);
    await moved.close();
  });

  it('round-trips json → sqlite → json in the same directory to the same hash', async () => {
    const dir = await tempDir();
    const back = await tempDir();
    await seed('json', dir);
    const there = await migrateStore({ driver: 'json', dir }, { driver: 'sqlite', dir });
    const again = await migrateStore({ driver: 'sqlite', dir }, { driver: 'json', dir: back });
    expect(again).toEqual(there);
  });

  it('refuses a target that already holds items, leaving both stores as they were', async () => {
    const fromDir = await tempDir();
    const toDir = await tempDir();
    await seed('json', fromDir);
    await seed('sqlite', toDir);
    await expect(migrateStore({ driver: 'json', dir: fromDir }, { driver: 'sqlite', dir: toDir })).rejects.toMatchObject({ code: 'E_USAGE' });
    const target = await openStore({ driver: 'sqlite', dir: toDir });
    expect((await target.openItems()).count()).toBe(250);
    await target.close();
  });

  it('refuses to migrate a store to its own driver', async () => {
    const dir = await tempDir();
    await expect(migrateStore({ driver: 'json', dir }, { driver: 'json', dir })).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});
