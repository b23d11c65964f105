/**
 * The one StoredItem builder for tests. `fields` is the item as far as a test cares; the rest is
 * filled in: source `alpha`; a title, link and uid made from the source and key; every other field
 * at its empty value (a test that reads a body, an author or a summary gives it). An item given a
 * key is the same item each time it is built, dated STORED_ITEM_EPOCH unless `date` says; one
 * given no key is a new story, `item-<n>`, an hour older than the new story built before it.
 */
import type { StoredItem } from '../../src/core/types.js';
import { itemUid } from '../../src/store/keys.js';

export const STORED_ITEM_EPOCH = '2026-11-28T12:00:00.000Z';

let newStories = 0;

export function storedItem(fields: Partial<StoredItem> = {}): StoredItem {
  const isNew = fields.key === undefined;
  if (isNew) newStories += 1;
  const sourceId = fields.sourceId ?? 'alpha';
  const key = fields.key ?? `item-${newStories}`;
  const date = fields.date ?? (isNew ? new Date(Date.parse(STORED_ITEM_EPOCH) - newStories * 3_600_000).toISOString() : STORED_ITEM_EPOCH);
  const link = `https://${sourceId}.example/${key}`;
  return {
    id: key,
    title: `Story ${key} from ${sourceId}`,
    link,
    published: date,
    updated: null,
    author: null,
    categories: [],
    summary: null,
    content: null,
    enclosures: [],
    key,
    sourceId,
    canonicalLink: link,
    excerpt: '',
    contentHash: key,
    fetchedAt: date,
    date,
    language: 'en',
    uid: itemUid(sourceId, key),
    firstSeenAt: date,
    lastSeenAt: date,
    quarantine: null,
    approved: false,
    duplicateOf: null,
    alsoCarriedBy: [],
    slug: null,
    ...fields,
  };
}
