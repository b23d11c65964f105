/** Behaviour particular to the JSON (lowdb) driver. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, openStore } from '../../src/store/store.js';
import { JSON_SLOW_ITEMS } from '../../src/store/memory-items.js';
import { makeSourceState, makeTempDir } from './store-fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('JSON driver', () => {
  it('a run that only changes state never reads or writes items.json', async () => {
    // Valid at a glance (the open-time sniff passes) but invalid inside: loading it would throw.
    const itemsFile = path.join(dir, 'items.json');
    const poisoned = '{"schemaVersion":1,"items":[{"not":"an item"}]}';
    await fs.writeFile(itemsFile, poisoned);
    const store = await openStore({ driver: 'json', dir });
    const state = await store.readState();
    await store.writeState({ ...state, sources: { a: makeSourceState('a') } });
    expect(await fs.readFile(itemsFile, 'utf8')).toBe(poisoned);
    await expect(store.openItems()).rejects.toMatchObject({ code: 'E_STORE_CORRUPT' });
  });

  it('writes schemaVersion into both files', async () => {
    const store = await openStore({ driver: 'json', dir });
    const items = await store.openItems();
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    await items.commit();
    await store.writeState(await store.readState());
    for (const name of ['state.json', 'items.json']) {
      expect(JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    }
  });

  it('removes temp files left by a killed writer on open, and keeps those of a live one', async () => {
    const dead = path.join(dir, 'items.json.feedloom-tmp-2147483646-aaaaaa');
    const live = path.join(dir, `items.json.feedloom-tmp-${process.ppid}-bbbbbb`);
    await fs.writeFile(dead, '{"half');
    await fs.writeFile(live, '{"busy');
    await openStore({ driver: 'json', dir });
    expect((await fs.readdir(dir)).sort()).toEqual([path.basename(live)]);
  });

  it(`warns from ${JSON_SLOW_ITEMS} items on, recommending SQLite`, async () => {
    const store = await openStore({ driver: 'json', dir });
    const items = await store.openItems();
    for (let i = 0; i < JSON_SLOW_ITEMS - 1; i++) items.put(storedItem({ sourceId: 'a', key: String(i) }));
    expect(items.sizeWarning()).toBeNull();
    items.put(storedItem({ sourceId: 'a', key: 'one-more' }));
    expect(items.sizeWarning()).toMatch(/20000 items.*"sqlite".*feedloom store migrate --to sqlite/);
  });

  it('warns from the items file size alone, without loading items', async () => {
    // A valid, empty items file padded to the size ~20k real items take.
    const padding = ' '.repeat(JSON_SLOW_ITEMS * 2_400);
    await fs.writeFile(path.join(dir, 'items.json'), `{"schemaVersion":1,"items":[]${padding}}`);
    const store = await openStore({ driver: 'json', dir });
    expect(await store.sizeWarning()).toMatch(/about 20000 items.*"sqlite"/);
    await fs.writeFile(path.join(dir, 'items.json'), '{"schemaVersion":1,"items":[]}');
    expect(await store.sizeWarning()).toBeNull();
  });

  it('a SQLite store never warns about size', async () => {
    const store = await openStore({ driver: 'sqlite', dir });
    expect(await store.sizeWarning()).toBeNull();
    expect((await store.openItems()).sizeWarning()).toBeNull();
    await store.close();
  });
});
