/** What one shared-store commit locks (src/store/postgres-ingest-lock.ts): slug roots, the key set, its cap. */
import { describe, expect, it } from 'vitest';
import { textFeaturesOf } from '../../src/dedupe/cross-source.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { lockSetOf, slugRoot } from '../../src/store/postgres-ingest-lock.js';

const MAX_INGEST_KEY_LOCKS = DEFAULTS.ingestKeyLocks;
import type { DuplicateProbe, SnapshotPlan } from '../../src/store/postgres-ingest-lock.js';
import { storedItem } from '../helpers/stored-item.js';

function probe(n: number, words: number): DuplicateProbe {
  const body = Array.from({ length: words }, (_, i) => `w${(n * 7_919 + i * 104_729) % 100_003}`).join(' ');
  const item = storedItem({ sourceId: 's', key: `k${n}`, date: '2026-11-10T08:00:00.000Z', title: `Headline number w${n} about w${n + 1}`, content: `<p>${body}</p>` });
  return { item, features: textFeaturesOf(item), windowMs: 48 * 3_600_000 };
}

const plan = (probes: DuplicateProbe[], titleSimilarity = 0.8): SnapshotPlan => ({ sourceId: 's', uids: [], links: [], probes, slugBases: ['top-10', 'top'], titleSimilarity, maxKeyLocks: MAX_INGEST_KEY_LOCKS });

describe('ingest locks', () => {
  it('a slug and every slug numbered from it share a root', () => {
    expect(slugRoot('top')).toBe('top');
    expect(slugRoot('top-10')).toBe('top');
    expect(slugRoot('top-10-2')).toBe('top');
    expect(slugRoot('2024')).toBe('2024');
  });

  it('the key set is sorted, locks "top" and "top-10" as one, and is null at titleSimilarity 0', () => {
    const probes = [probe(1, 80)];
    const keys = lockSetOf(plan(probes), probes)!;
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    const withoutSlugs = lockSetOf({ ...plan(probes), slugBases: [] }, probes)!;
    expect(keys.length - withoutSlugs.length).toBe(1);
    expect(lockSetOf(plan(probes, 0), probes)).toBeNull();
  });

  it(`past store.ingestKeyLocks (default ${MAX_INGEST_KEY_LOCKS}) keys the commit takes the whole store instead (null)`, () => {
    const probes: DuplicateProbe[] = [];
    let keys = lockSetOf(plan(probes), probes)!;
    while (keys.length <= MAX_INGEST_KEY_LOCKS) {
      const next = [...probes, probe(probes.length + 2, 200)];
      const set = lockSetOf(plan(next), next);
      if (set === null) break;
      probes.push(next[next.length - 1]);
      keys = set;
    }
    expect(keys.length).toBeLessThanOrEqual(MAX_INGEST_KEY_LOCKS);
    const over = [...probes, probe(probes.length + 2, 200)];
    expect(lockSetOf(plan(over), over)).toBeNull();
    // At the limit exactly it still locks by key; one fewer allowed, and it takes the whole store.
    expect(lockSetOf({ ...plan(probes), maxKeyLocks: keys.length }, probes)).toEqual(keys);
    expect(lockSetOf({ ...plan(probes), maxKeyLocks: keys.length - 1 }, probes)).toBeNull();
  });

  it('with store.ingestKeyLocks 0 every ingest takes the whole store', () => {
    const probes = [probe(1, 80)];
    expect(lockSetOf({ ...plan(probes), maxKeyLocks: 0 }, probes)).toBeNull();
  });
});
