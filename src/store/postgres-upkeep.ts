/**
 * The upkeep a shared postgres store needs beyond one source's commit (issue 12), as the
 * single-process cycle does it for json and sqlite: sources whose items are gone forget their
 * validators (schedule/forget-validators.ts), and retention reaches the sources that did not change
 * (their items age out although no commit of theirs prunes them), once a day by one process.
 */
import type { SourceState } from '../core/types.js';
import { retentionCutoff } from './item-order.js';
import { inTransaction } from './postgres-connect.js';
import { bumpChanges, upsertSource, type PostgresStore } from './postgres-driver.js';
import { LOCK_KEYS } from './postgres-schema.js';
import { SharedStore } from './postgres-work.js';
import type { SourceItemCounts } from './store-contract.js';

const PRUNE_EVERY_MS = 24 * 3_600_000;

/**
 * Sources that had items as of their last count and hold none now (deleted by hand, a partial
 * restore), not leased by a process at work on them: `forget` decides their new states, which are
 * written in the same transaction. Returns the ids written.
 */
export async function forgetLostSources(store: PostgresStore, forget: (states: SourceState[]) => SourceState[]): Promise<string[]> {
  return inTransaction(store.pool, store.where, 'write to', async (client) => {
    const rows = await client.query<{ state: SourceState }>(
      `SELECT state FROM feedloom_sources s
       WHERE (lease_until IS NULL OR lease_until < clock_timestamp())
         AND COALESCE((state->'items'->>'stored')::integer, 0) > 0
         AND NOT EXISTS (SELECT 1 FROM feedloom_items i WHERE i.source_id = s.id)
       FOR UPDATE SKIP LOCKED`,
    );
    if (rows.rows.length === 0) return [];
    const forgotten = forget(rows.rows.map((row) => row.state));
    for (const state of forgotten) await upsertSource(client, state);
    return forgotten.map((state) => state.id);
  });
}

export interface DailyPruneOptions {
  now: Date;
  maxAgeDays: number;
  /** Newest items kept per source; sources not listed keep `defaultCap`. */
  caps: ReadonlyMap<string, number>;
  defaultCap: number;
  /** The dates `status` counts recent items between (itemCountWindow). */
  countWindow: { since: string; until: string };
  /** A pruned source's state with its item counts now (withItemCounts), so `status` and forgetLostSources see them. */
  recount: (state: SourceState, counts: SourceItemCounts | undefined) => SourceState;
}

/**
 * Retention over every source, when no process did it in the last day (`lastPruneAt` in the
 * state row, moved under its row lock, so processes starting together prune once). Under the ingest
 * lock held exclusive (every commit holds it, shared or exclusive: postgres-ingest-lock.ts): no
 * source's ingest reads items this removes. Returns the items removed, or null when not due.
 */
export async function pruneDaily(store: PostgresStore, options: DailyPruneOptions): Promise<number | null> {
  return inTransaction(store.pool, store.where, 'prune', async (client) => {
    await client.query(`INSERT INTO feedloom_state (id, json) VALUES (1, '{}'::jsonb) ON CONFLICT (id) DO NOTHING`);
    const due = await client.query(
      `UPDATE feedloom_state SET json = json || jsonb_build_object('lastPruneAt', $1::text)
       WHERE id = 1 AND (json->>'lastPruneAt' IS NULL OR json->>'lastPruneAt' < $2)`,
      [options.now.toISOString(), new Date(options.now.getTime() - PRUNE_EVERY_MS).toISOString()],
    );
    if (due.rowCount === 0) return null;
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEYS.ingest.toString()]);
    // The rule of ItemStore.prune: older than the retention, or beyond the source's newest `cap`.
    const removed = await client.query<{ source_id: string }>(
      `DELETE FROM feedloom_items i USING (
         SELECT r.uid FROM (
           SELECT uid, source_id, date, row_number() OVER (PARTITION BY source_id ORDER BY date DESC, uid) AS position FROM feedloom_items) r
         LEFT JOIN unnest($2::text[], $3::integer[]) AS c (id, cap) ON c.id = r.source_id
         WHERE r.date < $1 OR r.position > COALESCE(c.cap, $4)) doomed
       WHERE i.uid = doomed.uid
       RETURNING i.source_id`,
      [retentionCutoff(options.now, options.maxAgeDays), [...options.caps.keys()], [...options.caps.values()], options.defaultCap],
    );
    const sources = [...new Set(removed.rows.map((row) => row.source_id))].sort();
    for (const id of sources) {
      const row = (await client.query<{ state: SourceState }>('SELECT state FROM feedloom_sources WHERE id = $1 FOR UPDATE', [id])).rows[0];
      if (!row) continue;
      const next = options.recount(row.state, await SharedStore.countsOf(client, id, options.countWindow.since, options.countWindow.until));
      if (next !== row.state) await client.query('UPDATE feedloom_sources SET state = $2::json WHERE id = $1', [id, JSON.stringify(next)]);
    }
    if (sources.length > 0) await bumpChanges(client);
    return removed.rowCount ?? 0;
  });
}
