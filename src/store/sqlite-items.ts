/**
 * The SQLite driver's items. Changes are staged in memory and written in one transaction on
 * commit, so its cost follows what changed, not the store's size (issue 7). Every read merges the
 * staged changes over the database, so the pipeline sees its own puts before commit.
 */
import type { StoredItem } from '../core/types.js';
import { compareNewest, isFoldedDuplicate, isHeld, retentionCutoff } from './item-order.js';
import { FINGERPRINT_VERSION } from '../dedupe/stored-fingerprint.js';
import { checkItem } from './shape.js';
import { sqliteError, type Db } from './sqlite-file.js';
import { StagedChanges } from './sqlite-staged.js';
import type { ItemStore, NewestOptions, PruneOptions, SourceItemCounts } from './store-contract.js';

const PAGE = 1_000;
/** Up to this many sources, `newest` asks each source's index range rather than walking all items by date. */
const FEW_SOURCES = 8;

/** An item's place in newest-first order, read from an index without the item. */
interface ItemKey {
  uid: string;
  date: string;
}

const compareKeys = (a: ItemKey, b: ItemKey) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

export class SqliteItemStore implements ItemStore {
  private readonly staged = new StagedChanges();
  private dbCount: number | null = null;
  /** Whether the table holds no row; a first run stages every item against an empty table, and its point lookups all miss. */
  private dbEmpty: boolean | null = null;
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>();

  constructor(
    private readonly db: Db,
    private readonly where: string,
  ) {}

  get changed(): boolean {
    return this.staged.size > 0;
  }

  count(): number {
    this.dbCount ??= this.run(() => this.statement('SELECT COUNT(*) FROM items').pluck().get() as number);
    let count = this.dbCount;
    for (const { item, inDb } of this.staged.values()) count += (item ? 1 : 0) - (inDb ? 1 : 0);
    return count;
  }

  get(uid: string): StoredItem | undefined {
    const staged = this.staged.get(uid);
    if (staged) return staged.item ?? undefined;
    return this.fromDb(uid);
  }

  bySource(sourceId: string): StoredItem[] {
    const rows = this.rows('SELECT json FROM items WHERE source_id = ? ORDER BY date DESC, uid', sourceId);
    return this.merge(rows, (item) => item.sourceId === sourceId, this.staged.putsOfSource(sourceId));
  }

  inWindow(since: string, until: string): StoredItem[] {
    const rows = this.rows('SELECT json FROM items WHERE date >= ? AND date <= ? ORDER BY date DESC, uid', since, until);
    return this.merge(rows, (item) => item.date >= since && item.date <= until);
  }

  sketchesInWindow(since: string, until: string): StoredItem[] {
    // SQLite drops the body in C, so only the small rest is parsed here.
    const rows = this.rows(
      `SELECT CASE WHEN json_type(json, '$.fingerprint') = 'object' AND COALESCE(json_extract(json, '$.fingerprint.version'), 1) = ?
         THEN json_set(json, '$.content', NULL, '$.summary', NULL) ELSE json END
       FROM items WHERE date >= ? AND date <= ? ORDER BY date DESC, uid`,
      FINGERPRINT_VERSION,
      since,
      until,
    );
    return this.merge(rows, (item) => item.date >= since && item.date <= until);
  }

  byCanonicalLink(link: string): StoredItem[] {
    const rows = this.rows('SELECT json FROM items WHERE canonical_link = ? ORDER BY date DESC, uid', link);
    return this.merge(rows, (item) => item.canonicalLink === link, this.staged.putsWithLink(link));
  }

  datesBySource(sourceId: string): string[] {
    if (!this.staged.touches(sourceId)) {
      return this.run(() => this.statement('SELECT date FROM items WHERE source_id = ? ORDER BY date DESC, uid').pluck().all(sourceId)) as string[];
    }
    return this.keysBySource(sourceId).map((key) => key.date);
  }

  countsBySource(since: string, until: string): Map<string, SourceItemCounts> {
    const counts = new Map<string, SourceItemCounts>();
    // GROUP BY walks items_source_date, which holds both columns: no row of the table is read.
    const grouped = this.run(
      () => this.statement('SELECT source_id, COUNT(*), COALESCE(SUM(date >= ? AND date <= ?), 0) FROM items GROUP BY source_id').raw().all(since, until) as Array<[string, number, number]>,
    );
    for (const [sourceId, stored, recent] of grouped) counts.set(sourceId, { stored, recent });
    const add = (sourceId: string, date: string, by: number) => {
      const entry = counts.get(sourceId) ?? { stored: 0, recent: 0 };
      entry.stored += by;
      if (date >= since && date <= until) entry.recent += by;
      if (entry.stored === 0) counts.delete(sourceId);
      else counts.set(sourceId, entry);
    };
    const stored = this.statement('SELECT source_id, date FROM items WHERE uid = ?').raw();
    for (const [uid, { item, inDb }] of this.staged) {
      if (inDb) {
        const row = this.run(() => stored.get(uid)) as [string, string] | undefined;
        if (row) add(row[0], row[1], -1);
      }
      if (item) add(item.sourceId, item.date, 1);
    }
    return counts;
  }

