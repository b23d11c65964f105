/**
 * `feedloom store migrate --to sqlite|json|postgres`: copy a store between drivers, then read both back
 * and compare a content hash, so a move never loses an item silently (issue 7). The source store
 * is left as it was; the caller holds the lock.
 */
import { createHash } from 'node:crypto';
import { FeedloomError } from '../core/errors.js';
import { openStore, type Store, type StoreDriver } from './store.js';

export interface StoreLocation {
  driver: StoreDriver;
  dir: string;
  /** postgres only. */
  url?: string;
  titleSimilarity?: number;
}

export interface MigrationResult {
  items: number;
  sources: number;
  /** sha256 over the state and every item in uid order, with object keys sorted. */
  hash: string;
}

/** JSON with object keys sorted, so the same content hashes the same whichever driver stored it. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function hashStore(store: Store): Promise<MigrationResult> {
  const hash = createHash('sha256');
  const state = await store.readState();
  hash.update(stableJson(state)).update('\n');
  let items = 0;
  for (const item of (await store.openItems()).all()) {
    hash.update(stableJson(item)).update('\n');
    items++;
  }
  return { items, sources: Object.keys(state.sources).length, hash: hash.digest('hex') };
}

export async function migrateStore(from: StoreLocation, to: StoreLocation): Promise<MigrationResult> {
  if (from.driver === to.driver) {
    throw new FeedloomError('E_USAGE', `the store already uses the ${from.driver} driver`, { where: from.dir });
  }
  const source = await openStore({ ...from, allowOtherDriver: true });
  try {
    const target = await openStore({ ...to, allowOtherDriver: true });
    try {
      const targetItems = await target.openItems();
      const targetState = await target.readState();
      if (targetItems.count() > 0 || Object.keys(targetState.sources).length > 0) {
        throw new FeedloomError('E_USAGE', `the ${to.driver} store there is not empty; move it away first`, { where: target.dir });
      }
      const sourceItems = await source.openItems();
      for (const item of sourceItems.all()) targetItems.put(item);
      await targetItems.commit();
      await target.writeState(await source.readState());
    } finally {
      await target.close();
    }
    const expected = await hashStore(source);
    // Read the target back through a fresh open: what the next run will see, not what is in memory.
    const reopened = await openStore({ ...to, allowOtherDriver: true });
    const actual = await hashStore(reopened).finally(() => reopened.close());
    if (actual.hash !== expected.hash || actual.items !== expected.items) {
      throw new FeedloomError(
        'E_STORE_IO',
        `the copy differs from the original (${actual.items} of ${expected.items} items, hash ${actual.hash.slice(0, 12)} ≠ ${expected.hash.slice(0, 12)}); the original is untouched`,
        { where: reopened.dir },
      );
    }
    return expected;
  } finally {
    await source.close();
  }
}
