/**
 * The store seam: per-source state (small, read every run) kept apart from items (loaded only
 * when a run has something to change). Two drivers sit behind it: JSON files through lowdb for
 * small installations, SQLite through better-sqlite3 for large ones (issue 7), PostgreSQL through pg
 * for several processes sharing one store (issue 12). The contract suite in test/store/ runs against all three.
 */
import type { OpenStoreOptions, Store } from './store-contract.js';

export { SCHEMA_VERSION } from './shape.js';
export { itemUid } from './keys.js';

export type * from './store-contract.js';

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  // Load only the driver in use: a warm run should not pay for lowdb and the native SQLite module both.
  if (options.driver === 'json') return (await import('./json-driver.js')).openJsonStore(options);
  if (options.driver === 'sqlite') return (await import('./sqlite-driver.js')).openSqliteStore(options);
  if (options.driver === 'postgres') return (await import('./postgres-driver.js')).openPostgresStore(options);
  throw new TypeError(`Expected store driver "json", "sqlite" or "postgres", got ${JSON.stringify(options.driver)}`);
}
