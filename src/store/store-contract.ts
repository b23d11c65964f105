/**
 * What every store driver provides: the Store/ItemStore interfaces and their options. Types only, so
 * the drivers depend on this file and store.ts (which loads a driver) depends on them, never both ways.
 */
import type { ProfileFacts, StoreState, StoredItem } from '../core/types.js';
import type { AtomicWriteIo } from './atomic-write.js';

export type StoreDriver = 'json' | 'sqlite' | 'postgres';

export interface Store {
  readonly driver: StoreDriver;
  readonly dir: string;
  /** Files moved aside by `repair: true` this session (`<name>.corrupt-<timestamp>`), for the run report. */
  readonly repaired: readonly string[];
  /** A fresh empty state when none exists; E_STORE_CORRUPT on a corrupt file or a newer schema. */
  readState(): Promise<StoreState>;
  /** Durable; skipped when the state is byte-identical to what was last read or written. */
  writeState(state: StoreState): Promise<void>;
  /** Items are loaded (JSON) or the item tables touched (SQLite) only here. */
  openItems(): Promise<ItemStore>;
  /** A warning recommending SQLite once the JSON items file gets slow to write; null otherwise. Cheap: no item load. */
  sizeWarning(): Promise<string | null>;
  /** Drops staged, uncommitted item changes. */
  close(): Promise<void>;
}

export interface PruneOptions {
  now: Date;
  maxAgeDays: number;
  maxItemsFor: (sourceId: string) => number;
  /** Items for which this returns true are never pruned (e.g. still present in their feed). */
  keep?: (item: StoredItem) => boolean;
}

export interface NewestOptions {
  limit: number;
  sourceIds?: string[];
  includeHeld?: boolean;
  includeDuplicates?: boolean;
}

/** What the duplicate index files a stored item under when its fingerprint stands in for its body. */
export type ItemSketch = Pick<StoredItem, 'uid' | 'date' | 'contentHash' | 'title' | 'link' | 'canonicalLink' | 'fingerprint'>;

/**
 * What the spam profile reads of one stored item: profiling a source neither reads nor holds the
 * bodies its items' profile facts stand in for (issue 11).
 */
export interface StoredProfile {
  uid: string;
  /** Held in quarantine and not approved (isHeld): the profile leaves it out. */
  held: boolean;
  profileFacts: ProfileFacts | null;
  /** The whole item, when it was stored without profile facts (they are read from it). */
  item: StoredItem | null;
}

/** A source's item counts for `status`. */
export interface SourceItemCounts {
  stored: number;
  /** Items dated within the window asked for. */
  recent: number;
}

/**
 * Reads see staged puts and deletes. Returned items are the caller's to read, not to mutate:
 * change an item by `put`ting a new object.
 */
export interface ItemStore {
  count(): number;
  get(uid: string): StoredItem | undefined;
  /** Newest first. */
  bySource(sourceId: string): StoredItem[];
  /** `bySource` as the spam profile reads it: per item its profile facts, the whole item only for one stored without them. */
  profilesBySource(sourceId: string): StoredProfile[];
  /** Item key → content hash of `bySource(sourceId)`, without reading the items whole (issue 11: asked for every changed feed). */
  contentHashesBySource(sourceId: string): Map<string, string>;
  /** The dates of `bySource(sourceId)`, without reading the items (issue 7: asked for every fetched source). */
  datesBySource(sourceId: string): string[];
  /** Per source holding items: how many, and how many with since <= date <= until. One pass over an index, no item read. */
  countsBySource(since: string, until: string): Map<string, SourceItemCounts>;
  /** Whether a stored or staged item has this slug: makeSlug's uniqueness check without loading every item. */
  slugTaken(slug: string): boolean;
  /** Items with since <= date <= until, newest first: the candidates for cross-source duplicates. */
  inWindow(since: string, until: string): StoredItem[];
  /**
   * `inWindow` as the duplicate index files it: per item only what filing reads (ItemSketch), so
   * filing a window of stored items neither reads nor holds their bodies. A sketch whose
   * fingerprint is missing or stale is filed from `get`.
   */
  sketchesInWindow(since: string, until: string): ItemSketch[];
  /** Newest first. */
  byCanonicalLink(link: string): StoredItem[];
  /** Newest first by `date`, excluding held quarantine (quarantine !== null && !approved) and folded duplicates (duplicateOf !== null) unless asked. */
  newest(options: NewestOptions): StoredItem[];
  /** Held items (quarantine !== null && !approved), newest first. */
  quarantined(): StoredItem[];
  /** Every item, in uid order. */
  all(): Iterable<StoredItem>;
  /**
   * Staged until commit (SQLite stages in the database, inside the transaction commit ends, so a run's
   * memory does not hold its items; a write that fails there is thrown by commit); a put identical to
   * the stored item changes nothing.
   */
  put(item: StoredItem): void;
  delete(uid: string): void;
  /** Staged; removes items dated before now − maxAgeDays and each source's items beyond its cap; returns removed uids. */
  prune(options: PruneOptions): string[];
  /** One durable write (JSON) or one transaction (SQLite) for everything staged; a no-op when nothing changed. */
  commit(): Promise<void>;
  readonly changed: boolean;
  /** Same as Store.sizeWarning, from the loaded count. */
  sizeWarning(): string | null;
}

export interface OpenStoreOptions {
  driver: StoreDriver;
  dir: string;
  /** Move a corrupt store aside to `<name>.corrupt-<timestamp>` and start empty, instead of refusing. */
  repair?: boolean;
  /** Clock for repair names; defaults to the system clock. */
  now?: () => Date;
  /** Fault-injection seam for the JSON driver's file writes (RELIABILITY.md R47: root ignores chmod). */
  io?: AtomicWriteIo;
  /** SQLite only: cap the database size in pages, so a test can meet SQLITE_FULL (disk full) for real. */
  maxPageCount?: number;
  /** Open even when the directory holds the other driver's store (migration writes beside it). */
  allowOtherDriver?: boolean;
  /** PostgreSQL only: the connection string (never printed; messages name host and database). */
  url?: string;
  /** PostgreSQL only: connections this process may hold. */
  connections?: number;
  /** PostgreSQL only: dedupe.titleSimilarity, for the duplicate keys filed in the database. */
  titleSimilarity?: number;
}
