/**
 * Issue 11, item 3: the SQLite driver stages a run's items in the database, inside the one
 * transaction commit ends, not in memory. Counted, not timed: after 3,000 puts of 2 KB bodies the
 * item store's own collections hold no item (only its prepared statements), its reads see the puts,
 * another connection sees none of them until the commit, and a close without commit drops them all.
 */
import { promises as fs } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type ItemStore, type Store } from '../../src/store/store.js';
import { itemUid } from '../../src/store/keys.js';
import { storedItem } from '../helpers/stored-item.js';
import { makeTempDir } from './store-fixtures.js';

const PUTS = 3_000;
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await makeTempDir();
  store = await openStore({ driver: 'sqlite', dir });
});
afterEach(async () => {
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Entries in the object's Maps, Sets and arrays, two levels of its own fields deep (the database connection left out): what it keeps in memory. */
function heldEntries(object: object, depth = 2): number {
  let entries = 0;
  for (const value of Object.values(object)) {
    if (value instanceof Map || value instanceof Set) entries += value.size;
    else if (Array.isArray(value)) entries += value.length;
    else if (depth > 1 && typeof value === 'object' && value !== null && typeof (value as { prepare?: unknown }).prepare !== 'function') entries += heldEntries(value, depth - 1);
  }
  return entries;
}

function putMany(items: ItemStore, from: number): void {
  for (let n = from; n < from + PUTS; n++) items.put(storedItem({ sourceId: `s${n % 50}`, key: `k${n}`, content: `<p>${'body '.repeat(400)}${n}</p>`, date: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString() }));
}

it(`holds none of ${PUTS} staged items in memory, shows them to its own reads only, and commits or drops them whole`, async () => {
  const items = await store.openItems();
  putMany(items, 0);
  expect(items.changed).toBe(true);
  expect(heldEntries(items)).toBeLessThan(20);
  expect(items.count()).toBe(PUTS);
  expect(items.get(itemUid('s7', 'k7'))?.content).toContain('body');
  expect(items.bySource('s3')).toHaveLength(PUTS / 50);

  // Another process reading the store sees the last committed generation: none of them.
  const countElsewhere = async () => {
    const other = await openStore({ driver: 'sqlite', dir });
    const count = (await other.openItems()).count();
    await other.close();
    return count;
  };
  expect(await countElsewhere()).toBe(0);
  await items.commit();
  expect(items.changed).toBe(false);
  expect(await countElsewhere()).toBe(PUTS);

  // A second batch, closed without commit, leaves the first generation whole.
  putMany(items, PUTS);
  expect(items.count()).toBe(2 * PUTS);
  expect(heldEntries(items)).toBeLessThan(20);
  await store.close();
  store = await openStore({ driver: 'sqlite', dir });
  expect((await store.openItems()).count()).toBe(PUTS);
});
