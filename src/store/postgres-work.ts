/**
 * What several processes sharing one PostgreSQL store coordinate through it (issue 12), with the
 * database's own tools rather than home-made ones:
 * - claims: due sources leased with `FOR UPDATE SKIP LOCKED` (two claimers never wait on or take the
 *   same row); a dead process's leases expire and another takes the sources;
 * - politeness: per host, a row holding the next allowed start and the cool-down (row-locked while
 *   read and moved), and perHostConcurrency slot rows leased while a request is in flight;
 * - ingest: each source's items and fetch state in one transaction, under transaction-scoped
 *   advisory locks on its new items' duplicate keys (postgres-ingest-lock.ts), so that two copies of
 *   one story from two processes meet (one folds into the other) and other sources' ingests do not wait;
 * - emit: one process at a time (a session advisory lock), skipped when nothing changed since the
 *   last emit (a change counter bumped by every commit).
 * Every wait is on the database's clock, so machines with skewed clocks still agree.
 */
import type pg from 'pg';
import { FeedloomError } from '../core/errors.js';
import type { HealthEvent, ItemDecision, RunSummary, SourceState, StoredItem } from '../core/types.js';
import type { TextFeatures } from '../dedupe/cross-source.js';
import { DuplicateIndex, databaseKeysOf, isShingleKey, COMMON_SHINGLE_SLOTS, EXACT_WINDOW } from '../dedupe/duplicate-index.js';
import { isCurrentFingerprint } from '../dedupe/stored-fingerprint.js';
import { MemoryItemStore } from './memory-items.js';
import { retentionCutoff } from './item-order.js';
import { inTransaction, postgresError } from './postgres-connect.js';
import { dueAtOf, bumpChanges, type PostgresStore } from './postgres-driver.js';
import { selectItems, uidColumn, itemsByUid, type Queryable } from './postgres-items.js';
import { LOCK_KEYS } from './postgres-schema.js';
import { IngestConflict, lockForIngest, lockWrittenRows, probeWindow, type DuplicateProbe, type SnapshotPlan } from './postgres-ingest-lock.js';
import { hostKey, type HostGate } from '../fetch/fetch-scheduler.js';
import { itemUid } from './keys.js';
import type { SourceItemCounts } from './store-contract.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** How often a process waiting for a host slot held by another asks again. */
const SLOT_POLL_MS = 20;
/** Leases are renewed this many times per lease: a late or failed renewal still leaves time for the next. */
const RENEWALS_PER_LEASE = 3;
/**
 * Tries at one source's commit, each after another process's commit got in the way (an
 * IngestConflict, a deadlock the server broke); from WHOLE_STORE_AFTER on it holds the whole store.
 */
const COMMIT_ATTEMPTS = 5;
const WHOLE_STORE_AFTER = 3;
/** SQLSTATEs after which the transaction can simply run again: serialization failure, deadlock detected. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
/** The server's lock table is full ("out of shared memory", max_locks_per_transaction): run again holding one lock, the whole store. */
const LOCK_TABLE_FULL = '53200';

export interface ClaimOptions {
  /** The config's enabled source ids: a process claims only what its config knows. */
  ids: readonly string[];
  limit: number;
  leaseMs: number;
  /** `--force`: also sources not yet due, if no process fetched them since `since`; never one a host asked to wait (rate-limited). */
  force: boolean;
  since: Date;
}

export interface Snapshot {
  items: StoredItem[];
  /** Stored slugs that begin with one of the plan's slug bases. */
  takenSlugs: Set<string>;
}

export class SharedStore {
  /** Sources this process claimed and has neither committed nor released: the leases it renews. */
  private readonly leased = new Set<string>();
  /** Host slots this process holds while a request is in flight, by `host\0slot`. */
  private readonly heldSlots = new Map<string, { host: string; slot: number }>();

  constructor(
    readonly store: PostgresStore,
    /** `host:pid`, shown by `status` as the process that fetched a source last. */
    readonly worker: string,
  ) {}

  private get where(): string {
    return this.store.where;
  }

  /** Adds the config's sources the database does not know yet, due at once. */
  async registerSources(states: readonly SourceState[]): Promise<void> {
    if (states.length === 0) return;
    await this.store.pool
      .query(
        `INSERT INTO feedloom_sources (id, state, next_due_at)
         SELECT id, state::json, due::timestamptz FROM unnest($1::text[], $2::text[], $3::text[]) AS t (id, state, due)
         ON CONFLICT (id) DO NOTHING`,
        [states.map((state) => state.id), states.map((state) => JSON.stringify(state)), states.map(dueAtOf)],
      )
      .catch((error) => {
        throw postgresError(error, this.where, 'write to');
      });
  }

