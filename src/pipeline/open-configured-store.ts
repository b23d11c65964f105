/**
 * The one place a command opens the store its config names: driver, directory, and for postgres the
 * connection string ($FEEDLOOM_DATABASE_URL over store.url) and the dedupe setting the database's
 * duplicate keys depend on.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import { databaseUrlOf } from '../store/database-url.js';
import { openStore, type OpenStoreOptions, type Store } from '../store/store.js';

export function storeOptionsOf(config: ResolvedConfig, extra: Partial<OpenStoreOptions> = {}): OpenStoreOptions {
  return {
    driver: config.store.driver,
    dir: config.storeDir,
    ...(config.store.driver === 'postgres' ? { url: databaseUrlOf(config.store.url), titleSimilarity: config.dedupe.titleSimilarity } : {}),
    ...extra,
  };
}

export function openConfiguredStore(config: ResolvedConfig, extra: Partial<OpenStoreOptions> = {}): Promise<Store> {
  return openStore(storeOptionsOf(config, extra));
}
