/**
 * Second-level identity within one source (RELIABILITY.md R44): some feeds mint a new random guid
 * on every fetch, so the first-level key (identity.ts) changes although the article does not. An
 * item whose key is new but whose canonical link and title match a stored item of the same source
 * within the window is that stored item again; the caller keeps the stored key.
 */
import type { NormalisedItem, StoredItem } from '../core/types.js';
import { isArticleLink } from './cross-source.js';
import { titleKey } from './fingerprint.js';

/** The stored item of the same source that `item` repeats under a new key, or null. */
export function findSameSourceRepeat(item: NormalisedItem, stored: StoredItem[], windowHours: number): StoredItem | null {
  const link = item.canonicalLink ?? item.link;
  if (!link || !isArticleLink(link)) return null;
  const title = titleKey(item.title);
  const itemTime = Date.parse(item.date);
  const windowMs = windowHours * 3_600_000;
  for (const candidate of stored) {
    if (candidate.sourceId !== item.sourceId || candidate.key === item.key) continue;
    if ((candidate.canonicalLink ?? candidate.link) !== link || titleKey(candidate.title) !== title) continue;
    if (Math.abs(Date.parse(candidate.date) - itemTime) <= windowMs) return candidate;
  }
  return null;
}
