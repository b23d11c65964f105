/**
 * Tombstones from `feedloom block`: an item uid, a link, or a pattern (`/regex/` or a `*` glob on
 * the link). They live in the state, not on items, so they survive retention.
 */
import type { NormalisedItem, StoredItem } from '../core/types.js';

export interface Blocklist {
  /** The tombstone that matches, or null. */
  match(item: Pick<NormalisedItem, 'link' | 'canonicalLink' | 'title'>, uid: string): string | null;
}

export function compileBlocklist(entries: string[]): Blocklist {
  const exact = new Set<string>();
  const patterns: Array<{ entry: string; test: (value: string) => boolean }> = [];
  for (const entry of entries) {
    const regex = /^\/(.+)\/([imsu]*)$/.exec(entry);
    if (regex) {
      const pattern = new RegExp(regex[1], regex[2]);
      patterns.push({ entry, test: (value) => pattern.test(value) });
    } else if (entry.includes('*')) {
      const glob = new RegExp(`^${entry.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
      patterns.push({ entry, test: (value) => glob.test(value) });
    } else {
      exact.add(entry);
    }
  }
  return {
    match(item, uid) {
      if (exact.has(uid)) return uid;
      for (const value of [item.link, item.canonicalLink]) {
        if (value && exact.has(value)) return value;
      }
      for (const { entry, test } of patterns) {
        if ([item.link, item.canonicalLink, item.title].some((value) => value !== null && test(value))) return entry;
      }
      return null;
    },
  };
}

export function isBlocked(blocklist: Blocklist, item: StoredItem): boolean {
  return blocklist.match(item, item.uid) !== null;
}
