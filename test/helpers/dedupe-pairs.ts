/** The labelled pairs of test/fixtures/dedupe and the stored item each side becomes. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { findCrossSourceDuplicate, type CrossSourceOptions } from '../../src/dedupe/cross-source.js';
import { storedItem } from './stored-item.js';
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
  return storedItem({
    sourceId: side.sourceId,
    key,
    date: side.date,
    id: null,
    title: side.title,
    link: side.link,
    summary: side.summary,
    canonicalLink: canonicalLink(side.link),
    excerpt: htmlToText(side.summary ?? '').slice(0, 200),
  });
}


/** A fixture file of pairs, by name (test/fixtures/dedupe/<name>.json). */
export function readPairs(name: string): Pair[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/dedupe/${name}.json`, import.meta.url), 'utf8')) as Pair[];
}

/**
 * Precision and recall of findCrossSourceDuplicate on labelled pairs, both directions of each
 * (the verdict must not depend on which copy arrives first); printed with every mistake.
 */
export function scorePairs(label: string, pairs: Pair[], options: CrossSourceOptions): { precision: number; recall: number } {
  let truePositive = 0;
  let falsePositive = 0;
  let falseNegative = 0;
  const problems: string[] = [];
  for (const pair of pairs) {
    const a = storedSide(pair.a, `${pair.id}-a`);
    const b = storedSide(pair.b, `${pair.id}-b`);
    const forward = findCrossSourceDuplicate(a, [b], options);
    const backward = findCrossSourceDuplicate(b, [a], options);
    expect(Boolean(forward), pair.id).toBe(Boolean(backward));
    if (forward && pair.duplicate) truePositive++;
    else if (forward) {
      falsePositive++;
      problems.push(`false friend folded: ${pair.id} (${forward.reason}) "${pair.a.title}" / "${pair.b.title}"`);
    } else if (pair.duplicate) {
      falseNegative++;
      problems.push(`duplicate missed: ${pair.id} "${pair.a.title}" / "${pair.b.title}"`);
    }
  }
  const precision = truePositive / (truePositive + falsePositive);
  const recall = truePositive / (truePositive + falseNegative);
  console.log(`${label}: ${pairs.length} (${truePositive + falseNegative} duplicates); precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
  for (const problem of problems) console.log(`  ${problem}`);
  return { precision, recall };
}
