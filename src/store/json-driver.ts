/**
 * JSON driver: `state.json` (small, pretty, read every run) and `items.json` (compact, loaded only
 * by openItems), both through lowdb with a durable adapter and both carrying `schemaVersion`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { FeedloomError } from '../core/errors.js';
import type { StoreState, StoredItem } from '../core/types.js';
import { prepareStoreDir } from './prepare-store-dir.js';
import { moveAside } from './corrupt-file.js';
import { DurableJsonFile, sniffJsonFile } from './durable-json-file.js';
import { JSON_SLOW_ITEMS, MemoryItemStore, jsonSizeWarning } from './memory-items.js';
import { SCHEMA_VERSION, corruptError, emptyState, validateItemsFile, validateState } from './shape.js';
import type { ItemStore, OpenStoreOptions, Store } from './store-contract.js';
import { ITEMS_FILE, STATE_FILE } from './file-names.js';

interface ItemsFile {
  schemaVersion: number;
  items: StoredItem[];
}

/** Measured average of a stored item with a 1–3 KB body; used to guess the count from the file size. */
const BYTES_PER_ITEM = 2_400;

export async function openJsonStore(options: OpenStoreOptions): Promise<Store> {
  const dir = path.resolve(options.dir);
  const now = options.now ?? (() => new Date());
  const repaired: string[] = [];
  await prepareStoreDir(dir, 'json', options.allowOtherDriver === true);

  const statePath = path.join(dir, STATE_FILE);
  const itemsPath = path.join(dir, ITEMS_FILE);
  const stateFile = new DurableJsonFile<StoreState>(statePath, { validate: validateState, indent: 2, io: options.io });
  const itemsFile = new DurableJsonFile<ItemsFile>(itemsPath, {
    validate: (value, where) => ({ schemaVersion: SCHEMA_VERSION, items: validateItemsFile(value, where) }),
    io: options.io,
  });

  /** Refuse a corrupt file, or with repair move it aside so the caller starts empty. */
  async function handleCorrupt(error: unknown, file: string): Promise<void> {
    if (!options.repair || !(error instanceof FeedloomError) || error.code !== 'E_STORE_CORRUPT') throw error;
    repaired.push(...(await moveAside([file], now())));
  }

  for (const file of [statePath, itemsPath]) {
    const problem = await sniffJsonFile(file);
    if (problem) await handleCorrupt(corruptError(file, problem), file);
  }

  let items: MemoryItemStore | null = null;
  return {
    driver: 'json',
    dir,
    repaired,
    async readState() {
      const db = new Low<StoreState>(stateFile, emptyState());
      try {
        await db.read();
      } catch (error) {
        await handleCorrupt(error, statePath);
        return emptyState();
      }
      return db.data;
    },
    async writeState(state) {
      await new Low<StoreState>(stateFile, state).write();
    },
    async openItems(): Promise<ItemStore> {
      if (items) return items;
      const db = new Low<ItemsFile>(itemsFile, { schemaVersion: SCHEMA_VERSION, items: [] });
      try {
        await db.read();
      } catch (error) {
        await handleCorrupt(error, itemsPath);
      }
      items = new MemoryItemStore(db.data.items, async (all) => {
        db.data = { schemaVersion: SCHEMA_VERSION, items: all };
        await db.write();
      });
      return items;
    },
    async sizeWarning() {
      if (items) return items.sizeWarning();
      const size = await fs.stat(itemsPath).then((stat) => stat.size, () => 0);
      return size >= JSON_SLOW_ITEMS * BYTES_PER_ITEM ? jsonSizeWarning(Math.round(size / BYTES_PER_ITEM)) : null;
    },
    async close() {
      items = null;
    },
  };
}

/** A config that names the wrong driver would otherwise start an empty store beside the real one. */
