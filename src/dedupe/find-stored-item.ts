/**
 * Is this item already stored? (issue 2; RELIABILITY.md R44.) The one answer, for every store: a
 * pure function of the normalised item and a lookup of what its source has stored.
 *
 * - Same key, same item (an update when its content changed) — unless both its canonical link and
 *   its title changed: then the guid was reused for a new article (CMSs that recycle ids), and the
 *   item is keyed `key#hash(link)`, which a later fetch finds again.
 * - A new key with the canonical link and title of a stored item of the same source is that item
 *   again: some feeds mint a random guid on every fetch. Any stored copy counts, however old: an
 *   undated item's date is its fetch time, so a window would let such a feed re-add the same
 *   article every few days.
 *
 * identity.ts keys one fetch's items without looking at the store; this is the step after it.
 */
import { createHash } from 'node:crypto';
import type { NormalisedItem, StoredItem } from '../core/types.js';
import { isArticleLink } from './cross-source.js';
import { titleKey } from './fingerprint.js';

/** What is stored for the item's source: by item key, and (any source) by canonical link. */
export interface StoredLookup {
  byKey(key: string): StoredItem | undefined;
  byCanonicalLink(link: string): StoredItem[];
}

export interface StoredMatch {
  /** The key the item is stored under: its own, or the reused-guid key. */
  key: string;
  /** The stored item it is, or undefined for a new item. */
  stored: StoredItem | undefined;
}

export function findStoredItem(item: NormalisedItem, lookup: StoredLookup): StoredMatch {
  const byKey = lookup.byKey(item.key);
  if (byKey) {
    const linkChanged = byKey.canonicalLink && item.canonicalLink && byKey.canonicalLink !== item.canonicalLink;
    const titleChanged = titleKey(byKey.title) !== titleKey(item.title);
    if (linkChanged && titleChanged) {
      const key = reusedGuidKey(item.key, item.canonicalLink!);
      return { key, stored: lookup.byKey(key) };
    }
    return { key: item.key, stored: byKey };
  }
  if (!item.canonicalLink) return { key: item.key, stored: undefined };
  return { key: item.key, stored: findSameSourceRepeat(item, lookup.byCanonicalLink(item.canonicalLink)) };
}

/**
 * Whether `item` is, by findStoredItem's answer, a stored item whose content has not changed, told
 * from its source's stored key → content hash alone (ItemStore.contentHashesBySource): stored under
 * its key with its content hash, it has the stored title and link, so it is no reused guid, and
 * ingest skips it as unchanged. The parse stage asks this before an item is finished, so that a
 * changed feed's stored items cost neither their excerpt nor their analysis (issue 11).
 */
export function isStoredUnchanged(item: Pick<NormalisedItem, 'key' | 'contentHash'>, stored: ReadonlyMap<string, string>): boolean {
  return stored.get(item.key) === item.contentHash;
}

/**
 * Every key and link findStoredItem may look up for `item`: a store that loads a source's items
 * before ingest (the shared postgres store) loads these, and the answer is the same as over the
 * whole store.
 */
export function storedLookupsOf(item: NormalisedItem): { keys: string[]; links: string[] } {
  if (!item.canonicalLink) return { keys: [item.key], links: [] };
  return { keys: [item.key, reusedGuidKey(item.key, item.canonicalLink)], links: [item.canonicalLink] };
}

function reusedGuidKey(key: string, canonicalLink: string): string {
  return `${key}#${createHash('sha256').update(canonicalLink).digest('hex').slice(0, 12)}`;
}

/** The stored item of the same source that `item` repeats under a new key (same article link and title). */
function findSameSourceRepeat(item: NormalisedItem, stored: StoredItem[]): StoredItem | undefined {
  const link = item.canonicalLink ?? item.link;
  if (!link || !isArticleLink(link)) return undefined;
  const title = titleKey(item.title);
  return stored.find(
    (candidate) => candidate.sourceId === item.sourceId && candidate.key !== item.key && (candidate.canonicalLink ?? candidate.link) === link && titleKey(candidate.title) === title,
  );
}
