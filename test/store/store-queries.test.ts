/**
 * The narrow queries a run asks of the store instead of reading whole sources or every item
 * (issue 7): dates by source, per-source counts, slug lookups, newest of a source set. Both
 * drivers, over committed rows and staged changes alike, checked against answers computed here
 * from `all()`.
 */
import { promises as fs } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { freshDatabase, postgresUrl } from '../helpers/postgres.js';
import type { StoredItem } from '../../src/core/types.js';
import { openStore, type ItemStore, type Store, type StoreDriver } from '../../src/store/store.js';
import { takenSlugSet } from '../../src/store/taken-slugs.js';
import { makeTempDir } from './store-fixtures.js';
import { itemUid } from '../../src/store/keys.js';
import { storedItem } from '../helpers/stored-item.js';

// postgres runs on the test run's throwaway cluster (test/helpers/postgres-global-setup.ts), skipped with the reason when none started.
const drivers: StoreDriver[] = postgresUrl ? ['json', 'sqlite', 'postgres'] : ['json', 'sqlite'];
if (!postgresUrl) it.skip(`postgres driver: ${inject('postgresMissing')}`, () => undefined);
const verdict = { score: 9, reasons: ['SPAM_GAMBLING'] };

function day(n: number): string {
  return new Date(Date.UTC(2026, 10, 1) + n * 3_600_000 * 7).toISOString();
}

/** 12 sources of uneven size, some items held, approved or folded; deterministic. */
function seedItems(): StoredItem[] {
  const items: StoredItem[] = [];
  for (let source = 0; source < 12; source++) {
    for (let n = 0; n < 3 + source * 2; n++) {
      const index = source * 31 + n;
      items.push(
        storedItem({
          sourceId: `s${source}`,
          key: `k${n}`,
          date: day((index * 17) % 97),
          slug: index % 5 === 0 ? null : `slug-${source}-${n}`,
          quarantine: index % 7 === 0 ? verdict : null,
          approved: index % 14 === 0,
          duplicateOf: index % 9 === 0 ? itemUid('s0', 'k0') : null,
          // Every third item has profile facts (and a body they stand in for); the others are read whole.
          ...(n % 3 === 0 ? { content: `<p>Body ${index}</p>`, profileFacts: { domains: [`d${source}.example`], language: 'en', topics: [] } } : {}),
        }),
      );
    }
  }
  return items;
}

/** Changes staged on top of the seed: new items, an update moving a date, deletes. */
function stageChanges(items: ItemStore): void {
  items.put(storedItem({ sourceId: 's1', key: 'new', date: day(200), slug: 'staged-slug' }));
  items.put(storedItem({ sourceId: 's12', key: 'only', date: day(3), slug: 'new-source' }));
  items.put({ ...items.get(itemUid('s2', 'k1'))!, date: day(150), slug: 'renamed' });
  items.delete(itemUid('s3', 'k0'));
  for (let n = 0; n < 3; n++) items.delete(itemUid('s0', `k${n}`));
  // The newest of a source: a query limited to its top rows must look past them.
  for (const item of items.bySource('s5').slice(0, 2)) items.delete(item.uid);
}

const newestFirst = (a: StoredItem, b: StoredItem) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.uid < b.uid ? -1 : 1);

