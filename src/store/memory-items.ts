/**
 * The JSON driver's items: all in memory, indexed by source and canonical link, written back whole
 * by one durable write on commit. Fine up to ~20k items (see JSON_SLOW_ITEMS); past that the
 * write cost grows with the store, which is why the SQLite driver exists.
 */
import type { StoredItem } from '../core/types.js';
import { compareNewest, isFoldedDuplicate, isHeld, retentionCutoff } from './item-order.js';
import type { ItemSketch, ItemStore, NewestOptions, PruneOptions, SourceItemCounts, StoredProfile } from './store-contract.js';

/** Measured (bench/store-bench.mjs): past ~20k items a lowdb write takes >0.3 s and grows linearly. */
export const JSON_SLOW_ITEMS = 20_000;

export function jsonSizeWarning(items: number): string | null {
  if (items < JSON_SLOW_ITEMS) return null;
  return `the JSON store holds about ${items} items; every write now rewrites the whole file — set store.driver to "sqlite" and run \`feedloom store migrate --to sqlite\``;
}

function addTo(index: Map<string, Set<string>>, key: string | null, uid: string): void {
  if (key === null) return;
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(uid);
}

function removeFrom(index: Map<string, Set<string>>, key: string | null, uid: string): void {
  if (key === null) return;
  const set = index.get(key);
  set?.delete(uid);
  if (set?.size === 0) index.delete(key);
}

export class MemoryItemStore implements ItemStore {
  private readonly items = new Map<string, StoredItem>();
  private readonly bySourceIndex = new Map<string, Set<string>>();
  private readonly byLinkIndex = new Map<string, Set<string>>();
  private readonly bySlugIndex = new Map<string, Set<string>>();
  /** Newest-first view, rebuilt on demand after a change. */
  private sorted: StoredItem[] | null = null;
  private dirty = false;

  constructor(
    items: StoredItem[],
    private readonly save: (items: StoredItem[]) => Promise<void>,
  ) {
    for (const item of items) this.insert(item);
  }

  get changed(): boolean {
    return this.dirty;
  }

  count(): number {
    return this.items.size;
  }

  get(uid: string): StoredItem | undefined {
    return this.items.get(uid);
  }

  bySource(sourceId: string): StoredItem[] {
    return this.pick(this.bySourceIndex.get(sourceId));
  }

  byCanonicalLink(link: string): StoredItem[] {
    return this.pick(this.byLinkIndex.get(link));
  }

  profilesBySource(sourceId: string): StoredProfile[] {
    return this.bySource(sourceId).map((item) => ({ uid: item.uid, held: isHeld(item), profileFacts: item.profileFacts ?? null, item: item.profileFacts ? null : item }));
  }

  contentHashesBySource(sourceId: string): Map<string, string> {
    return new Map(this.bySource(sourceId).map((item) => [item.key, item.contentHash]));
  }

  datesBySource(sourceId: string): string[] {
    return this.bySource(sourceId).map((item) => item.date);
  }

  countsBySource(since: string, until: string): Map<string, SourceItemCounts> {
    const counts = new Map<string, SourceItemCounts>();
    for (const [sourceId, uids] of this.bySourceIndex) {
      let recent = 0;
      for (const uid of uids) {
        const date = this.items.get(uid)!.date;
        if (date >= since && date <= until) recent += 1;
      }
      counts.set(sourceId, { stored: uids.size, recent });
    }
    return counts;
  }

  slugTaken(slug: string): boolean {
    return this.bySlugIndex.has(slug);
  }

  /** The items are in memory already: whole. */
  sketchesInWindow(since: string, until: string): ItemSketch[] {
    return this.inWindow(since, until);
  }

  inWindow(since: string, until: string): StoredItem[] {
    const sorted = this.newestFirst();
    // Binary search for the first item dated <= until, then walk until older than since.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid].date > until) low = mid + 1;
      else high = mid;
    }
    const found: StoredItem[] = [];
    for (let i = low; i < sorted.length && sorted[i].date >= since; i++) found.push(sorted[i]);
    return found;
  }

  newest(options: NewestOptions): StoredItem[] {
    const sources = options.sourceIds ? new Set(options.sourceIds) : null;
    const found: StoredItem[] = [];
    for (const item of this.newestFirst()) {
      if (found.length >= options.limit) break;
      if (sources && !sources.has(item.sourceId)) continue;
      if (!options.includeHeld && isHeld(item)) continue;
      if (!options.includeDuplicates && isFoldedDuplicate(item)) continue;
      found.push(item);
    }
    return found;
  }

  quarantined(): StoredItem[] {
    return this.newestFirst().filter(isHeld);
  }

  *all(): Iterable<StoredItem> {
    const uids = [...this.items.keys()].sort();
    for (const uid of uids) {
      const item = this.items.get(uid);
      if (item) yield item;
    }
  }

  put(item: StoredItem): void {
    const existing = this.items.get(item.uid);
    if (existing && JSON.stringify(existing) === JSON.stringify(item)) return;
    if (existing) this.remove(existing);
    this.insert(item);
    this.dirty = true;
  }

  delete(uid: string): void {
    const existing = this.items.get(uid);
    if (!existing) return;
    this.remove(existing);
    this.dirty = true;
  }

  prune(options: PruneOptions): string[] {
    const cutoff = retentionCutoff(options.now, options.maxAgeDays);
    const removed: string[] = [];
    for (const [sourceId, uids] of this.bySourceIndex) {
      const cap = options.maxItemsFor(sourceId);
      this.pick(uids).forEach((item, position) => {
        if (options.keep?.(item)) return;
        if (item.date < cutoff || position >= cap) removed.push(item.uid);
      });
    }
    for (const uid of removed) this.delete(uid);
    return removed;
  }

  async commit(): Promise<void> {
    if (!this.dirty) return;
    await this.save([...this.items.values()]);
    this.dirty = false;
  }

  sizeWarning(): string | null {
    return jsonSizeWarning(this.items.size);
  }

  private pick(uids: Set<string> | undefined): StoredItem[] {
    if (!uids) return [];
    const found: StoredItem[] = [];
    for (const uid of uids) {
      const item = this.items.get(uid);
      if (item) found.push(item);
    }
    return found.sort(compareNewest);
  }

  private newestFirst(): StoredItem[] {
    this.sorted ??= [...this.items.values()].sort(compareNewest);
    return this.sorted;
  }

  private insert(item: StoredItem): void {
    this.items.set(item.uid, item);
    addTo(this.bySourceIndex, item.sourceId, item.uid);
    addTo(this.byLinkIndex, item.canonicalLink, item.uid);
    addTo(this.bySlugIndex, item.slug ?? null, item.uid);
    this.sorted = null;
  }

  private remove(item: StoredItem): void {
    this.items.delete(item.uid);
    removeFrom(this.bySourceIndex, item.sourceId, item.uid);
    removeFrom(this.byLinkIndex, item.canonicalLink, item.uid);
    removeFrom(this.bySlugIndex, item.slug ?? null, item.uid);
    this.sorted = null;
  }
}
