/**
 * The SQLite driver's changes waiting for commit, indexed by source, canonical link and slug: a
 * run looks items up per new item, and scanning every staged change each time made a 50k-item run
 * quadratic (issue 7).
 */
import type { StoredItem } from '../core/types.js';

export interface Staged {
  /** The new item, or null for a delete. */
  item: StoredItem | null;
  /** Its JSON when already made; otherwise made on commit. */
  json: string | null;
  sourceId: string;
  inDb: boolean;
}

function addUid(index: Map<string, Set<string>>, key: string, uid: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(uid);
}

export class StagedChanges {
  private readonly changes = new Map<string, Staged>();
  private readonly bySource = new Map<string, Set<string>>();
  private readonly byLink = new Map<string, Set<string>>();
  private readonly bySlug = new Map<string, Set<string>>();
  /** Sources with any staged put or delete since the last clear (kept when a change is undone: a superset is safe). */
  private readonly sources = new Set<string>();

  get size(): number {
    return this.changes.size;
  }

  get(uid: string): Staged | undefined {
    return this.changes.get(uid);
  }

  has(uid: string): boolean {
    return this.changes.has(uid);
  }

  [Symbol.iterator](): IterableIterator<[string, Staged]> {
    return this.changes.entries();
  }

  values(): IterableIterator<Staged> {
    return this.changes.values();
  }

  set(uid: string, change: Staged): void {
    this.unindex(uid);
    this.changes.set(uid, change);
    this.sources.add(change.sourceId);
    const item = change.item;
    if (!item) return;
    addUid(this.bySource, item.sourceId, uid);
    if (item.canonicalLink !== null) addUid(this.byLink, item.canonicalLink, uid);
    if (item.slug) addUid(this.bySlug, item.slug, uid);
  }

  delete(uid: string): void {
    this.unindex(uid);
    this.changes.delete(uid);
  }

  clear(): void {
    this.changes.clear();
    this.bySource.clear();
    this.byLink.clear();
    this.bySlug.clear();
    this.sources.clear();
  }

  /** False when no staged change concerns the source, so the database alone answers for it. */
  touches(sourceId: string): boolean {
    return this.sources.has(sourceId);
  }

  /** Uids of staged puts of this source; null when none. */
  putsOfSource(sourceId: string): Set<string> | null {
    return this.bySource.get(sourceId) ?? null;
  }

  putsWithLink(link: string): Set<string> | null {
    return this.byLink.get(link) ?? null;
  }

  hasSlug(slug: string): boolean {
    return (this.bySlug.get(slug)?.size ?? 0) > 0;
  }

  private unindex(uid: string): void {
    const previous = this.changes.get(uid)?.item;
    if (!previous) return;
    this.bySource.get(previous.sourceId)?.delete(uid);
    if (previous.canonicalLink !== null) this.byLink.get(previous.canonicalLink)?.delete(uid);
    if (previous.slug) this.bySlug.get(previous.slug)?.delete(uid);
  }
}
