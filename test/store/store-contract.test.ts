/**
 * One contract, every driver (issues 7 and 12: "the same contract test suite runs against all three").
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { freshDatabase, postgresUrl } from '../helpers/postgres.js';
import type { StoreState } from '../../src/core/types.js';
import { SCHEMA_VERSION, openStore, type Store, type StoreDriver } from '../../src/store/store.js';
import { makeSourceState, makeTempDir, snapshotDir } from './store-fixtures.js';
import { itemUid } from '../../src/store/keys.js';
import { storedItem } from '../helpers/stored-item.js';
import type { ItemSketch } from '../../src/store/store-contract.js';

// postgres runs on the test run's throwaway cluster (test/helpers/postgres-global-setup.ts), skipped with the reason when none started.
const drivers: StoreDriver[] = postgresUrl ? ['json', 'sqlite', 'postgres'] : ['json', 'sqlite'];
if (!postgresUrl) it.skip(`postgres driver: ${inject('postgresMissing')}`, () => undefined);

describe.each(drivers)('store contract (%s driver)', (driver) => {
  let dir: string;
  let store: Store;
  /** postgres: a fresh database per test. */
  let url: string | undefined;

  /**
   * What a write would change: the files (json, sqlite), or every row's xmin (postgres), which any
   * UPDATE or INSERT moves, so "wrote nothing" is checked on every driver.
   */
  const snapshot = async (): Promise<unknown> => {
    if (driver !== 'postgres') return snapshotDir(dir);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = ['feedloom_state', 'feedloom_sources', 'feedloom_items', 'feedloom_dedupe_keys'];
      // One query at a time: a pg client runs them in turn anyway, and pg 9 refuses overlapping ones.
      const versions: string[][] = [];
      for (const table of tables) versions.push((await client.query(`SELECT xmin::text AS x FROM ${table} ORDER BY ctid`)).rows.map((row) => row.x));
      return versions;
    } finally {
      await client.end();
    }
  };

  const reopen = async () => {
    await store.close();
    store = await openStore({ driver, dir, url });
    return store;
  };

  beforeEach(async () => {
    dir = await makeTempDir();
    url = driver === 'postgres' ? await freshDatabase('store') : undefined;
    store = await openStore({ driver, dir, url });
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('starts with a fresh empty state and no items', async () => {
    expect(await store.readState()).toEqual({ schemaVersion: SCHEMA_VERSION, sources: {}, blocked: [], health: [], lastRun: null });
    const items = await store.openItems();
    expect(items.count()).toBe(0);
    expect(items.changed).toBe(false);
    expect([...items.all()]).toEqual([]);
  });

  it('keeps state across a reopen, durably written', async () => {
    const state: StoreState = { schemaVersion: SCHEMA_VERSION, sources: { a: makeSourceState('a') }, blocked: ['https://example.org/x'], health: [], lastRun: null };
    await store.writeState(state);
    expect(await (await reopen()).readState()).toEqual(state);
  });

  it('persists committed items and drops staged ones on close without commit', async () => {
    const items = await store.openItems();
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    await items.commit();
    expect(items.changed).toBe(false);
    items.put(storedItem({ sourceId: 'a', key: '2' }));
    expect(items.changed).toBe(true);
    const again = await (await reopen()).openItems();
    expect([...again.all()].map((item) => item.key)).toEqual(['1']);
    expect(again.get(itemUid('a', '1'))).toEqual(storedItem({ sourceId: 'a', key: '1' }));
  });

  it('shows staged puts and deletes to every read before commit', async () => {
    const items = await store.openItems();
    items.put(storedItem({ sourceId: 'a', key: 'old', date: '2026-11-01T00:00:00.000Z' }));
    items.put(storedItem({ sourceId: 'a', key: 'gone', date: '2026-11-02T00:00:00.000Z' }));
    await items.commit();
    items.put(storedItem({ sourceId: 'a', key: 'new', date: '2026-11-03T00:00:00.000Z' }));
    items.put(storedItem({ sourceId: 'a', key: 'old', date: '2026-11-01T00:00:00.000Z', title: 'Edited' }));
    items.delete(itemUid('a', 'gone'));
    expect(items.count()).toBe(2);
    expect(items.get(itemUid('a', 'gone'))).toBeUndefined();
    expect(items.get(itemUid('a', 'old'))?.title).toBe('Edited');
    expect(items.bySource('a').map((item) => item.key)).toEqual(['new', 'old']);
    expect(items.newest({ limit: 10 }).map((item) => item.key)).toEqual(['new', 'old']);
    expect([...items.all()].map((item) => item.key)).toEqual(['new', 'old']);
    await items.commit();
    const again = await (await reopen()).openItems();
    expect(again.bySource('a').map((item) => [item.key, item.title])).toEqual([['new', 'Story new from a'], ['old', 'Edited']]);
  });

  it('orders bySource newest first and keeps sources apart', async () => {
    const items = await store.openItems();
    for (const [source, key, day] of [['a', '1', '05'], ['b', '2', '09'], ['a', '3', '07'], ['a', '4', '01']] as const) {
      items.put(storedItem({ sourceId: source, key: key, date: `2026-11-${day}T00:00:00.000Z` }));
    }
    await items.commit();
    expect(items.bySource('a').map((item) => item.key)).toEqual(['3', '1', '4']);
    expect(items.bySource('b').map((item) => item.key)).toEqual(['2']);
    expect(items.bySource('none')).toEqual([]);
  });

  it('returns items dated within an inclusive window, newest first', async () => {
    const items = await store.openItems();
    for (const day of ['01', '02', '03', '04', '05']) items.put(storedItem({ sourceId: 'a', key: day, date: `2026-11-${day}T12:00:00.000Z` }));
    await items.commit();
    items.put(storedItem({ sourceId: 'b', key: 'staged', date: '2026-11-03T13:00:00.000Z' }));
    expect(items.inWindow('2026-11-02T12:00:00.000Z', '2026-11-04T12:00:00.000Z').map((item) => item.key)).toEqual(['04', 'staged', '03', '02']);
    expect(items.inWindow('2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z')).toEqual([]);
  });

  it('gives the window as sketches: the same items, each with what the duplicate index files it by (and no body, on SQLite)', async () => {
    const items = await store.openItems();
    const fingerprint = { simhash: '0123456789abcdef', words: 120, shingles: '' };
    items.put(storedItem({ sourceId: 'a', key: 'printed', date: '2026-11-03T10:00:00.000Z', content: '<p>body</p>', summary: 'sum', fingerprint, canonicalLink: 'https://a.example/printed' }));
    items.put(storedItem({ sourceId: 'a', key: 'plain', date: '2026-11-03T11:00:00.000Z', content: '<p>other body</p>', summary: '<p>Summary</p>' }));
    items.put(storedItem({ sourceId: 'a', key: 'stale', date: '2026-11-03T11:30:00.000Z', content: '<p>stale body</p>', summary: '<p>Summary</p>', fingerprint: { ...fingerprint, version: 99 } }));
    await items.commit();
    items.put(storedItem({ sourceId: 'b', key: 'staged', date: '2026-11-03T12:00:00.000Z', content: '<p>staged</p>', summary: '<p>Summary</p>', fingerprint }));
    const since = '2026-11-03T00:00:00.000Z';
    const until = '2026-11-04T00:00:00.000Z';
    const sketches = items.sketchesInWindow(since, until);
    expect(sketches.map((item) => item.uid)).toEqual(items.inWindow(since, until).map((item) => item.uid));
    const filedBy = (item: ItemSketch) => ({ uid: item.uid, date: item.date, contentHash: item.contentHash, title: item.title, link: item.link, canonicalLink: item.canonicalLink, fingerprint: item.fingerprint });
    for (const sketch of sketches) expect(filedBy(sketch)).toEqual(filedBy(items.get(sketch.uid)!));
    expect(sketches.find((sketch) => sketch.uid.endsWith('printed'))!.fingerprint).toEqual(fingerprint);
    // SQLite reads items from disk, so it is where leaving the body out saves reading and holding it.
    if (driver === 'sqlite') for (const sketch of sketches) expect('content' in sketch || 'summary' in sketch).toBe(false);
  });

  it('finds every source carrying a canonical link', async () => {
    const items = await store.openItems();
    const link = 'https://example.org/story';
    items.put(storedItem({ sourceId: 'a', key: '1', canonicalLink: link, date: '2026-11-01T00:00:00.000Z' }));
    items.put(storedItem({ sourceId: 'b', key: '1', canonicalLink: link, date: '2026-11-02T00:00:00.000Z' }));
    items.put(storedItem({ sourceId: 'c', key: '1', canonicalLink: null }));
    await items.commit();
    expect(items.byCanonicalLink(link).map((item) => item.sourceId)).toEqual(['b', 'a']);
    expect(items.byCanonicalLink('https://example.org/other')).toEqual([]);
  });

  it('leaves held quarantine and folded duplicates out of newest unless asked', async () => {
    const items = await store.openItems();
    const verdict = { score: 9, reasons: ['SPAM_GAMBLING'] };
    items.put(storedItem({ sourceId: 'a', key: 'clean', date: '2026-11-01T00:00:00.000Z' }));
    items.put(storedItem({ sourceId: 'a', key: 'held', date: '2026-11-05T00:00:00.000Z', quarantine: verdict }));
    items.put(storedItem({ sourceId: 'a', key: 'approved', date: '2026-11-04T00:00:00.000Z', quarantine: verdict, approved: true }));
    items.put(storedItem({ sourceId: 'b', key: 'dup', date: '2026-11-03T00:00:00.000Z', duplicateOf: itemUid('a', 'clean') }));
    items.put(storedItem({ sourceId: 'b', key: 'own', date: '2026-11-02T00:00:00.000Z' }));
    await items.commit();
    expect(items.newest({ limit: 10 }).map((item) => item.key)).toEqual(['approved', 'own', 'clean']);
    expect(items.newest({ limit: 10, includeHeld: true }).map((item) => item.key)).toEqual(['held', 'approved', 'own', 'clean']);
    expect(items.newest({ limit: 10, includeDuplicates: true }).map((item) => item.key)).toEqual(['approved', 'dup', 'own', 'clean']);
    expect(items.newest({ limit: 2 }).map((item) => item.key)).toEqual(['approved', 'own']);
    expect(items.newest({ limit: 10, sourceIds: ['b'] }).map((item) => item.key)).toEqual(['own']);
    expect(items.quarantined().map((item) => item.key)).toEqual(['held']);
  });

  it('breaks date ties by uid the same way in every driver', async () => {
    const items = await store.openItems();
    for (const key of ['c', 'a', 'b']) items.put(storedItem({ sourceId: 's', key: key, date: '2026-11-01T00:00:00.000Z' }));
    await items.commit();
    expect(items.newest({ limit: 3 }).map((item) => item.key)).toEqual(['a', 'b', 'c']);
  });

  it('keeps uids with NUL separators and non-ASCII keys intact', async () => {
    const items = await store.openItems();
    const item = storedItem({ sourceId: 'ru', key: 'Новости/ページ?id=1', title: 'Привет, 世界' });
    items.put(item);
    await items.commit();
    const again = await (await reopen()).openItems();
    expect(again.get(item.uid)).toEqual(item);
    expect(item.uid).toContain('\u0000');
  });

  it('treats a put identical to the stored item as no change and writes nothing on commit', async () => {
    const items = await store.openItems();
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    await items.commit();
    const before = await snapshot();
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    items.delete('no-such-uid');
    expect(items.changed).toBe(false);
    await items.commit();
    expect(await snapshot()).toEqual(before);
  });

  it('prunes by age and per-source cap, sparing kept items, staged until commit', async () => {
    const items = await store.openItems();
    const now = new Date('2026-11-28T00:00:00.000Z');
    items.put(storedItem({ sourceId: 'a', key: 'ancient', date: '2026-01-01T00:00:00.000Z' }));
    items.put(storedItem({ sourceId: 'a', key: 'ancient-kept', date: '2026-01-02T00:00:00.000Z' }));
    for (let day = 10; day <= 14; day++) items.put(storedItem({ sourceId: 'a', key: `a${day}`, date: `2026-11-${day}T00:00:00.000Z` }));
    for (let day = 10; day <= 14; day++) items.put(storedItem({ sourceId: 'b', key: `b${day}`, date: `2026-11-${day}T00:00:00.000Z` }));
    await items.commit();
    const removed = items.prune({
      now,
      maxAgeDays: 90,
      maxItemsFor: (sourceId) => (sourceId === 'a' ? 3 : 10),
      keep: (item) => item.key === 'ancient-kept' || item.key === 'a10',
    });
    expect(removed.map((uid) => uid.split('\u0000')[1]).sort()).toEqual(['a11', 'ancient']);
    expect(items.changed).toBe(true);
    expect(items.bySource('a').map((item) => item.key)).toEqual(['a14', 'a13', 'a12', 'a10', 'ancient-kept']);
    expect(items.bySource('b')).toHaveLength(5);
    await items.commit();
    expect((await (await reopen()).openItems()).count()).toBe(10);
  });

  it('counts a staged put inside the cap when pruning', async () => {
    const items = await store.openItems();
    for (let day = 10; day <= 12; day++) items.put(storedItem({ sourceId: 'a', key: `a${day}`, date: `2026-11-${day}T00:00:00.000Z` }));
    await items.commit();
    items.put(storedItem({ sourceId: 'a', key: 'a13', date: '2026-11-13T00:00:00.000Z' }));
    const removed = items.prune({ now: new Date('2026-11-28T00:00:00.000Z'), maxAgeDays: 365, maxItemsFor: () => 2 });
    expect(removed.map((uid) => uid.split('\u0000')[1]).sort()).toEqual(['a10', 'a11']);
  });

  it.skipIf(driver === 'postgres')('refuses a directory holding the other driver store (a driver typo would start empty)', async () => {
    await store.close();
    const otherDir = await makeTempDir();
    const other = await openStore({ driver: driver === 'json' ? 'sqlite' : 'json', dir: otherDir });
    const items = await other.openItems();
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    await items.commit();
    await other.writeState({ schemaVersion: SCHEMA_VERSION, sources: {}, blocked: [], health: [], lastRun: null });
    await other.close();
    await expect(openStore({ driver, dir: otherDir })).rejects.toMatchObject({ code: 'E_CONFIG', where: path.resolve(otherDir) });
    await fs.rm(otherDir, { recursive: true, force: true });
    store = await openStore({ driver, dir, url });
  });

  it('writes state only when it changed', async () => {
    const state: StoreState = { schemaVersion: SCHEMA_VERSION, sources: { a: makeSourceState('a') }, blocked: [], health: [], lastRun: null };
    await store.writeState(state);
    const fresh = await reopen();
    await fresh.readState();
    const before = await snapshot();
    await fresh.writeState(state);
    expect(await snapshot()).toEqual(before);
  });
});
