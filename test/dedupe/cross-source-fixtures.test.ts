/**
 * Issue 6 target on the labelled pairs in test/fixtures/dedupe/pairs.json (from generate-pairs.mjs):
 * precision ≥ 0.98 and recall ≥ 0.90 for "same story" across sources. Links go through the real
 * normaliser (canonicalLink), so tracking parameters and redirect wrappers are handled where the
 * pipeline handles them.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/schema.js';
import { findCrossSourceDuplicate } from '../../src/dedupe/cross-source.js';
import { readPairs, scorePairs, storedSide as stored, type Pair } from '../helpers/dedupe-pairs.js';

const pairs = readPairs('pairs');
const options = { windowHours: DEFAULTS.dedupeWindowHours, titleSimilarity: 0.8 };

describe('cross-source duplicates on the labelled pairs (issue 6)', () => {
  it('has at least 100 labelled pairs of both kinds', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(100);
    expect(pairs.filter((pair) => pair.duplicate).length).toBeGreaterThanOrEqual(40);
    expect(pairs.filter((pair) => !pair.duplicate).length).toBeGreaterThanOrEqual(40);
  });

  it('reaches precision ≥ 0.98 and recall ≥ 0.90, in both directions of each pair', () => {
    const { precision, recall } = scorePairs('dedupe pairs', pairs, options);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the reason that decided: link for tracking parameters and wrappers, text for wire copies', () => {
    const reasonOf = (pair: Pair) => findCrossSourceDuplicate(stored(pair.a, 'a'), [stored(pair.b, 'b')], options)?.reason;
    for (const pair of pairs.filter((candidate) => candidate.kind === 'tracking-params' || candidate.kind === 'redirect-wrapper')) {
      expect(reasonOf(pair), pair.id).toBe('link');
    }
    const wire = pairs.filter((candidate) => candidate.kind === 'wire-copy').map(reasonOf);
    expect(wire.filter((reason) => reason === 'text').length).toBeGreaterThanOrEqual(wire.length * 0.9);
  });
});
