/**
 * Same story, not same template: test/fixtures/dedupe/templates.json (from generate-templates.mjs)
 * holds rewrites and syndicated copies (duplicates) beside sports results, storms, earthquakes,
 * market closes, central banks, "country X reports …" and live pages that differ only in a name or
 * a figure (false friends). Expect precision ≥ 0.98 and recall ≥ 0.90, printed.
 */
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { findCrossSourceDuplicate } from '../../src/dedupe/cross-source.js';
import { readPairs, scorePairs, storedSide } from '../helpers/dedupe-pairs.js';

const pairs = readPairs('templates');
const options = { windowHours: 48, titleSimilarity: 0.8 };

describe('template-heavy false friends and true duplicates', () => {
  it('has at least 60 labelled pairs of each kind', () => {
    expect(pairs.filter((pair) => pair.duplicate).length).toBeGreaterThanOrEqual(60);
    expect(pairs.filter((pair) => !pair.duplicate).length).toBeGreaterThanOrEqual(60);
  });

  it('reaches precision ≥ 0.98 and recall ≥ 0.90', () => {
    const { precision, recall } = scorePairs('template pairs', pairs, options);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('never folds through a chain what would not fold directly', () => {
    // A and C are two games of one template; B is a copy of A whose text also reads like C's.
    const sports = pairs.find((pair) => pair.kind === 'sports-result')!;
    const a = storedSide(sports.a, 'chain-a');
    const c = storedSide(sports.b, 'chain-c');
    expect(findCrossSourceDuplicate(c, [a], options)).toBeNull();
    const primary: StoredItem = { ...a, alsoCarriedBy: [{ sourceId: 'elsewhere', itemKey: 'chain-b', link: null, title: a.title }] };
    const member = { ...c, sourceId: 'elsewhere', key: 'chain-b', uid: 'elsewhere\u0000chain-b' };
    const probe = { ...c, sourceId: 'third', uid: 'third\u0000chain-c' };
    // The probe folds with the member on its own, but not with the cluster's primary: no fold.
    expect(findCrossSourceDuplicate(probe, [member], options)).not.toBeNull();
    const cluster = { ...member, alsoCarriedBy: [{ sourceId: a.sourceId, itemKey: a.key, link: a.link, title: a.title }] };
    expect(findCrossSourceDuplicate(probe, [cluster], { ...options, membersOf: () => [primary] })).toBeNull();
    expect(findCrossSourceDuplicate(probe, [cluster], options)).not.toBeNull();
  });
});
