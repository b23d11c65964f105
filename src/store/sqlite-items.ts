/**
 * The SQLite driver's items. A run's changes go into the database as they come, inside one write
 * transaction that `commit` ends (issue 11: staging 50,000 new items in memory until one commit made
 * a cold run's peak memory grow with its size). Nothing is durable before the COMMIT: a kill, a
 * failure or a close without commit rolls the whole run back (SQLite ignores WAL frames after the
 * last commit record), so the previous generation stays whole. Reads on this connection see the
 * run's own writes, which is all the pipeline needs of its puts before commit; other processes read
 * the last committed generation (WAL).
 */
import type { FeedloomError } from '../core/errors.js';
import type { ProfileFacts, StoredFingerprint, StoredItem } from '../core/types.js';
import { isHeld, retentionCutoff } from './item-order.js';
import { checkItem } from './shape.js';
import { sqliteError, type Db } from './sqlite-file.js';
import type { ItemSketch, ItemStore, NewestOptions, PruneOptions, SourceItemCounts, StoredProfile } from './store-contract.js';

/** Up to this many sources, `newest` asks each source's index range rather than walking all items by date. */
const FEW_SOURCES = 8;
const PAGE = 1_000;

/** An item's place in newest-first order, read from an index without the item. */
interface ItemKey {
  uid: string;
  date: string;
}

const compareKeys = (a: ItemKey, b: ItemKey) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

/** An identical put (same JSON) leaves the row alone and reports no change, so `changed` stays false and commit writes nothing. */
const UPSERT = `INSERT INTO items (uid, source_id, date, canonical_link, held, duplicate_of, slug, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (uid) DO UPDATE SET source_id = excluded.source_id, date = excluded.date, canonical_link = excluded.canonical_link,
  held = excluded.held, duplicate_of = excluded.duplicate_of, slug = excluded.slug, json = excluded.json
  WHERE items.json IS NOT excluded.json`;

export class SqliteItemStore implements ItemStore {
  /** Rows changed by this run's writes since the last commit (inside the open transaction). */
  private writes = 0;
  /** The first write that failed: the transaction is rolled back at once, later writes are dropped, and commit throws it. */
  private failure: FeedloomError | null = null;
  private dbCount: number | null = null;
  /** Whether the table holds no row; a first run's point lookups all miss until its first write. */
  private dbEmpty: boolean | null = null;
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>();

  constructor(
    private readonly db: Db,
    private readonly where: string,
  ) {}

  get changed(): boolean {
    return this.writes > 0 || this.failure !== null;
  }

  count(): number {
    this.dbCount ??= this.run(() => this.statement('SELECT COUNT(*) FROM items').pluck().get() as number);
    return this.dbCount;
  }

  get(uid: string): StoredItem | undefined {
    const json = this.jsonOf(uid);
    return json === undefined ? undefined : this.parse(json);
  }

  bySource(sourceId: string): StoredItem[] {
    return this.rows('SELECT json FROM items WHERE source_id = ? ORDER BY date DESC, uid', sourceId);
  }

  inWindow(since: string, until: string): StoredItem[] {
    return this.rows('SELECT json FROM items WHERE date >= ? AND date <= ? ORDER BY date DESC, uid', since, until);
  }

  sketchesInWindow(since: string, until: string): ItemSketch[] {
    if (this.isDbEmpty()) return [];
    // SQLite picks the fields out in C (one JSON array per row): the body is neither copied nor parsed here.
    const rows = this.run(
      () =>
        this.statement(`SELECT uid, date, json_extract(json, '$.contentHash', '$.title', '$.link', '$.canonicalLink', '$.fingerprint') FROM items WHERE date >= ? AND date <= ? ORDER BY date DESC, uid`)
          .raw()
          .all(since, until) as Array<[string, string, string]>,
    );
    return rows.map(([uid, date, fields]) => {
      const [contentHash, title, link, canonicalLink, fingerprint] = this.readJson<[string, string | null, string | null, string | null, StoredFingerprint | null]>(fields, 'an item row');
      return { uid, date, contentHash, title, link, canonicalLink, ...(fingerprint === null ? {} : { fingerprint }) };
    });
  }

  byCanonicalLink(link: string): StoredItem[] {
    return this.rows('SELECT json FROM items WHERE canonical_link = ? ORDER BY date DESC, uid', link);
  }