  /** Leases up to `limit` due sources no other process holds; returns their states. */
  async claim(options: ClaimOptions): Promise<SourceState[]> {
    const rows = await this.store.pool
      .query<{ state: SourceState }>(
        `UPDATE feedloom_sources s SET lease_owner = $1, lease_until = clock_timestamp() + $2 * interval '1 millisecond'
         WHERE s.id IN (
           SELECT id FROM feedloom_sources
           WHERE id = ANY($3::text[])
             AND (lease_until IS NULL OR lease_until < clock_timestamp())
             AND (next_due_at <= clock_timestamp()
                  -- an abandoned claim (its process died before committing) is due: its fetch never finished
                  OR lease_owner IS NOT NULL
                  OR ($5 AND next_due_at < 'infinity' AND state->>'status' NOT IN ('dead', 'rate-limited') AND (last_fetched_at IS NULL OR last_fetched_at < $6)))
           ORDER BY next_due_at, id
           LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING s.state`,
        [this.worker, options.leaseMs, options.ids, options.limit, options.force, options.since.toISOString()],
      )
      .catch((error) => {
        throw postgresError(error, this.where, 'claim sources in');
      });
    for (const row of rows.rows) this.leased.add(row.state.id);
    return rows.rows.map((row) => row.state);
  }

  /**
   * Extends the leases this process still works on (claimed sources waiting for a slow host, host
   * slots held by long requests), every `leaseMs / RENEWALS_PER_LEASE` until the returned stop is
   * called, so that another process never takes a source or a slot that is in use. A lease past
   * its expiry that another process took is not this one's to renew (`lease_owner`, `holder`).
   * A failed renewal goes to `onError`; the next one tries again.
   */
  keepLeases(leases: { leaseMs: number; slotLeaseMs: number }, onError: (error: FeedloomError) => void): () => void {
    let renewing: Promise<void> | null = null;
    const timer = setInterval(() => {
      renewing ??= this.renewLeases(leases)
        .catch((error) => onError(postgresError(error, this.where, 'renew leases in')))
        .finally(() => (renewing = null));
    }, Math.max(1, Math.floor(leases.leaseMs / RENEWALS_PER_LEASE)));
    // The run ends when its work does, not when the timer would next fire.
    timer.unref();
    return () => clearInterval(timer);
  }

  private async renewLeases(leases: { leaseMs: number; slotLeaseMs: number }): Promise<void> {
    if (this.leased.size > 0) {
      await this.store.pool.query(`UPDATE feedloom_sources SET lease_until = clock_timestamp() + $3 * interval '1 millisecond' WHERE id = ANY($1::text[]) AND lease_owner = $2`, [
        [...this.leased],
        this.worker,
        leases.leaseMs,
      ]);
    }
    if (this.heldSlots.size > 0) {
      const slots = [...this.heldSlots.values()];
      await this.store.pool.query(
        `UPDATE feedloom_host_slots SET until = clock_timestamp() + $4 * interval '1 millisecond'
         WHERE (host, slot) IN (SELECT * FROM unnest($1::text[], $2::int[])) AND holder = $3`,
        [slots.map((held) => held.host), slots.map((held) => held.slot), this.worker, leases.slotLeaseMs],
      );
    }
  }

  /** Gives sources back without a fetch (the run budget ran out): due at `dueAt`, for any process. */
  async release(states: readonly SourceState[]): Promise<void> {
    for (const state of states) this.leased.delete(state.id);
    await inTransaction(this.store.pool, this.where, 'release sources in', async (client) => {
      for (const state of states) {
        await client.query(`UPDATE feedloom_sources SET state = $2::json, next_due_at = $3::timestamptz, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $4`, [
          state.id,
          JSON.stringify(state),
          dueAtOf(state),
          this.worker,
        ]);
      }
    });
  }

