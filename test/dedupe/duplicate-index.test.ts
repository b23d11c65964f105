import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { findCrossSourceDuplicate, textFeaturesOf, type TextFeatures } from '../../src/dedupe/cross-source.js';
import { DuplicateIndex, EXACT_WINDOW, storedFingerprintOf } from '../../src/dedupe/duplicate-index.js';
import { MemoryItemStore } from '../../src/store/memory-items.js';
import { storedItem } from '../helpers/stored-item.js';

const WINDOW_MS = 48 * 3_600_000;
const options = { windowHours: 48, titleSimilarity: 0.8 };
const T0 = Date.parse('2026-11-10T00:00:00.000Z');

/** A deterministic word soup with its own names and figures, so fillers are distinct stories. */
function prose(seed: number, words: number): string {
  let state = seed * 2654435761;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const n = next();
    out.push(n % 9 === 0 ? `Name${n % 997}` : n % 13 === 0 ? String(n % 10_000) : `w${n % 1_500}`);
  }
  return `${out.join(' ')}.`;
}

const hoursAfter = (hours: number): string => new Date(T0 + hours * 3_600_000).toISOString();

/** Each item's text read once, as the run's index keeps them for ingest (the full scans compare every item of the window). */
const features = new Map<StoredItem, TextFeatures>();
const featuresOf = (item: StoredItem): TextFeatures => features.get(item) ?? features.set(item, textFeaturesOf(item)).get(item)!;

/** What ingest does with the candidates: other sources, not folded, not held. */
function bestMatch(item: StoredItem, candidates: StoredItem[]) {
  const eligible = candidates.filter((other) => other.sourceId !== item.sourceId && other.duplicateOf === null && (other.quarantine === null || other.approved));
  const found = findCrossSourceDuplicate(item, eligible, { ...options, featuresOf });
  return found ? { uid: found.match.uid, reason: found.reason } : null;
}

function fullWindow(store: MemoryItemStore, item: StoredItem): StoredItem[] {
  const time = Date.parse(item.date);
  return store.inWindow(new Date(time - WINDOW_MS).toISOString(), new Date(time + WINDOW_MS).toISOString()).filter((other) => other.uid !== item.uid);
}

/** 30 sources × 20 items within 3 days: every window is far past EXACT_WINDOW, so the index decides. */
function crowdedStore(): { store: MemoryItemStore; fillers: StoredItem[] } {
  const fillers: StoredItem[] = [];
  for (let source = 0; source < 30; source++) {
    for (let n = 0; n < 20; n++) {
      const seed = source * 100 + n;
      fillers.push(storedItem({ sourceId: `s${source}`, key: `f${n}`, date: hoursAfter((seed * 7) % 72), title: `${prose(seed + 9_000, 6).slice(0, -1)}`, content: `<p>${prose(seed, 120)}</p>` }));
    }
  }
  return { store: new MemoryItemStore(fillers, async () => {}), fillers };
}

