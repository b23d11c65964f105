/**
 * One StoredItem builder for tests: a plain stored item of `sourceId` with identity `key`, dated
 * `date`, every other field at its empty value unless `fields` gives it.
 */
import type { StoredItem } from '../../src/core/types.js';

export function storedItem(sourceId: string, key: string, date: string, fields: Partial<StoredItem> = {}): StoredItem {
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
    uid: `${sourceId}\u0000${key}`,
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
