/**
 * What one source's ingest locks on a shared postgres store, so that two processes ingesting copies
 * of one story at the same moment still meet (issue 12: one item crediting both, never two) while
 * ingests that cannot meet run side by side.
 *
 * - Its new items' duplicate keys (ingestLockKeysOf: the keys through which the index would pair
 *   two items, both ways) and the roots of their slugs, as transaction-scoped advisory locks taken
 *   in one statement in sorted order (two ingests never wait on each other in a cycle), under the
 *   whole-store ingest lock held shared. Two ingests that could fold, or number a slug alike, share
 *   a key, so the second reads after the first committed, as one process would.
 * - The whole-store ingest lock held exclusive instead where keys say nothing: at titleSimilarity 0
 *   and while the items' window holds at most EXACT_WINDOW items (every pair is then compared in
 *   full), for a lock set past store.ingestKeyLocks, and for the daily prune (postgres-upkeep.ts).
 * - Rows read and written back (a primary that now credits another source, a copy moved to a new
 *   primary) are locked in uid order before the write and checked unchanged since they were read
 *   (xmin); a changed row means another process's commit came between, and the ingest runs again.
 */
import type { StoredItem } from '../core/types.js';
import type { TextFeatures } from '../dedupe/cross-source.js';
import { EXACT_WINDOW, ingestLockKeysOf } from '../dedupe/duplicate-index.js';
import { hashToken } from '../dedupe/fingerprint.js';
import { uidColumn, type Queryable } from './postgres-items.js';

export interface DuplicateProbe {
  item: StoredItem;
  /** The item's text features (its keys are read from them). */
  features: TextFeatures;
  /** ±dedupe window in ms. */
  windowMs: number;
}

/** The items one source's ingest may read: its own, those its items match by key or link, and their duplicate candidates. */
export interface SnapshotPlan {
  sourceId: string;
  uids: string[];
  links: string[];
  probes: DuplicateProbe[];
  slugBases: string[];
  titleSimilarity: number;
  /** store.ingestKeyLocks: past this many keys the ingest locks the whole store. */
  maxKeyLocks: number;
}
import { LOCK_KEYS } from './postgres-schema.js';

/** The class half of a two-int advisory lock key (ASCII "fe" and the key kind), apart from LOCK_KEYS' bigint keys. */
const LOCK_CLASS = 0x6665_0000;
/** Slug roots, a key kind of their own beside databaseKeysOf's five and the SimHash byte pairs (7). */
const SLUG_KIND = 6;
const KIND_SPAN = 2 ** 32;

/** Another process's commit got in the way: the ingest runs again, `wholeStore` with the exclusive lock. */
export class IngestConflict extends Error {
  constructor(
    reason: string,
    readonly wholeStore = false,
  ) {
    super(`another process's commit came between: ${reason}`);
  }
}

/** The probes whose items are not stored yet: only new items are compared with other sources' (ingest.ts). */
async function newProbes(client: Queryable, plan: SnapshotPlan): Promise<DuplicateProbe[]> {
  const dated = plan.probes.filter((probe) => !Number.isNaN(Date.parse(probe.item.date)));
  if (dated.length === 0) return [];
  const stored = new Set((await client.query<{ uid: string }>('SELECT uid FROM feedloom_items WHERE uid = ANY($1::text[])', [dated.map((probe) => uidColumn(probe.item.uid))])).rows.map((row) => row.uid));
  return dated.filter((probe) => !stored.has(uidColumn(probe.item.uid)));
}

/** The span of stored items the probes' duplicates may be in (each probe's date ± its window). */
export function probeWindow(probes: readonly DuplicateProbe[]): { since: string; until: string; windowMs: number } {
  const times = probes.map((probe) => Date.parse(probe.item.date));
  const windowMs = Math.max(...probes.map((probe) => probe.windowMs));
  return { since: new Date(Math.min(...times) - windowMs).toISOString(), until: new Date(Math.max(...times) + windowMs).toISOString(), windowMs };
}

/**
 * Takes the ingest's locks (see the header); returns whether it holds the whole store. The uids of
 * the probes it locked keys for go to `locked`: an item found new only under the lock was not
 * covered, and loadSnapshot says so.
 */
export async function lockForIngest(client: Queryable, plan: SnapshotPlan, wholeStore: boolean, locked: Set<string>): Promise<boolean> {
  const probes = wholeStore ? [] : await newProbes(client, plan);
  const keys = wholeStore ? null : lockSetOf(plan, probes);
  if (keys === null || (probes.length > 0 && (await windowIsSmall(client, probes)))) {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEYS.ingest.toString()]);
    return true;
  }
  await client.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCK_KEYS.ingest.toString()]);
  if (keys.length > 0) {
    // One statement, the keys in ascending order: lock waits between ingests never form a cycle.
    await client.query('SELECT count(pg_advisory_xact_lock(c, k)) FROM unnest($1::int[], $2::int[]) AS t (c, k)', [
      keys.map((key) => LOCK_CLASS + Math.floor(key / KIND_SPAN)),
      keys.map((key) => key % KIND_SPAN | 0),
    ]);
  }
  for (const probe of probes) locked.add(probe.item.uid);
  return false;
}

/** The sorted keys to lock for these new items and the plan's slugs, or null when there are too many. */
export function lockSetOf(plan: SnapshotPlan, probes: readonly DuplicateProbe[]): number[] | null {
  if (plan.titleSimilarity <= 0) return null;
  const keys = new Set<number>();
  for (const probe of probes) for (const key of ingestLockKeysOf(probe.item, plan.titleSimilarity, probe.features)) keys.add(key);
  for (const base of plan.slugBases) keys.add(SLUG_KIND * KIND_SPAN + hashToken(slugRoot(base)));
  if (keys.size > plan.maxKeyLocks) return null;
  return [...keys].sort((a, b) => a - b);
}

/**
 * What every slug numbered from `base` shares (makeSlug: base, then base-2, base-3…): the base
 * without its trailing numbers, so that "top" numbered up to "top-10" and a title "Top 10" lock alike.
 */
export function slugRoot(base: string): string {
  return base.replace(/(?:-\d+)+$/, '');
}

async function windowIsSmall(client: Queryable, probes: readonly DuplicateProbe[]): Promise<boolean> {
  const { since, until } = probeWindow(probes);
  const row = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM feedloom_items WHERE date >= $1 AND date <= $2 LIMIT $3) w', [since, until, EXACT_WINDOW + 1])).rows[0];
  return row.n <= EXACT_WINDOW;
}

/**
 * Locks the rows a commit writes, in uid order, and checks each is as it was read: present with
 * the version read (`versions`, by uid) when it was read, absent when it is new.
 */
export async function lockWrittenRows(client: Queryable, puts: readonly StoredItem[], deletes: readonly string[], before: ReadonlyMap<string, StoredItem>, versions: ReadonlyMap<string, string>): Promise<void> {
  const uids = [...new Set([...puts.map((item) => item.uid), ...deletes])];
  const found = new Map(
    (await client.query<{ uid: string; version: string }>('SELECT uid, xmin::text AS version FROM feedloom_items WHERE uid = ANY($1::text[]) ORDER BY uid FOR UPDATE', [uids.map(uidColumn)])).rows.map((row) => [
      row.uid,
      row.version,
    ]),
  );
  for (const uid of uids) {
    const expected = before.has(uid) ? versions.get(uid) : undefined;
    if (found.get(uidColumn(uid)) !== expected) throw new IngestConflict(`an item it writes (${uid.replace('\u0000', ' ')}) changed since it was read`);
  }
}