  profilesBySource(sourceId: string): StoredProfile[] {
    if (this.isDbEmpty()) return [];
    // SQLite picks the facts out in C; only an item stored without them is parsed whole.
    const rows = this.run(
      () =>
        this.statement(
          `SELECT uid, held, CASE WHEN json_type(json, '$.profileFacts') = 'object' THEN json_extract(json, '$.profileFacts') END,
             CASE WHEN json_type(json, '$.profileFacts') = 'object' THEN NULL ELSE json END
           FROM items WHERE source_id = ? ORDER BY date DESC, uid`,
        ).raw().all(sourceId) as Array<[string, number, string | null, string | null]>,
    );
    return rows.map(([uid, held, facts, json]) => ({ uid, held: held === 1, profileFacts: facts === null ? null : this.readJson<ProfileFacts>(facts, "an item row's profile facts"), item: json === null ? null : this.parse(json) }));
  }

  contentHashesBySource(sourceId: string): Map<string, string> {
    if (this.isDbEmpty()) return new Map();
    // SQLite reads the two fields in C: no row is parsed here.
    const rows = this.run(
      () => this.statement(`SELECT json_extract(json, '$.key'), json_extract(json, '$.contentHash') FROM items WHERE source_id = ?`).raw().all(sourceId) as Array<[string, string]>,
    );
    return new Map(rows);
  }

  datesBySource(sourceId: string): string[] {
    if (this.isDbEmpty()) return [];
    return this.run(() => this.statement('SELECT date FROM items WHERE source_id = ? ORDER BY date DESC, uid').pluck().all(sourceId)) as string[];
  }

  countsBySource(since: string, until: string): Map<string, SourceItemCounts> {
    const counts = new Map<string, SourceItemCounts>();
    // GROUP BY walks items_source_date, which holds both columns: no row of the table is read.
    const grouped = this.run(
      () => this.statement('SELECT source_id, COUNT(*), COALESCE(SUM(date >= ? AND date <= ?), 0) FROM items GROUP BY source_id').raw().all(since, until) as Array<[string, number, number]>,
    );
    for (const [sourceId, stored, recent] of grouped) counts.set(sourceId, { stored, recent });
    return counts;
  }

  slugTaken(slug: string): boolean {
    if (this.isDbEmpty()) return false;
    return this.run(() => this.statement('SELECT 1 FROM items WHERE slug = ? LIMIT 1').pluck().get(slug)) !== undefined;
  }

  quarantined(): StoredItem[] {
    return this.rows('SELECT json FROM items WHERE held = 1 ORDER BY date DESC, uid');
  }

  newest(options: NewestOptions): StoredItem[] {
    const sources = options.sourceIds ? new Set(options.sourceIds) : null;
    const visible = [options.includeHeld ? null : 'held = 0', options.includeDuplicates ? null : 'duplicate_of IS NULL'].filter((condition) => condition !== null);
    return sources && sources.size <= FEW_SOURCES ? this.newestOfFew(sources, visible, options.limit) : this.newestByDate(sources, visible, options.limit);
  }

  /** Walk the date index, reading at most `limit` rows. */
  private newestByDate(sources: Set<string> | null, visible: string[], limit: number): StoredItem[] {
    // The unary + keeps SQLite from answering the IN through items_source_date, which read and
    // sorted every item of the sources (issue 7: 1.9 s per emit at 100k items); instead it walks
    // the date index, where items_visible_date holds source_id, so other sources' rows stay unread.
    const conditions = [...visible, ...(sources ? ['+source_id IN (SELECT value FROM json_each(?))'] : [])];
    const sql = `SELECT json FROM items ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY date DESC, uid LIMIT ?`;
    return this.rows(sql, ...(sources ? [JSON.stringify([...sources])] : []), limit);
  }

  /**
   * A handful of sources (a small category): walking the date index would pass every other
   * source's items, so take each source's newest keys from items_source_date, merge them, and
   * read only the winners.
   */
  private newestOfFew(sources: Set<string>, visible: string[], limit: number): StoredItem[] {
    const sql = `SELECT uid, date FROM items INDEXED BY items_source_date WHERE ${['source_id = ?', ...visible].join(' AND ')} ORDER BY date DESC, uid LIMIT ?`;
    const keys: ItemKey[] = [];
    for (const sourceId of sources) {
      const rows = this.run(() => this.statement(sql).raw().all(sourceId, limit)) as Array<[string, string]>;
      for (const [uid, date] of rows) keys.push({ uid, date });
    }
    return keys
      .sort(compareKeys)
      .slice(0, limit)
      .map((key) => this.get(key.uid)!);
  }

