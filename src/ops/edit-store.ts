/**
 * Operator edits of the store (`block`, `approve`): under the store lock (one writer at a time,
 * RELIABILITY.md R46), one durable write of what changed, then the outputs published again from
 * the store so the edit shows everywhere at once, without waiting for the next run.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { StoreState } from '../core/types.js';
import { compileBlocklist } from '../pipeline/blocklist.js';
import { writeOperatorFiles } from '../pipeline/operator-files.js';
import { publish, type PublishSummary } from '../pipeline/publish.js';
import { acquireLock } from '../store/lock.js';
import type { ItemStore } from '../store/store.js';
import { openConfiguredStore } from '../pipeline/open-configured-store.js';

export interface StoreEdit<T> {
  /** Change `state` in place and `put` items; return what to report. */
  (context: { state: StoreState; items: ItemStore }): T;
}

export async function editStoreAndPublish<T>(config: ResolvedConfig, edit: StoreEdit<T>, now: Date = new Date()): Promise<{ result: T; outputs: PublishSummary }> {
  const lock = await acquireLock(config.storeDir);
  const store = await openConfiguredStore(config).catch(async (error) => {
    await lock.release();
    throw error;
  });
  try {
    const state = await store.readState();
    const items = await store.openItems();
    const result = edit({ state, items });
    if (items.changed) await items.commit();
    await store.writeState(state);
    const outputs = await publish(config, items, state, compileBlocklist(state.blocked), now);
    await writeOperatorFiles(config, state, now);
    return { result, outputs };
  } finally {
    await store.close();
    await lock.release();
  }
}