describe.each(drivers)('store queries (%s driver)', (driver) => {
  let dir: string;
  let store: Store;
  /** postgres: a fresh database per test. */
  let url: string | undefined;

  beforeEach(async () => {
    dir = await makeTempDir();
    url = driver === 'postgres' ? await freshDatabase('store') : undefined;
    store = await openStore({ driver, dir, url });
    const items = await store.openItems();
    for (const item of seedItems()) items.put(item);
    await items.commit();
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  describe.each([
    ['committed items', false],
    ['staged changes', true],
  ])('over %s', (_, staged) => {
    let items: ItemStore;
    let all: StoredItem[];
    beforeEach(async () => {
      items = await store.openItems();
      if (staged) stageChanges(items);
      all = [...items.all()];
    });

    it('gives the dates of bySource, newest first, for every source', () => {
      for (const sourceId of ['s0', 's1', 's2', 's3', 's11', 's12', 'none']) {
        expect(items.datesBySource(sourceId)).toEqual(items.bySource(sourceId).map((item) => item.date));
      }
    });

    it("gives bySource as the profile reads it: each item's held flag and profile facts, the whole item only when it has none", () => {
      for (const sourceId of ['s0', 's1', 's2', 's3', 's11', 's12', 'none']) {
        expect(items.profilesBySource(sourceId)).toEqual(
          items.bySource(sourceId).map((item) => ({ uid: item.uid, held: item.quarantine !== null && !item.approved, profileFacts: item.profileFacts ?? null, item: item.profileFacts ? null : item })),
        );
      }
      const profiles = items.profilesBySource('s3');
      expect(profiles.some((row) => row.profileFacts !== null) && profiles.some((row) => row.item !== null)).toBe(true);
      expect(all.some((item) => item.quarantine !== null && !item.approved)).toBe(true);
    });

    it('gives the key and content hash of bySource, for every source', () => {
      for (const sourceId of ['s0', 's1', 's2', 's3', 's11', 's12', 'none']) {
        expect(items.contentHashesBySource(sourceId)).toEqual(new Map(items.bySource(sourceId).map((item) => [item.key, item.contentHash])));
      }
      expect(items.contentHashesBySource('s1').size).toBeGreaterThan(0);
    });

    it('counts stored items per source and those dated inside an inclusive window', () => {
      const since = day(20);
      const until = day(60);
      const expected = new Map<string, { stored: number; recent: number }>();
      for (const item of all) {
        const entry = expected.get(item.sourceId) ?? { stored: 0, recent: 0 };
        entry.stored += 1;
        if (item.date >= since && item.date <= until) entry.recent += 1;
        expected.set(item.sourceId, entry);
      }
      expect(new Map([...items.countsBySource(since, until)].sort())).toEqual(new Map([...expected].sort()));
    });

    it('knows which slugs are taken, and a set built on it hands out unused ones', () => {
      const slugs = new Set(all.map((item) => item.slug).filter((slug) => slug !== null));
      for (const slug of slugs) expect(items.slugTaken(slug)).toBe(true);
      expect(items.slugTaken('no-such-slug')).toBe(false);
      expect(items.slugTaken('slug-0-1')).toBe(!staged);
      expect(items.slugTaken('slug-2-1')).toBe(!staged);
      expect(items.slugTaken('renamed')).toBe(staged);
      const taken = takenSlugSet(items);
      expect(taken.has('slug-4-2')).toBe(true);
      expect(taken.has('fresh')).toBe(false);
      taken.add('fresh');
      expect(taken.has('fresh')).toBe(true);
    });

    it.each([
      ['one source', ['s5']],
      ['a few sources', ['s1', 's2', 's3']],
      ['many sources', ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's12']],
      ['an unknown source', ['none']],
    ])('returns the newest items of %s, hiding held and folded ones unless asked', (_, sourceIds) => {
      const ids = new Set(sourceIds);
      for (const options of [{}, { includeHeld: true }, { includeDuplicates: true }, { includeHeld: true, includeDuplicates: true }]) {
        const expected = all
          .filter((item) => ids.has(item.sourceId))
          .filter((item) => options.includeHeld || item.quarantine === null || item.approved)
          .filter((item) => options.includeDuplicates || item.duplicateOf === null)
          .sort(newestFirst);
        for (const limit of [1, 4, 100]) {
          expect(items.newest({ limit, sourceIds, ...options }).map((item) => item.uid)).toEqual(expected.slice(0, limit).map((item) => item.uid));
        }
      }
    });
  });
});
