/**
 * The slugs makeSlug must avoid during a run: those handed out so far plus those already stored.
 * Stored ones are asked of the store one slug at a time (an index lookup in SQLite), where building
 * a Set of every stored slug parsed the whole store on each run that added an item (issue 7).
 */
import type { ItemStore } from './store-contract.js';

/** Membership is "taken"; size and iteration cover only the slugs added through this set. */
class StoreBackedSlugs extends Set<string> {
  private readonly items: Pick<ItemStore, 'slugTaken'>;

  constructor(items: Pick<ItemStore, 'slugTaken'>) {
    super();
    this.items = items;
  }

  override has(slug: string): boolean {
    return super.has(slug) || this.items.slugTaken(slug);
  }
}

export function takenSlugSet(items: Pick<ItemStore, 'slugTaken'>): Set<string> {
  return new StoreBackedSlugs(items);
}
