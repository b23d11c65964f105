/**
 * The SQLite driver's items. Changes are staged in memory and written in one transaction on
 * commit, so its cost follows what changed, not the store's size (issue 7). Every read merges the
 * staged changes over the database, so the pipeline sees its own puts before commit.
 */
import type { StoredItem } from '../core/types.js';
import { compareNewest, isFoldedDuplicate, isHeld, retentionCutoff } from './item-order.js';
import { checkItem } from './shape.js';
import { sqliteError, type Db } from './sqlite-file.js';
import type { ItemStore, NewestOptions, PruneOptions } from './store.js';

const PAGE = 1_000;

interface Staged {
  /** The new item, or null for a delete. */
  item: StoredItem | null;
  /** Its JSON, made once at put time and written as is on commit. */
  json: string | null;
  sourceId: string;
  inDb: boolean;
}

function addUid(index: Map<string, Set<string>>, key: string, uid: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(uid);
}

export class SqliteItemStore implements ItemStore {
  private readonly staged = new Map<string, Staged>();
  /** Staged uids by source and by canonical link: a run looks items up per new item, and scanning every staged change each time made a 50k-item run quadratic (issue 7). */
  private readonly stagedBySource = new Map<string, Set<string>>();
  private readonly stagedByLink = new Map<string, Set<string>>();
  private dbCount: number | null = null;
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
    return this.merge(rows, (item) => item.sourceId === sourceId, this.stagedBySource.get(sourceId) ?? null);
  }

  inWindow(since: string, until: string): StoredItem[] {
    const rows = this.rows('SELECT json FROM items WHERE date >= ? AND date <= ? ORDER BY date DESC, uid', since, until);
    return this.merge(rows, (item) => item.date >= since && item.date <= until);
  }

  byCanonicalLink(link: string): StoredItem[] {
    const rows = this.rows('SELECT json FROM items WHERE canonical_link = ? ORDER BY date DESC, uid', link);
    return this.merge(rows, (item) => item.canonicalLink === link, this.stagedByLink.get(link) ?? null);
  }

  quarantined(): StoredItem[] {
    return this.merge(this.rows('SELECT json FROM items WHERE held = 1 ORDER BY date DESC, uid'), isHeld);
  }

  newest(options: NewestOptions): StoredItem[] {
    const sources = options.sourceIds ? new Set(options.sourceIds) : null;
    const accept = (item: StoredItem) =>
      (!sources || sources.has(item.sourceId)) && (options.includeHeld || !isHeld(item)) && (options.includeDuplicates || !isFoldedDuplicate(item));
    const conditions = [
      options.includeHeld ? null : 'held = 0',
      options.includeDuplicates ? null : 'duplicate_of IS NULL',
      sources ? 'source_id IN (SELECT value FROM json_each(?))' : null,
    ].filter((condition) => condition !== null);
    const sql = `SELECT json FROM items ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY date DESC, uid`;
    // Walk the index lazily: at most `limit` rows survive the staged overlay, so no more are parsed.
    const found: StoredItem[] = [];
    this.run(() => {
      for (const json of this.statement(sql).pluck().iterate(...(sources ? [JSON.stringify([...sources])] : []))) {
        if (found.length >= options.limit) break;
        const item = this.parse(json as string);
        if (!this.staged.has(item.uid)) found.push(item);
      }
    });
    return this.withStaged(found, accept).slice(0, options.limit);
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
    const json = JSON.stringify(item);
    const staged = this.staged.get(item.uid);
    // Compare serialised forms: an identical put must leave `changed` false and cost no write.
    const stored = staged ? undefined : this.jsonFromDb(item.uid);
    const current = staged ? staged.json : stored;
    if (current === json) return;
    this.stage(item.uid, { item, json, sourceId: item.sourceId, inDb: staged ? staged.inDb : stored !== undefined });
  }

  delete(uid: string): void {
    const current = this.get(uid);
    if (current === undefined) return;
    const inDb = this.staged.get(uid)?.inDb ?? true;
    if (inDb) this.stage(uid, { item: null, json: null, sourceId: current.sourceId, inDb });
    else {
      this.unindex(uid);
      this.staged.delete(uid);
    }
  }

  private stage(uid: string, change: Staged): void {
    this.unindex(uid);
    this.staged.set(uid, change);
    if (change.item) {
      addUid(this.stagedBySource, change.item.sourceId, uid);
      if (change.item.canonicalLink !== null) addUid(this.stagedByLink, change.item.canonicalLink, uid);
    }
  }

  private unindex(uid: string): void {
    const previous = this.staged.get(uid)?.item;
    if (!previous) return;
    this.stagedBySource.get(previous.sourceId)?.delete(uid);
    if (previous.canonicalLink !== null) this.stagedByLink.get(previous.canonicalLink)?.delete(uid);
  }

  prune(options: PruneOptions): string[] {
    const cutoff = retentionCutoff(options.now, options.maxAgeDays);
    const doomed = new Set<string>();
    const consider = (item: StoredItem) => {
      if (!options.keep?.(item)) doomed.add(item.uid);
    };
    this.merge(this.rows('SELECT json FROM items WHERE date < ? ORDER BY date DESC, uid', cutoff), (item) => item.date < cutoff).forEach(consider);
    const stagedSources = new Set([...this.staged.values()].map(({ sourceId }) => sourceId));
    const stored = this.run(() => this.statement('SELECT DISTINCT source_id FROM items').pluck().all() as string[]);
    const sources = new Set([...stored, ...stagedSources]);
    for (const sourceId of sources) {
      const cap = options.maxItemsFor(sourceId);
      // Without staged changes the database alone knows the order: read only the rows past the cap.
      const beyond = stagedSources.has(sourceId)
        ? this.bySource(sourceId).slice(cap)
        : this.rows('SELECT json FROM items WHERE source_id = ? ORDER BY date DESC, uid LIMIT -1 OFFSET ?', sourceId, cap);
      beyond.forEach(consider);
    }
    for (const uid of doomed) this.delete(uid);
    return [...doomed];
  }

  async commit(): Promise<void> {
    if (this.staged.size === 0) return;
    const upsert = this.statement(`INSERT INTO items (uid, source_id, date, canonical_link, held, duplicate_of, json) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (uid) DO UPDATE SET source_id = excluded.source_id, date = excluded.date, canonical_link = excluded.canonical_link,
      held = excluded.held, duplicate_of = excluded.duplicate_of, json = excluded.json`);
    const remove = this.statement('DELETE FROM items WHERE uid = ?');
    this.run(() => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        for (const [uid, { item, json }] of this.staged) {
          if (item) upsert.run(uid, item.sourceId, item.date, item.canonicalLink, isHeld(item) ? 1 : 0, item.duplicateOf, json);
          else remove.run(uid);
        }
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.staged.clear();
    this.stagedBySource.clear();
    this.stagedByLink.clear();
    this.dbCount = null;
  }

  sizeWarning(): string | null {
    return null;
  }

  private jsonFromDb(uid: string): string | undefined {
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