  /**
   * One source's ingest and fetch state, committed together. `ingest` gets the transaction's client
   * and, when `plan` is given, the items it may read, loaded under the ingest locks
   * (postgres-ingest-lock.ts); it returns the item changes and the source's next state. It may run
   * more than once: when another process's commit got in the way, the transaction is rolled back
   * and the ingest runs again on what is stored now, so it must start from its inputs each time.
   * Rolled back, leaving the lease to expire, when another process took the source over (its lease
   * ran out): that process's result stands.
   */
  async commitSource(
    sourceId: string,
    plan: SnapshotPlan | null,
    ingest: (snapshot: Snapshot) => Promise<{ puts: StoredItem[]; deletes: string[]; before: ReadonlyMap<string, StoredItem> }>,
    finish: (client: Queryable) => Promise<SourceState>,
    write: (client: Queryable, puts: StoredItem[], deletes: string[], before: ReadonlyMap<string, StoredItem>) => Promise<void>,
  ): Promise<{ committed: boolean; changed: boolean; attempts: number }> {
    let wholeStore = false;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await inTransaction(this.store.pool, this.where, 'write to', async (client) => {
            let changed = false;
            if (plan) {
              const locked = new Set<string>();
              const versions = new Map<string, string>();
              const holdsStore = await lockForIngest(client, plan, wholeStore || attempt >= WHOLE_STORE_AFTER, locked);
              const snapshot = await loadSnapshot(client, this.where, plan, { holdsStore, locked, versions });
              const { puts, deletes, before } = await ingest(snapshot);
              if (puts.length > 0 || deletes.length > 0) {
                await lockWrittenRows(client, puts, deletes, before, versions);
                await write(client, puts, deletes, before);
                changed = true;
              }
            }
            const state = await finish(client);
            const updated = await client.query(
              `UPDATE feedloom_sources SET state = $2::json, next_due_at = $3::timestamptz, lease_owner = NULL, lease_until = NULL,
                 last_worker = $4, last_fetched_at = clock_timestamp()
               WHERE id = $1 AND lease_owner = $4`,
              [sourceId, JSON.stringify(state), dueAtOf(state), this.worker],
            );
            if (updated.rowCount === 0) throw new LeaseLost(sourceId);
            if (changed) await bumpChanges(client);
            return { committed: true, changed, attempts: attempt };
          });
        } catch (error) {
          const cause = error instanceof FeedloomError ? error.cause : error;
          if (cause instanceof LeaseLost) return { committed: false, changed: false, attempts: attempt };
          const code = (cause as { code?: string } | undefined)?.code ?? '';
          const retryable = cause instanceof IngestConflict || RETRYABLE_SQLSTATES.has(code) || code === LOCK_TABLE_FULL;
          if (!retryable || attempt >= COMMIT_ATTEMPTS) throw error;
          if ((cause instanceof IngestConflict && cause.wholeStore) || code === LOCK_TABLE_FULL) wholeStore = true;
        }
      }
    } finally {
      // Committed, taken over or failed: this process is done with the source either way.
      this.leased.delete(sourceId);
    }
  }

  /** Appends this run's health events and decisions, and records its summary, key by key. */
  async recordRun(health: HealthEvent[], decisions: ItemDecision[], lastRun: RunSummary, keep: { health: number; decisions: number }, extra: Record<string, unknown> = {}): Promise<void> {
    await inTransaction(this.store.pool, this.where, 'write to', async (client) => {
      await client.query(`INSERT INTO feedloom_state (id, json) VALUES (1, '{}'::jsonb) ON CONFLICT (id) DO NOTHING`);
      const row = (await client.query<{ json: Record<string, unknown> }>('SELECT json FROM feedloom_state WHERE id = 1 FOR UPDATE')).rows[0];
      const current = row.json;
      const next = {
        ...current,
        ...extra,
        schemaVersion: current.schemaVersion ?? 1,
        blocked: current.blocked ?? [],
        health: [...((current.health as HealthEvent[]) ?? []), ...health].slice(-keep.health),
        decisions: [...((current.decisions as ItemDecision[]) ?? []), ...decisions].slice(-keep.decisions),
        lastRun,
      };
      await client.query('UPDATE feedloom_state SET json = $1::jsonb WHERE id = 1', [JSON.stringify(next)]);
    });
  }

  /**
   * Runs `emit` holding the emit lock, when some process committed changes since the last emit (or
   * `always`). Waits for a process already emitting, then looks again: what it rendered may already
   * include this process's changes.
   */
  async emitOnce<T>(always: boolean, emit: () => Promise<T>): Promise<T | null> {
    let client: pg.PoolClient;
    try {
      client = await this.store.pool.connect();
    } catch (error) {
      throw postgresError(error, this.where, 'connect to');
    }
    try {
      await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEYS.emit.toString()]);
      try {
        const { changes, emitted } = (await client.query<{ changes: string; emitted: string }>('SELECT changes, emitted FROM feedloom_emit WHERE id = 1')).rows[0];
        if (!always && BigInt(changes) <= BigInt(emitted)) return null;
        const result = await emit();
        await client.query('UPDATE feedloom_emit SET emitted = $1 WHERE id = 1', [changes]);
        return result;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEYS.emit.toString()]).catch(() => undefined);
      }
    } catch (error) {
      throw postgresError(error, this.where, 'emit from');
    } finally {
      client.release();
    }
  }

  /** The newest visible items of each id set, `limit` each: all that publishing reads. */
  async newestVisible(idSets: readonly string[][], limit: number): Promise<StoredItem[]> {
    const found = new Map<string, StoredItem>();
    for (const ids of idSets) {
      const items = await selectItems(
        this.store.pool,
        this.where,
        'SELECT json FROM feedloom_items WHERE source_id = ANY($1::text[]) AND NOT held AND duplicate_of IS NULL ORDER BY date DESC, uid LIMIT $2',
        [ids, limit],
      ).catch((error) => {
        throw postgresError(error, this.where, 'read');
      });
      for (const item of items) found.set(item.uid, item);
    }
    return [...found.values()];
  }

  /** Prunes one source: items older than the retention and those beyond its cap. Returns how many went. */
  static async pruneSource(client: Queryable, sourceId: string, now: Date, maxAgeDays: number, cap: number): Promise<number> {
    const result = await client.query(
      `DELETE FROM feedloom_items WHERE source_id = $1 AND (date < $2 OR uid IN (
         SELECT uid FROM feedloom_items WHERE source_id = $1 ORDER BY date DESC, uid OFFSET $3))`,
      [sourceId, retentionCutoff(now, maxAgeDays), cap],
    );
    return result.rowCount ?? 0;
  }

  static async datesOf(client: Queryable, sourceId: string): Promise<string[]> {
    return (await client.query<{ date: string }>('SELECT date FROM feedloom_items WHERE source_id = $1 ORDER BY date DESC, uid', [sourceId])).rows.map((row) => row.date);
  }

  static async countsOf(client: Queryable, sourceId: string, since: string, until: string): Promise<SourceItemCounts | undefined> {
    const row = (
      await client.query<{ stored: string; recent: string }>('SELECT count(*) AS stored, count(*) FILTER (WHERE date >= $2 AND date <= $3) AS recent FROM feedloom_items WHERE source_id = $1', [
        sourceId,
        since,
        until,
      ])
    ).rows[0];
    return Number(row.stored) === 0 ? undefined : { stored: Number(row.stored), recent: Number(row.recent) };
  }

  /** Host politeness shared by every process on this database. */
  hostGate(options: {
    perHostConcurrency: number;
    hostGapMs: number;
    slotLeaseMs: number;
    maxCoolDownWaitMs: number;
    /** Told of an E_STORE_IO (the database gone) before `acquire` rejects with it. */
    onStoreError?: (error: FeedloomError) => void;
  }): HostGate {
    const pool = this.store.pool;
    const where = this.where;
    const worker = this.worker;
    const heldSlots = this.heldSlots;
    const slotsMade = new Set<string>();
    const acquire = async (url: string): Promise<() => Promise<void>> => {
      const host = hostKey(url);
      if (!slotsMade.has(host)) {
        await pool
          .query('INSERT INTO feedloom_host_slots (host, slot) SELECT $1, n FROM generate_series(0, $2 - 1) AS n ON CONFLICT DO NOTHING', [host, options.perHostConcurrency])
          .catch((error) => {
            throw postgresError(error, where, 'write to');
          });
        slotsMade.add(host);
      }
      for (;;) {
        const outcome = await inTransaction(pool, where, 'take a host slot in', async (client) => {
          await client.query('INSERT INTO feedloom_hosts (host) VALUES ($1) ON CONFLICT DO NOTHING', [host]);
          const row = (
            await client.query<{ wait_ms: number; cool_ms: number }>(
              `SELECT GREATEST(0, EXTRACT(EPOCH FROM (next_start_at - clock_timestamp())) * 1000)::float8 AS wait_ms,
                      GREATEST(0, EXTRACT(EPOCH FROM (cool_until - clock_timestamp())) * 1000)::float8 AS cool_ms
               FROM feedloom_hosts WHERE host = $1 FOR UPDATE`,
              [host],
            )
          ).rows[0];
          if (row.cool_ms > options.maxCoolDownWaitMs) return { refuse: row.cool_ms };
          const wait = Math.max(row.wait_ms, row.cool_ms);
          if (wait > 0) return { wait };
          const slot = (
            await client.query<{ slot: number }>(
              `UPDATE feedloom_host_slots SET holder = $2, until = clock_timestamp() + $3 * interval '1 millisecond'
               WHERE host = $1 AND slot = (
                 SELECT slot FROM feedloom_host_slots WHERE host = $1 AND (holder IS NULL OR until < clock_timestamp()) ORDER BY slot LIMIT 1)
               RETURNING slot`,
              [host, worker, options.slotLeaseMs],
            )
          ).rows[0]?.slot;
          if (slot === undefined) return { wait: SLOT_POLL_MS };
          await client.query(`UPDATE feedloom_hosts SET next_start_at = clock_timestamp() + $2 * interval '1 millisecond' WHERE host = $1`, [host, options.hostGapMs]);
          return { slot };
        });
        if ('refuse' in outcome) {
          throw new FeedloomError('E_RATE_LIMITED', 'the host asked for a pause; not fetched this run', { where: url, retryAfterMs: outcome.refuse });
        }
        if ('slot' in outcome) {
          const slot = outcome.slot!;
          const held = `${host}\u0000${slot}`;
          heldSlots.set(held, { host, slot });
          return async () => {
            heldSlots.delete(held);
            // The gap also runs from the end of a request, as in one process (fetch-scheduler.ts).
            // The host row first, as `acquire` locks them: the other order can deadlock with it.
            await inTransaction(pool, where, 'release a host slot in', async (client) => {
              await client.query(`UPDATE feedloom_hosts SET next_start_at = GREATEST(next_start_at, clock_timestamp() + $2 * interval '1 millisecond') WHERE host = $1`, [host, options.hostGapMs]);
              await client.query('UPDATE feedloom_host_slots SET holder = NULL, until = NULL WHERE host = $1 AND slot = $2 AND holder = $3', [host, slot, worker]);
            });
          };
        }
        await sleep(Math.min(outcome.wait, 1_000));
      }
    };
    return {
      async acquire(url) {
        try {
          return await acquire(url);
        } catch (error) {
          if (error instanceof FeedloomError && error.code === 'E_STORE_IO') options.onStoreError?.(error);
          throw error;
        }
      },
      async coolDown(host, forMs) {
        if (!(forMs > 0)) return;
        await pool.query(
          `INSERT INTO feedloom_hosts (host, cool_until) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
           ON CONFLICT (host) DO UPDATE SET cool_until = GREATEST(feedloom_hosts.cool_until, excluded.cool_until)`,
          [hostKey(host), forMs],
        );
      },
    };
  }
}