  *all(): Iterable<StoredItem> {
    let after = '';
    for (;;) {
      const page = this.rows('SELECT json FROM items WHERE uid > ? ORDER BY uid LIMIT ?', after, PAGE);
      yield* page;
      if (page.length < PAGE) break;
      after = page[page.length - 1].uid;
    }
  }

  put(item: StoredItem): void {
    this.write(() =>
      this.statement(UPSERT).run(item.uid, item.sourceId, item.date, item.canonicalLink, isHeld(item) ? 1 : 0, item.duplicateOf, item.slug ?? null, JSON.stringify(item)).changes,
    );
  }

  delete(uid: string): void {
    this.write(() => this.statement('DELETE FROM items WHERE uid = ?').run(uid).changes);
  }

  prune(options: PruneOptions): string[] {
    const cutoff = retentionCutoff(options.now, options.maxAgeDays);
    // Found from the indexes as uids; an item is read only when `keep` must judge it.
    const doomed = new Set<string>();
    const consider = (uid: string) => {
      if (!options.keep || !options.keep(this.get(uid)!)) doomed.add(uid);
    };
    const old = this.run(() => this.statement('SELECT uid FROM items WHERE date < ?').pluck().all(cutoff)) as string[];
    for (const uid of old) consider(uid);
    const sizes = this.run(() => this.statement('SELECT source_id, COUNT(*) FROM items GROUP BY source_id').raw().all()) as Array<[string, number]>;
    for (const [sourceId, size] of sizes) {
      const cap = options.maxItemsFor(sourceId);
      if (size <= cap) continue;
      const beyond = this.run(() => this.statement('SELECT uid FROM items WHERE source_id = ? ORDER BY date DESC, uid LIMIT -1 OFFSET ?').pluck().all(sourceId, cap)) as string[];
      for (const uid of beyond) consider(uid);
    }
    for (const uid of doomed) this.delete(uid);
    return [...doomed];
  }

  async commit(): Promise<void> {
    const failure = this.failure;
    if (failure) {
      this.failure = null;
      throw failure;
    }
    if (!this.db.inTransaction) return;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      this.rollback();
      throw sqliteError(error, this.where);
    }
    this.writes = 0;
  }

  sizeWarning(): string | null {
    return null;
  }

  /**
   * One write inside the run's transaction, begun by the first write that changes a row: a write
   * that changes nothing leaves no transaction open, so a state written after it is not held back.
   */
  private write(action: () => number): void {
    if (this.failure) return;
    const began = !this.db.inTransaction;
    try {
      if (began) this.db.exec('BEGIN IMMEDIATE');
      const changes = action();
      if (changes === 0) {
        if (began) this.db.exec('COMMIT');
        return;
      }
      this.writes += changes;
      this.dbCount = null;
      this.dbEmpty = null;
    } catch (error) {
      // Disk full, I/O, a busy database: what the run wrote is rolled back now, and commit reports it.
      this.failure = sqliteError(error, this.where);
      this.rollback();
    }
  }

  private rollback(): void {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // SQLite rolls back on its own when it cannot; closing the connection does too.
    }
    this.writes = 0;
    this.dbCount = null;
    this.dbEmpty = null;
  }

  private isDbEmpty(): boolean {
    this.dbEmpty ??= this.run(() => this.statement('SELECT 1 FROM items LIMIT 1').pluck().get() === undefined);
    return this.dbEmpty;
  }

  private jsonOf(uid: string): string | undefined {
    if (this.isDbEmpty()) return undefined;
    return this.run(() => this.statement('SELECT json FROM items WHERE uid = ?').pluck().get(uid)) as string | undefined;
  }

  private rows(sql: string, ...params: unknown[]): StoredItem[] {
    if (this.isDbEmpty()) return [];
    return this.run(() => this.statement(sql).pluck().all(...params) as string[]).map((json) => this.parse(json));
  }

  /** A JSON value this driver wrote; anything unreadable is the database's corruption, named as such. */
  private readJson<T>(json: string, what: string): T {
    try {
      return JSON.parse(json) as T;
    } catch (error) {
      throw sqliteError(Object.assign(new Error(`${what} is not valid JSON`), { code: 'SQLITE_CORRUPT', cause: error }), this.where);
    }
  }

  private parse(json: string): StoredItem {
    return checkItem(this.readJson<unknown>(json, 'an item row'), this.where, 'an item row');
  }


  private statement(sql: string): ReturnType<Db['prepare']> {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.run(() => this.db.prepare(sql))));
    return statement;
  }

  private run<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw sqliteError(error, this.where);
    }
  }
}