describe('DuplicateIndex (issue 7: duplicates found without scanning the window)', () => {
  const [copy, long, agreeing] = [prose(424_242, 160), prose(535_353, 160), prose(646_464, 160)];
  const planted: Array<[string, StoredItem, StoredItem]> = [
    ['same canonical link', storedItem({ sourceId: 'pa', key: 'a1', date: hoursAfter(30), canonicalLink: 'https://wire.example/story/1', content: `<p>${prose(1, 90)}</p>` }), storedItem({ sourceId: 'pb', key: 'b1', date: hoursAfter(31), canonicalLink: 'https://wire.example/story/1', content: `<p>${prose(2, 90)}</p>` })],
    ['equal headline, short bodies', storedItem({ sourceId: 'pa', key: 'a2', date: hoursAfter(30), title: 'Harbour bridge closes for repairs tonight' }), storedItem({ sourceId: 'pb', key: 'b2', date: hoursAfter(33), title: 'Harbour Bridge closes for repairs tonight!' })],
    ['wire copy with a few words changed', storedItem({ sourceId: 'pa', key: 'a3', date: hoursAfter(20), title: 'Council backs plan', content: `<p>${copy}</p>` }), storedItem({ sourceId: 'pb', key: 'b3', date: hoursAfter(21), title: 'Plan gets council nod', content: `<p>${copy.replace(/w1\b/g, 'changed').replace(/w2\b/g, 'edited')}</p>` })],
    ['excerpt of a long article', storedItem({ sourceId: 'pa', key: 'a4', date: hoursAfter(40), title: 'Long read on the river', content: `<p>${long}</p>` }), storedItem({ sourceId: 'pb', key: 'b4', date: hoursAfter(41), title: 'River long read', content: `<p>${long.split(' ').slice(0, 40).join(' ')}</p>` })],
    ['similar headline with agreeing body', storedItem({ sourceId: 'pa', key: 'a5', date: hoursAfter(10), title: 'Storm Ada closes 12 schools in the north', content: `<p>${agreeing}</p>` }), storedItem({ sourceId: 'pb', key: 'b5', date: hoursAfter(12), title: 'Storm Ada closes 12 schools across the north', content: `<p>${agreeing.split(' ').slice(20, 140).join(' ')}</p>` })],
  ];

  it(`finds every planted duplicate and agrees with the full scan, with windows past ${EXACT_WINDOW} items`, () => {
    const { store, fillers } = crowdedStore();
    for (const [, first] of planted) store.put(first);
    const index = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    for (const [name, first, second] of planted) {
      expect(fullWindow(store, second).length, name).toBeGreaterThan(EXACT_WINDOW);
      const viaIndex = bestMatch(second, index.candidatesFor(second));
      expect(viaIndex?.uid, name).toBe(first.uid);
      expect(viaIndex, name).toEqual(bestMatch(second, fullWindow(store, second)));
    }
    for (const filler of fillers.slice(0, 120)) {
      const copy = { ...filler, sourceId: 'other', uid: `other\u0000${filler.key}` };
      expect(bestMatch(copy, index.candidatesFor(copy))).toEqual(bestMatch(copy, fullWindow(store, copy)));
    }
  });

  it("works out a new item's keys once: the probe's keys serve its filing, which then finds what a fresh filing finds", () => {
    const { store, fillers } = crowdedStore();
    const probed = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    const fresh = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    const newcomers = fillers.slice(0, 40).map((filler, n) => ({ ...filler, sourceId: 'other', key: `n${n}`, uid: `other\u0000n${n}`, title: `${filler.title} today` }));
    probed.candidatesFor(newcomers[0]);
    fresh.candidatesFor(newcomers[0]);
    const before = probed.stats().keyReads;
    for (const item of newcomers) {
      probed.candidatesFor(item);
      store.put(item);
      probed.update(item);
      fresh.update(item);
    }
    expect(probed.stats().keyReads - before).toBe(newcomers.length);
    for (const filler of fillers.slice(40, 120)) {
      const copy = { ...filler, sourceId: 'third', uid: `third\u0000${filler.key}` };
      expect(probed.candidatesFor(copy).map((other) => other.uid)).toEqual(fresh.candidatesFor(copy).map((other) => other.uid));
    }
    let found = 0;
    for (const item of newcomers) {
      const copy = { ...item, sourceId: 'third', uid: `third\u0000${item.key}`, title: 'Another headline', link: null, canonicalLink: null };
      const candidates = probed.candidatesFor(copy).map((other) => other.uid);
      expect(candidates).toEqual(fresh.candidatesFor(copy).map((other) => other.uid));
      if (candidates.includes(item.uid)) found++;
    }
    expect(found).toBe(newcomers.length);
  });

  it('returns far fewer candidates than the window holds', () => {
    const { store, fillers } = crowdedStore();
    const index = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    const probe = { ...fillers[5], sourceId: 'other', uid: 'other\u0000x', canonicalLink: null, link: null, title: 'Nothing like the rest at all', content: `<p>${prose(777, 100)}</p>` };
    expect(index.candidatesFor(probe).length).toBeLessThan(fullWindow(store, probe).length / 10);
  });

  it(`compares the whole window, as before the index, when it holds at most ${EXACT_WINDOW} items`, () => {
    const few = Array.from({ length: 10 }, (_, n) => storedItem({ sourceId: `s${n % 3}`, key: `k${n}`, date: hoursAfter(n * 2), content: `<p>${prose(n, 60)}</p>` }));
    const store = new MemoryItemStore(few, async () => {});
    const index = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    const item = storedItem({ sourceId: 'new', key: 'n', date: hoursAfter(5), title: 'Unrelated', content: `<p>${prose(99, 60)}</p>` });
    expect(index.candidatesFor(item).map((other) => other.uid).sort()).toEqual(fullWindow(store, item).map((other) => other.uid).sort());
  });

  it('files stored items by the fingerprint kept with them, as a later run reads them, and finds the same duplicates', () => {
    const { store, fillers } = crowdedStore();
    for (const [, first] of planted) store.put(first);
    // What a later run loads: plain JSON with the fingerprint, nothing remembered from this process.
    const reloaded = [...store.all()].map((item) => JSON.parse(JSON.stringify({ ...item, fingerprint: storedFingerprintOf(item) })) as StoredItem);
    expect(reloaded.every((item) => typeof item.fingerprint?.shingles === 'string')).toBe(true);
    const later = new MemoryItemStore(reloaded, async () => {});
    const index = new DuplicateIndex(later, WINDOW_MS, options.titleSimilarity);
    for (const [name, first, second] of planted) expect(bestMatch(second, index.candidatesFor(second))?.uid, name).toBe(first.uid);
    // Copies under another headline and link: only the body's SimHash and shingles can find them.
    // (Fillers past the first sources: the planted stories reuse the first seeds.)
    for (const filler of fillers.slice(200, 260)) {
      const copy = { ...filler, sourceId: 'other', uid: `other\u0000${filler.key}`, link: null, canonicalLink: null, title: `Wire copy ${filler.key}` };
      expect(bestMatch(copy, index.candidatesFor(copy))?.uid).toBe(filler.uid);
    }
  });

  it('finds a stored body within 6 SimHash bits by its SimHash bands alone', () => {
    const { store } = crowdedStore();
    const probe = storedItem({ sourceId: 'probe', key: 'p', date: hoursAfter(36), title: 'A headline of its own', canonicalLink: null, link: null, content: `<p>${prose(31_337, 150)}</p>` });
    const { simhash, words } = storedFingerprintOf(probe);
    const flip = (hex: string, bits: number[]) => {
      let value = BigInt(`0x${hex}`);
      for (const bit of bits) value ^= 1n << BigInt(bit);
      return value.toString(16).padStart(16, '0');
    };
    // Six differing bits in six different bands: only two bands still agree.
    const near = flip(simhash, [1, 12, 20, 33, 45, 60]);
    const twin = storedItem({ sourceId: 'twin', key: 't', date: hoursAfter(37), title: 'Nothing alike', canonicalLink: null, link: null, fingerprint: { simhash: near, words, shingles: '' } });
    store.put(JSON.parse(JSON.stringify(twin)) as StoredItem);
    const index = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    expect(index.candidatesFor(probe).map((item) => item.uid)).toContain(twin.uid);
  });

  it('sees items put during the run once they are recorded with update()', () => {
    const { store } = crowdedStore();
    const index = new DuplicateIndex(store, WINDOW_MS, options.titleSimilarity);
    const [, first, second] = planted[2];
    expect(bestMatch(second, index.candidatesFor(second))).toBeNull();
    store.put(first);
    index.update(first);
    expect(bestMatch(second, index.candidatesFor(second))?.uid).toBe(first.uid);
  });
});

