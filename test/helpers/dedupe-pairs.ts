/** The labelled pairs of test/fixtures/dedupe and the stored item each side becomes. */
import { readFileSync } from 'node:fs';
import type { StoredItem } from '../../src/core/types.js';
import { htmlToText } from '../../src/normalise/html.js';
import { canonicalLink } from '../../src/normalise/url.js';

export interface PairSide {
  sourceId: string;
  title: string;
  link: string;
  summary: string | null;
  date: string;
}
export interface Pair {
  id: string;
  kind: string;
  duplicate: boolean;
  a: PairSide;
  b: PairSide;
}

export function storedSide(side: PairSide, key: string): StoredItem {
  return {
    id: null,
    title: side.title,
    link: side.link,
    published: side.date,
    updated: null,
    author: null,
    categories: [],
    summary: side.summary,
    content: null,
    enclosures: [],
    key,
    sourceId: side.sourceId,
    canonicalLink: canonicalLink(side.link),
    excerpt: htmlToText(side.summary ?? '').slice(0, 200),
    contentHash: key,
    fetchedAt: side.date,
    date: side.date,
    language: 'en',
    uid: `${side.sourceId}\u0000${key}`,
    firstSeenAt: side.date,
    lastSeenAt: side.date,
    quarantine: null,
    approved: false,
    duplicateOf: null,
    alsoCarriedBy: [],
    slug: null,
  };
}


/** A fixture file of pairs, by name (test/fixtures/dedupe/<name>.json). */
export function readPairs(name: string): Pair[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/dedupe/${name}.json`, import.meta.url), 'utf8')) as Pair[];
}
