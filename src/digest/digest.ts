/**
 * The "Recent Posts" digest (issue 2 "Digest", issue 6 "Digest details"): the newest items, at most
 * `perSourceCap` from any one source so a prolific source cannot fill the list, with plain-text
 * excerpts and relative ages. Pure; `now` comes in.
 */
import type { SourceInfo, StoredItem } from '../core/types.js';
import { makeExcerpt } from '../normalise/excerpt.js';
import { htmlToText } from '../normalise/html.js';
import { safeHttpUrl } from '../normalise/url.js';
import { relativeAge } from './relative-age.js';

export { relativeAge } from './relative-age.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DigestEntry {
  title: string;
  link: string | null;
  excerpt: string;
  sourceTitle: string;
  sourceLink: string | null;
  /** ISO-8601 UTC. */
  date: string;
  age: string;
  slug: string | null;
}

export interface DigestOptions {
  size: number;
  excerptLength: number;
  perSourceCap: number;
  now: Date;
}

export function buildDigest(items: StoredItem[], sources: Map<string, SourceInfo>, options: DigestOptions): DigestEntry[] {
  const ranked = items
    .map((item) => ({ item, time: digestTime(item) }))
    .sort((a, b) => b.time - a.time || (a.item.uid < b.item.uid ? -1 : a.item.uid > b.item.uid ? 1 : 0));
  const perSource = new Map<string, number>();
  const entries: DigestEntry[] = [];
  // Walking in date order while capping each source keeps the list chronological and interleaves
  // the sources as their dates fall; a source over its cap simply yields its slot to the next one.
  for (const { item, time } of ranked) {
    if (entries.length >= options.size) break;
    const count = perSource.get(item.sourceId) ?? 0;
    if (count >= options.perSourceCap) continue;
    perSource.set(item.sourceId, count + 1);
    entries.push(toEntry(item, time, sources.get(item.sourceId), options));
  }
  return entries;
}

/**
 * RELIABILITY.md R42: a future or bogus date must not pin an item to the top, so an item ranks at
 * most one day after it was first seen.
 */
function digestTime(item: StoredItem): number {
  const dated = Date.parse(item.date);
  const firstSeen = Date.parse(item.firstSeenAt);
  if (Number.isNaN(firstSeen)) return Number.isNaN(dated) ? 0 : dated;
  if (Number.isNaN(dated)) return firstSeen;
  return Math.min(dated, firstSeen + DAY_MS);
}

function toEntry(item: StoredItem, time: number, source: SourceInfo | undefined, options: DigestOptions): DigestEntry {
  const date = new Date(time);
  return {
    title: item.title || makeExcerpt(item.excerpt, 80) || '(untitled)',
    link: safeHttpUrl(item.canonicalLink) ?? safeHttpUrl(item.link),
    excerpt: excerptFor(item, options.excerptLength),
    sourceTitle: source?.title ?? item.sourceId,
    sourceLink: safeHttpUrl(source?.link),
    date: date.toISOString(),
    age: relativeAge(date, options.now),
    slug: item.slug,
  };
}

/**
 * The stored excerpt was cut to normalisation's length; the digest's length may differ, so cut
 * again from the full text (cheap: the digest holds at most a few hundred entries).
 */
function excerptFor(item: StoredItem, length: number): string {
  const html = item.summary ?? item.content;
  const text = html ? htmlToText(html) : '';
  return makeExcerpt(text || item.excerpt, length);
}