describe('DuplicateIndex over the SQLite store, whose window comes as sketches without bodies', () => {
  it('files a stored item whose fingerprint is stale from the whole item, so a copy found only by its body still meets it', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { openStore } = await import('../../src/store/store.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'feedloom-sketch-'));
    const store = await openStore({ driver: 'sqlite', dir });
    try {
      const items = await store.openItems();
      // Past EXACT_WINDOW, so the index decides by keys; every filler with a current fingerprint.
      for (let n = 0; n < EXACT_WINDOW + 20; n++) {
        const filler = storedItem({ sourceId: `s${n % 7}`, key: `f${n}`, date: hoursAfter(n % 40), title: prose(n + 5_000, 6), content: `<p>${prose(n, 120)}</p>` });
        items.put({ ...filler, fingerprint: storedFingerprintOf(filler) });
      }
      const body = prose(777_777, 160);
      const stale = storedItem({ sourceId: 'wire', key: 'stale', date: hoursAfter(20), title: 'Council backs harbour plan', content: `<p>${body}</p>`, fingerprint: { version: 99, simhash: '0000000000000000', words: 1, shingles: '' } });
      items.put(stale);
      await items.commit();
      const sketch = items.sketchesInWindow(hoursAfter(0), hoursAfter(48)).find((item) => item.uid === stale.uid)!;
      expect('content' in sketch).toBe(false);
      const index = new DuplicateIndex(items, WINDOW_MS, options.titleSimilarity);
      const copy = storedItem({ sourceId: 'paper', key: 'copy', date: hoursAfter(21), title: 'Plan for the harbour gets the nod', link: null, content: `<p>${body}</p>` });
      expect(index.candidatesFor(copy).map((item) => item.uid)).toContain(stale.uid);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
