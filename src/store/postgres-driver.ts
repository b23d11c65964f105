/**
 * PostgreSQL driver (issue 12): one database that several feedloom processes share. Each source's
 * state is its own row, so a process writes only the sources it changed; the rest of the state
 * (tombstones, lessons, health, the last run) is one jsonb row merged key by key. Items are rows
 * (postgres-items.ts). The shared run (postgres-work.ts) adds leases, politeness and the emit lock.
 */
import type pg from 'pg';
import type { SourceState, StoreState } from '../core/types.js';
import { describeDatabase } from './database-url.js';
import { connectPool, inTransaction, postgresError } from './postgres-connect.js';
import { selectItems, trackedItemStore, writeItemChanges } from './postgres-items.js';
import { migrateDatabase } from './postgres-schema.js';
import { SCHEMA_VERSION, emptyState, validateState } from './shape.js';
import type { ItemStore, OpenStoreOptions, Store } from './store-contract.js';
import { FeedloomError } from '../core/errors.js';

/** The state row holds everything but the sources, which have rows of their own. */
type StateRest = Omit<StoreState, 'sources'>;

export interface PostgresStore extends Store {
  readonly driver: 'postgres';
  readonly pool: pg.Pool;
  /** `host:port/database`: what messages name (never the password). */
  readonly where: string;
  readonly titleSimilarity: number;
  /** Runs `work` in one transaction on one connection; rolls back on any error. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

export async function openPostgresStore(options: OpenStoreOptions): Promise<PostgresStore> {
  const url = options.url;
  if (!url) throw new FeedloomError('E_CONFIG', 'store.driver is "postgres" but neither store.url nor $FEEDLOOM_DATABASE_URL is set', { where: 'store.url' });
  const where = describeDatabase(url);
  const pool = await connectPool(url, { max: options.connections ?? 4 });
  try {
    await migrateDatabase(pool, where);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const titleSimilarity = options.titleSimilarity ?? 0.8;
  let lastSources = new Map<string, string>();
  let lastRest: Record<string, string> = {};
  let items: ItemStore | null = null;

  const transaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => inTransaction(pool, where, 'write to', work);

  async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw postgresError(error, where, 'read');
    }
  }

  return {
    driver: 'postgres',
    dir: where,
    where,
    pool,
    titleSimilarity,
    repaired: [],
    transaction,
    async readState() {
      const [restRow] = await query<{ json: StateRest }>('SELECT json FROM feedloom_state WHERE id = 1');
      const sourceRows = await query<{ id: string; state: SourceState }>('SELECT id, state FROM feedloom_sources ORDER BY id');
      // Keys no process has written yet read as a fresh state's.
      const rest = { ...withoutSources(emptyState()), ...restRow?.json };
      const state = validateState({ ...rest, schemaVersion: SCHEMA_VERSION, sources: Object.fromEntries(sourceRows.map((row) => [row.id, row.state])) }, where);
      lastSources = new Map(sourceRows.map((row) => [row.id, JSON.stringify(row.state)]));
      lastRest = textsOf(rest);
      return state;
    },
    async writeState(state) {
      const rest = textsOf(withoutSources(state));
      // Key by key: another process may have written other keys since this one read the row.
      const changedRest = Object.fromEntries(Object.entries(rest).filter(([key, text]) => lastRest[key] !== text).map(([key, text]) => [key, JSON.parse(text)]));
      const removedRest = Object.keys(lastRest).filter((key) => !(key in rest));
      const changedSources = Object.values(state.sources).filter((source) => lastSources.get(source.id) !== JSON.stringify(source));
      if (Object.keys(changedRest).length === 0 && removedRest.length === 0 && changedSources.length === 0) return;
      await transaction(async (client) => {
        if (Object.keys(changedRest).length > 0 || removedRest.length > 0) {
          await client.query(
            `INSERT INTO feedloom_state (id, json) VALUES (1, $1::jsonb)
             ON CONFLICT (id) DO UPDATE SET json = (feedloom_state.json - $2::text[]) || $1::jsonb`,
            [JSON.stringify(changedRest), removedRest],
          );
        }
        for (const source of changedSources) await upsertSource(client, source);
      });
      lastRest = rest;
      for (const source of changedSources) lastSources.set(source.id, JSON.stringify(source));
    },
    async openItems() {
      if (items) return items;
      const all = await selectItems(pool, where, 'SELECT json FROM feedloom_items ORDER BY uid', []).catch((error) => {
        throw postgresError(error, where, 'read');
      });
      items = trackedItemStore(all, (puts, deletes, before) => transaction((client) => writeItemChanges(client, puts, deletes, before, titleSimilarity).then(() => bumpChanges(client))));
      return items;
    },
    async sizeWarning() {
      return null;
    },
    async close() {
      items = null;
      await pool.end().catch(() => undefined);
    },
  };
}

function withoutSources(state: StoreState): StateRest {
  const { sources: _sources, ...rest } = state;
  return rest;
}

function textsOf(rest: StateRest): Record<string, string> {
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined).map(([key, value]) => [key, JSON.stringify(value)]));
}

/** The due time a claim compares with: never for a retired source, now for one never fetched. */
export function dueAtOf(state: SourceState): string {
  if (state.status === 'gone') return 'infinity';
  return state.nextDueAt ?? '-infinity';
}

export async function upsertSource(client: Pick<pg.PoolClient, 'query'>, source: SourceState): Promise<void> {
  await client.query(
    `INSERT INTO feedloom_sources (id, state, next_due_at) VALUES ($1, $2::json, $3::timestamptz)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, next_due_at = excluded.next_due_at`,
    [source.id, JSON.stringify(source), dueAtOf(source)],
  );
}

/** Tells the emitting process that the outputs may be stale. */
export async function bumpChanges(client: Pick<pg.PoolClient, 'query'>): Promise<void> {
  await client.query('UPDATE feedloom_emit SET changes = changes + 1 WHERE id = 1');
}

