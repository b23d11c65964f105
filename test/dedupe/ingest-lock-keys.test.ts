/**
 * ingestLockKeysOf (issue 12): two ingests in flight at once lock a common key whenever the index
 * would pair their items both ways, so the one that commits second reads the first's items, as one
 * process would. Checked over every labelled pair of test/fixtures/dedupe and over copies that
 * share one kind of key only.
 */
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { findCrossSourceDuplicate, textFeaturesOf } from '../../src/dedupe/cross-source.js';
import { DuplicateIndex, ingestLockKeysOf } from '../../src/dedupe/duplicate-index.js';
import { MemoryItemStore } from '../../src/store/memory-items.js';
import { readPairs, storedSide, type Pair } from '../helpers/dedupe-pairs.js';
import { storedItem } from '../helpers/stored-item.js';

const SIMILARITY = 0.8;
const WINDOW_MS = 48 * 3_600_000;

/** Whether the index (always by key, as in a crowded window) returns `stored` for a probe of `item`. */
function indexFinds(item: StoredItem, stored: StoredItem): boolean {
  const index = new DuplicateIndex(new MemoryItemStore([stored], async () => {}), WINDOW_MS, SIMILARITY, 0);
  return index.candidatesFor(item, textFeaturesOf(item)).some((candidate) => candidate.uid === stored.uid);
}

function folds(a: StoredItem, b: StoredItem): boolean {
  return findCrossSourceDuplicate(a, [b], { windowHours: 48, titleSimilarity: SIMILARITY }) !== null;
}

function shareLock(a: StoredItem, b: StoredItem): boolean {
  const keys = new Set(ingestLockKeysOf(a, SIMILARITY, textFeaturesOf(a)));
  return ingestLockKeysOf(b, SIMILARITY, textFeaturesOf(b)).some((key) => keys.has(key));
}

function sides(pair: Pair): [StoredItem, StoredItem] {
  return [storedSide(pair.a, `${pair.id}-a`), storedSide({ ...pair.b, sourceId: pair.b.sourceId === pair.a.sourceId ? `${pair.b.sourceId}-other` : pair.b.sourceId }, `${pair.id}-b`)];
}

/** Deterministic words with names and figures of their own. */
function prose(seed: number, words: number): string {
  let state = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(state % 9 === 0 ? `Name${state % 997}` : state % 13 === 0 ? String(state % 10_000) : `w${state % 1_500}`);
  }
  return out.join(' ');
}

const at = '2026-11-10T08:00:00.000Z';

describe('ingestLockKeysOf', () => {
  it('every labelled pair the index pairs both ways shares a lock key; so does every pair that folds, but for one-way finds', () => {
    const pairs = readPairs('pairs');
    let bothWays = 0;
    let foldingShared = 0;
    let foldingOneWay = 0;
    for (const pair of pairs) {
      const [a, b] = sides(pair);
      const both = indexFinds(a, b) && indexFinds(b, a);
      if (both) {
        bothWays++;
        expect(shareLock(a, b), pair.id).toBe(true);
      }
      if (folds(a, b)) {
        if (shareLock(a, b)) foldingShared++;
        else {
          // Not locked alike: then one of them, probing after the other committed, would not find it.
          expect(both, pair.id).toBe(false);
          foldingOneWay++;
        }
      }
    }
    expect(bothWays).toBeGreaterThan(pairs.length / 4);
    expect(foldingShared).toBeGreaterThan(0);
    expect(foldingOneWay).toBeLessThanOrEqual(foldingShared / 10);
  });

  const body = prose(77, 160);
  const cases: Array<{ name: string; a: Partial<StoredItem>; b: Partial<StoredItem> }> = [
    // Other title and body, the same article: only the link key is shared.
    { name: 'the same article link only', a: { title: 'Harbour cranes idle in strike', link: 'https://a.example/news/cranes', canonicalLink: 'https://a.example/news/cranes', content: `<p>${prose(1, 60)}</p>` }, b: { title: 'Port walkout halts loading', link: 'https://a.example/news/cranes', canonicalLink: 'https://a.example/news/cranes', content: `<p>${prose(2, 60)}</p>` } },
    // The same headline over bodies too short to disagree: only the title key.
    { name: 'the same title only', a: { title: 'Council approves new riverside library plan', link: 'https://a.example/1', content: '<p>Short.</p>' }, b: { title: 'Council approves new riverside library plan', link: 'https://b.example/2', content: '<p>Brief.</p>' } },
    // A long body copied under another headline and link: the body's keys only.
    { name: 'the same long body only', a: { title: 'Alpha headline one', link: 'https://a.example/x', content: `<p>${body}</p>` }, b: { title: 'Completely other words', link: 'https://b.example/y', content: `<p>${body} Credit line.</p>` } },
  ];
  for (const { name, a, b } of cases) {
    it(`copies sharing ${name} fold, are found both ways, and lock a common key`, () => {
      const left = storedItem({ sourceId: 'left', key: 'l', date: at, ...a });
      const right = storedItem({ sourceId: 'right', key: 'r', date: at, ...b });
      expect(folds(left, right)).toBe(true);
      expect(indexFinds(left, right) && indexFinds(right, left)).toBe(true);
      expect(shareLock(left, right)).toBe(true);
    });
  }

  it('two different stories of the crowd rarely lock alike (a lock shared is a wait, not an error)', () => {
    const items = Array.from({ length: 200 }, (_, n) => storedItem({ sourceId: `s${n}`, key: 'k', date: at, title: prose(5_000 + n, 7), link: `https://x.example/${n}`, content: `<p>${prose(n, 120)}</p>` }));
    let shared = 0;
    for (let i = 0; i < items.length; i += 2) if (shareLock(items[i], items[i + 1])) shared++;
    expect(shared).toBeLessThanOrEqual(5);
  });
});

describe('SimHash bands as the database files them', () => {
  it('are the 7 bit fields of the 64-bit SimHash (9 × 6 and 10 bits, low bits first), as a BigInt reads them', async () => {
    const { databaseKeysOf } = await import('../../src/dedupe/duplicate-index.js');
    const words = 'harbour council ferry timetable repairs storm quay budget mayor answer tide crane berth cargo'.split(' ');
    let checked = 0;
    for (let n = 0; n < 200; n++) {
      const body = Array.from({ length: 80 }, (_, i) => words[(i * 7 + n * 13 + ((i * n) % 5)) % words.length]).join(' ');
      const item = storedItem({ key: `band-${n}`, content: `<p>${body}</p>` });
      const features = textFeaturesOf(item);
      const value = BigInt(`0x${features.simhash}`);
      const expected: number[] = [];
      let shift = 0n;
      [9, 9, 9, 9, 9, 9, 10].forEach((width, band) => {
        expected.push(3 * 2 ** 32 + band * 1024 + Number((value >> shift) & ((1n << BigInt(width)) - 1n)));
        shift += BigInt(width);
      });
      const bands = databaseKeysOf(item, 0.5, false, features).filter((key) => key >= 3 * 2 ** 32 && key < 4 * 2 ** 32);
      expect(new Set(bands)).toEqual(new Set(expected));
      checked++;
    }
    expect(checked).toBe(200);
  });
});