class LeaseLost extends Error {
  constructor(sourceId: string) {
    super(`the lease on ${sourceId} ran out and another process took it`);
  }
}

/**
 * The items a source's ingest may read, loaded in a few queries: its own items and those its items
 * match by uid or link (identity), every item filed under a duplicate key of a new item within its
 * window (a superset of what the run's DuplicateIndex would return over the whole window, shingles
 * shared by more than COMMON_SHINGLE_SLOTS items left out as it does), the folded copies those carry,
 * and the taken slugs the new items' slugs could collide with.
 */
async function loadSnapshot(client: Queryable, where: string, plan: SnapshotPlan, lock: { holdsStore: boolean; locked: ReadonlySet<string>; versions: Map<string, string> }): Promise<Snapshot> {
  const { versions } = lock;
  const loaded = new Map<string, StoredItem>();
  const add = (items: StoredItem[]) => {
    for (const item of items) loaded.set(item.uid, item);
  };
  add(
    await selectItems(
      client,
      where,
      'SELECT json, xmin::text AS version FROM feedloom_items WHERE uid = ANY($1::text[]) OR canonical_link = ANY($2::text[]) OR source_id = $3',
      [plan.uids.map(uidColumn), plan.links, plan.sourceId],
      versions,
    ),
  );
  const probes = plan.probes.filter((probe) => !loaded.has(probe.item.uid) && !Number.isNaN(Date.parse(probe.item.date)));
  // Gone since the locks were chosen (the daily prune): new now, and its keys were not locked.
  if (!lock.holdsStore && probes.some((probe) => !lock.locked.has(probe.item.uid))) throw new IngestConflict('an item it had stored was removed');
  if (probes.length > 0) {
    const times = probes.map((probe) => Date.parse(probe.item.date));
    const { since, until, windowMs } = probeWindow(probes);
    const windowed = await selectItems(
      client,
      where,
      'SELECT json, xmin::text AS version FROM feedloom_items WHERE date >= $1 AND date <= $2 ORDER BY date DESC, uid LIMIT $3',
      [since, until, EXACT_WINDOW + 1],
      versions,
    );
    if (windowed.length <= EXACT_WINDOW || plan.titleSimilarity <= 0) {
      // Compared in full, without keys: only under the whole store's lock (it shrank since the locks were chosen).
      if (!lock.holdsStore) throw new IngestConflict('the window shrank to be compared in full', true);
      // A small window is compared in full, as the run's index does; at similarity 0 every title matches.
      add(
        plan.titleSimilarity <= 0
          ? await selectItems(client, where, 'SELECT json, xmin::text AS version FROM feedloom_items WHERE date >= $1 AND date <= $2', [since, until], versions)
          : windowed,
      );
    } else {
      const keysByProbe = probes.map((probe) => databaseKeysOf(probe.item, plan.titleSimilarity, true, probe.features));
      const rows = (
        await client.query<{ key: string; uid: string; date: string }>('SELECT key, uid, date FROM feedloom_dedupe_keys WHERE key = ANY($1::bigint[]) AND date >= $2 AND date <= $3', [
          [...new Set(keysByProbe.flat())],
          since,
          until,
        ])
      ).rows;
      const byKey = new Map<number, Array<{ uid: string; time: number }>>();
      for (const row of rows) {
        const key = Number(row.key);
        let list = byKey.get(key);
        if (!list) byKey.set(key, (list = []));
        list.push({ uid: row.uid, time: Date.parse(row.date) });
      }
      const wanted = new Set<string>();
      probes.forEach((probe, index) => {
        const time = times[index];
        for (const key of keysByProbe[index]) {
          const filed = byKey.get(key);
          if (!filed || (isShingleKey(key) && filed.length > COMMON_SHINGLE_SLOTS)) continue;
          for (const { uid, time: at } of filed) if (Math.abs(at - time) <= probe.windowMs) wanted.add(uid);
        }
      });
      const have = new Set([...loaded.keys()].map(uidColumn));
      const missing = [...wanted].filter((column) => !have.has(column));
      if (missing.length > 0) {
        // Keys alone let through a fixed share of a dense window (a SimHash band, a common title
        // word): the same cheap checks the run's index makes, on the candidates' sketches, decide
        // which few are loaded whole.
        const sketches = await selectItems(client, where, 'SELECT sketch AS json FROM feedloom_items WHERE uid = ANY($1::text[])', [missing]);
        const filter = new DuplicateIndex(new MemoryItemStore(sketches, async () => undefined), windowMs, plan.titleSimilarity, 0);
        // A sketch written under an older fingerprint version lacks the body its keys must now come from.
        const survivors = new Set(sketches.filter((sketch) => sketch.fingerprint && !isCurrentFingerprint(sketch.fingerprint)).map((sketch) => sketch.uid));
        for (const probe of probes) for (const candidate of filter.candidatesFor(probe.item, probe.features)) survivors.add(candidate.uid);
        if (survivors.size > 0) add(await itemsByUid(client, where, [...survivors], versions));
      }
    }
  }
  // Folding reads the copies a primary carries, to move them when the primary changes.
  const carriers = [...loaded.values()].flatMap((item) => item.alsoCarriedBy.map((carrier) => itemUid(carrier.sourceId, carrier.itemKey))).filter((uid) => !loaded.has(uid));
  if (carriers.length > 0) add(await itemsByUid(client, where, carriers, versions));
  return { items: [...loaded.values()], takenSlugs: await takenSlugsLike(client, plan.slugBases) };
}

/** Slugs already taken that a new item's slug could collide with: each base and its numbered forms. */
async function takenSlugsLike(client: Queryable, bases: readonly string[]): Promise<Set<string>> {
  if (bases.length === 0) return new Set();
  const rows = await client.query<{ slug: string }>('SELECT slug FROM feedloom_items WHERE slug LIKE ANY($1::text[])', [bases.map((base) => `${base}%`)]);
  return new Set(rows.rows.map((row) => row.slug));
}