  slugTaken(slug: string): boolean {
    if (this.staged.hasSlug(slug)) return true;
    if (this.isDbEmpty()) return false;
    const uids = this.run(() => this.statement('SELECT uid FROM items WHERE slug = ?').pluck().all(slug)) as string[];
    return uids.some((uid) => !this.staged.has(uid));
  }

  quarantined(): StoredItem[] {
    return this.merge(this.rows('SELECT json FROM items WHERE held = 1 ORDER BY date DESC, uid'), isHeld);
  }

  newest(options: NewestOptions): StoredItem[] {
    const sources = options.sourceIds ? new Set(options.sourceIds) : null;
    const accept = (item: StoredItem) =>
      (!sources || sources.has(item.sourceId)) && (options.includeHeld || !isHeld(item)) && (options.includeDuplicates || !isFoldedDuplicate(item));
    const visible = [options.includeHeld ? null : 'held = 0', options.includeDuplicates ? null : 'duplicate_of IS NULL'].filter((condition) => condition !== null);
    const found = sources && sources.size <= FEW_SOURCES ? this.newestOfFew(sources, visible, options.limit) : this.newestByDate(sources, visible, options.limit);
    return this.withStaged(found, accept).slice(0, options.limit);
  }

  /** Walk the date index lazily: at most `limit` rows survive the staged overlay, so no more are parsed. */
  private newestByDate(sources: Set<string> | null, visible: string[], limit: number): StoredItem[] {
    // The unary + keeps SQLite from answering the IN through items_source_date, which read and
    // sorted every item of the sources (issue 7: 1.9 s per emit at 100k items); instead it walks
    // the date index, where items_visible_date holds source_id, so other sources' rows stay unread.
    const conditions = [...visible, ...(sources ? ['+source_id IN (SELECT value FROM json_each(?))'] : [])];
    const sql = `SELECT uid, json FROM items ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY date DESC, uid`;
    const found: StoredItem[] = [];
    this.run(() => {
      for (const [uid, json] of this.statement(sql).raw().iterate(...(sources ? [JSON.stringify([...sources])] : [])) as Iterable<[string, string]>) {
        if (found.length >= limit) break;
        if (!this.staged.has(uid)) found.push(this.parse(json));
      }
    });
    return found;
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
      // Staged changes may hide some of the rows, so ask for that many more.
      const rows = this.run(() => this.statement(sql).raw().all(sourceId, limit + this.staged.size)) as Array<[string, string]>;
      for (const [uid, date] of rows) if (!this.staged.has(uid)) keys.push({ uid, date });
    }
    return keys
      .sort(compareKeys)
      .slice(0, limit)
      .map((key) => this.fromDb(key.uid)!);
  }

  *all(): Iterable<StoredItem> {
    const puts = [...this.staged.values()].flatMap(({ item }) => (item ? [item] : [])).sort((a, b) => (a.uid < b.uid ? -1 : 1));
    let next = 0;
    let after = '';
    for (;;) {
      const page = this.rows('SELECT json FROM items WHERE uid > ? ORDER BY uid LIMIT ?', after, PAGE);
      for (const item of page) {
        while (next < puts.length && puts[next].uid < item.uid) yield puts[next++];
        if (!this.staged.has(item.uid)) yield item;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].uid;
    }
    while (next < puts.length) yield puts[next++];
  }

  put(item: StoredItem): void {
    const staged = this.staged.get(item.uid);
    // Compare serialised forms: an identical put must leave `changed` false and cost no write. A new
    // item has nothing to compare with, and its JSON is made at commit: holding 50,000 bodies twice
    // (object and JSON) until then was a large share of a cold run's peak memory (issue 7).
    const stored = staged ? undefined : this.jsonFromDb(item.uid);
    const current = staged ? (staged.item ? (staged.json ?? JSON.stringify(staged.item)) : null) : stored;
    if (current !== undefined && current !== null && current === JSON.stringify(item)) return;
    this.staged.set(item.uid, { item, json: null, sourceId: item.sourceId, inDb: staged ? staged.inDb : stored !== undefined });
  }

  delete(uid: string): void {
    const current = this.get(uid);
    if (current !== undefined) this.stageDelete(uid, current.sourceId);
  }

  /** `uid` must name an item the store holds (staged or stored). */
  private stageDelete(uid: string, sourceId: string): void {
    const inDb = this.staged.get(uid)?.inDb ?? true;
    if (inDb) this.staged.set(uid, { item: null, json: null, sourceId, inDb });
    else this.staged.delete(uid);
  }

  /** A source's items as (uid, date), newest first, from items_source_date alone, with staged changes applied. */
  private keysBySource(sourceId: string): ItemKey[] {
    const rows = this.run(() => this.statement('SELECT uid, date FROM items WHERE source_id = ? ORDER BY date DESC, uid').raw().all(sourceId)) as Array<[string, string]>;
    const keys = rows.filter(([uid]) => !this.staged.has(uid)).map(([uid, date]) => ({ uid, date }));
    const staged = this.staged.putsOfSource(sourceId);
    if (!staged?.size) return keys;
    for (const uid of staged) {
      const item = this.staged.get(uid)?.item;
      if (item) keys.push({ uid, date: item.date });
    }
    return keys.sort(compareKeys);
  }

  prune(options: PruneOptions): string[] {
    const cutoff = retentionCutoff(options.now, options.maxAgeDays);
    // Found from the indexes as (uid, source); an item is read only when `keep` must judge it.
    const doomed = new Map<string, string>();
    const consider = (uid: string, sourceId: string) => {
      if (!options.keep || !options.keep(this.get(uid)!)) doomed.set(uid, sourceId);
    };
    const old = this.run(() => this.statement('SELECT uid, source_id FROM items WHERE date < ?').raw().all(cutoff)) as Array<[string, string]>;
    for (const [uid, sourceId] of old) if (!this.staged.has(uid)) consider(uid, sourceId);
    for (const [uid, { item }] of this.staged) if (item && item.date < cutoff) consider(uid, item.sourceId);
    const stagedSources = new Set([...this.staged.values()].map(({ sourceId }) => sourceId));
    const sizes = this.run(() => this.statement('SELECT source_id, COUNT(*) FROM items GROUP BY source_id').raw().all()) as Array<[string, number]>;
    const sources = new Map(sizes);
    for (const sourceId of stagedSources) sources.set(sourceId, Infinity);
    for (const [sourceId, size] of sources) {
      const cap = options.maxItemsFor(sourceId);
      if (size <= cap) continue;
      // Without staged changes the database alone knows the order: read only the keys past the cap.
      const beyond = stagedSources.has(sourceId)
        ? this.keysBySource(sourceId).slice(cap).map((key) => key.uid)
        : (this.run(() => this.statement('SELECT uid FROM items WHERE source_id = ? ORDER BY date DESC, uid LIMIT -1 OFFSET ?').pluck().all(sourceId, cap)) as string[]);
      for (const uid of beyond) consider(uid, sourceId);
    }
    for (const [uid, sourceId] of doomed) this.stageDelete(uid, sourceId);
    return [...doomed.keys()];
  }

  async commit(): Promise<void> {
    if (this.staged.size === 0) return;
    const upsert = this.statement(`INSERT INTO items (uid, source_id, date, canonical_link, held, duplicate_of, slug, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (uid) DO UPDATE SET source_id = excluded.source_id, date = excluded.date, canonical_link = excluded.canonical_link,
      held = excluded.held, duplicate_of = excluded.duplicate_of, slug = excluded.slug, json = excluded.json`);
    const remove = this.statement('DELETE FROM items WHERE uid = ?');
    this.run(() => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        for (const [uid, { item, json }] of this.staged) {
          if (item) upsert.run(uid, item.sourceId, item.date, item.canonicalLink, isHeld(item) ? 1 : 0, item.duplicateOf, item.slug ?? null, json ?? JSON.stringify(item));
          else remove.run(uid);
        }
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.staged.clear();
    this.dbCount = null;
    this.dbEmpty = null;
  }

  sizeWarning(): string | null {
    return null;
  }

  private isDbEmpty(): boolean {
    this.dbEmpty ??= this.run(() => this.statement('SELECT 1 FROM items LIMIT 1').pluck().get() === undefined);
    return this.dbEmpty;
  }

  private jsonFromDb(uid: string): string | undefined {
    if (this.isDbEmpty()) return undefined;
    return this.run(() => this.statement('SELECT json FROM items WHERE uid = ?').pluck().get(uid)) as string | undefined;
  }

  private fromDb(uid: string): StoredItem | undefined {
    const json = this.jsonFromDb(uid);
    return json === undefined ? undefined : this.parse(json);
  }

  /** Database rows minus those the staged changes replace or delete, plus staged puts that match. */
  private merge(rows: StoredItem[], accept: (item: StoredItem) => boolean, among?: Set<string> | null): StoredItem[] {
    return this.withStaged(rows.filter((item) => !this.staged.has(item.uid)), accept, among);
  }

  /** `among`: the staged uids that can match (from a staged index; null for none), or every staged change when undefined. */
  private withStaged(items: StoredItem[], accept: (item: StoredItem) => boolean, among?: Set<string> | null): StoredItem[] {
    if (this.staged.size === 0) return items;
    if (among === undefined) {
      for (const { item } of this.staged.values()) if (item && accept(item)) items.push(item);
    } else if (among !== null) {
      for (const uid of among) {
        const item = this.staged.get(uid)?.item;
        if (item && accept(item)) items.push(item);
      }
    }
    return items.sort(compareNewest);
  }

  private rows(sql: string, ...params: unknown[]): StoredItem[] {
    if (this.isDbEmpty()) return [];
    return this.run(() => this.statement(sql).pluck().all(...params) as string[]).map((json) => this.parse(json));
  }

  private parse(json: string): StoredItem {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw sqliteError(Object.assign(new Error(`an item row is not valid JSON`), { code: 'SQLITE_CORRUPT', cause: error }), this.where);
    }
    return checkItem(value, this.where, 'an item row');
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
