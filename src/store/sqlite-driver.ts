/**
 * SQLite driver: `feedloom.db` in WAL mode. State is one JSON row (one indexed read per run);
 * items are JSON text beside the columns the queries index. Opening costs the same at 300k items
 * as at 0, since nothing is loaded until asked.
 */
import path from 'node:path';
import { FeedloomError } from '../core/errors.js';
import type { StoreState } from '../core/types.js';
import { prepareStoreDir } from './prepare-store-dir.js';
import { moveAside } from './corrupt-file.js';
import { SQLITE_COMPANIONS, SQLITE_FILE } from './file-names.js';
import { emptyState, parseStoreText, validateState } from './shape.js';
import { openDatabase, sqliteError, type Db } from './sqlite-file.js';
import { SqliteItemStore } from './sqlite-items.js';
import type { OpenStoreOptions, Store } from './store-contract.js';

export async function openSqliteStore(options: OpenStoreOptions): Promise<Store> {
  const dir = path.resolve(options.dir);
  const file = path.join(dir, SQLITE_FILE);
  const now = options.now ?? (() => new Date());
  const repaired: string[] = [];
  await prepareStoreDir(dir, 'sqlite', options.allowOtherDriver === true);

  async function open(): Promise<Db> {
    try {
      return await openDatabase(file, { maxPageCount: options.maxPageCount });
    } catch (error) {
      if (!options.repair || !(error instanceof FeedloomError) || error.code !== 'E_STORE_CORRUPT') throw error;
      repaired.push(...(await moveAside([file, ...SQLITE_COMPANIONS.map((suffix) => file + suffix)], now())));
      return openDatabase(file, { maxPageCount: options.maxPageCount });
    }
  }

  let db = await open();
  let items: SqliteItemStore | null = null;
  let lastStateText: string | null = null;

  return {
    driver: 'sqlite',
    dir,
    repaired,
    async readState(): Promise<StoreState> {
      let text: string | undefined;
      try {
        text = db.prepare<string>('SELECT json FROM state WHERE id = 1').pluck().get();
        if (text === undefined) return emptyState();
        const state = validateState(parseStoreText(text, file), file);
        lastStateText = text;
        return state;
      } catch (error) {
        const coded = sqliteError(error, file);
        if (!options.repair || coded.code !== 'E_STORE_CORRUPT') throw coded;
        // The state row lives in the database, so repair moves the whole database aside.
        db.close();
        items = null;
        repaired.push(...(await moveAside([file, ...SQLITE_COMPANIONS.map((suffix) => file + suffix)], now())));
        db = await open();
        return emptyState();
      }
    },
    // Written while the items hold uncommitted writes (run-cycle's emitPending), the state joins their
    // transaction and commits with them, which keeps the two in step.
    async writeState(state) {
      const text = JSON.stringify(state);
      if (text === lastStateText) return;
      try {
        db.prepare('INSERT INTO state (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json').run(text);
      } catch (error) {
        throw sqliteError(error, file);
      }
      lastStateText = text;
    },
    async openItems() {
      items ??= new SqliteItemStore(db, file);
      return items;
    },
    async sizeWarning() {
      return null;
    },
    async close() {
      // Closing with the items' transaction open rolls it back: uncommitted writes are dropped.
      items = null;
      if (db.open) db.close();
    },
  };
}
