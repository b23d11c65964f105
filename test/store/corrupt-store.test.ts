/**
 * R48: a corrupt store is refused with E_STORE_CORRUPT naming the file and is never overwritten;
 * `repair: true` moves it aside to `<name>.corrupt-<timestamp>` and starts empty.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { makeTempDir } from './store-fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

const now = () => new Date('2026-11-28T11:00:00.000Z');
const asideSuffix = '.corrupt-2026-11-28T11-00-00-000Z';

const jsonShapes: Array<[string, string | Buffer]> = [
  ['an empty file', ''],
  ['truncated JSON', '{"schemaVersion":1,"sources":{},"blocked":[],"hea'],
  ['a NUL-filled file', Buffer.alloc(4096)],
  ['the wrong shape', '[1, 2, 3]'],
  ['a newer schemaVersion (99)', '{"schemaVersion":99,"sources":{},"blocked":[],"health":[],"lastRun":null,"items":[]}'],
  ['an object missing its fields', '{"schemaVersion":1}'],
];

/** Buffer.equals, not toEqual: vitest compares a Buffer byte by byte, seconds for a database. */
const sameBytes = (a: Buffer, b: Buffer) => a.equals(b);

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(['state.json', 'items.json'])('JSON driver, corrupt %s (R48)', (name) => {
  const readAll = async (repair: boolean) => {
    const store = await openStore({ driver: 'json', dir, repair, now });
    const state = await store.readState();
    const items = await store.openItems();
    return { store, state, items };
  };

  it.each(jsonShapes)('refuses %s with E_STORE_CORRUPT and leaves it untouched', async (_label, content) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, content);
    await expect(readAll(false)).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', where: file });
    expect(await fs.readFile(file)).toEqual(Buffer.from(content));
  });

  it.each(jsonShapes)('with repair moves %s aside and starts empty', async (_label, content) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, content);
    const { store, state, items } = await readAll(true);
    expect(store.repaired).toEqual([file + asideSuffix]);
    expect(await fs.readFile(file + asideSuffix)).toEqual(Buffer.from(content));
    expect(state.sources).toEqual({});
    expect(items.count()).toBe(0);
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    await items.commit();
    await store.writeState(state);
    expect(await fs.readFile(file + asideSuffix)).toEqual(Buffer.from(content));
  });
});

describe('JSON driver, corrupt item rows (R48)', () => {
  it('refuses an item whose uid does not match its source and key', async () => {
    const file = path.join(dir, 'items.json');
    const item = { ...storedItem({ sourceId: 'a', key: '1' }), uid: 'forged' };
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, items: [item] }));
    const store = await openStore({ driver: 'json', dir });
    await expect(store.openItems()).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', where: file });
  });

  it('refuses a file repeating a uid', async () => {
    const file = path.join(dir, 'items.json');
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, items: [storedItem({ sourceId: 'a', key: '1' }), storedItem({ sourceId: 'a', key: '1' })] }));
    const store = await openStore({ driver: 'json', dir });
    await expect(store.openItems()).rejects.toMatchObject({ code: 'E_STORE_CORRUPT' });
  });
});

async function validDatabase(file: string): Promise<Buffer> {
  const store = await openStore({ driver: 'sqlite', dir: path.dirname(file) });
  const items = await store.openItems();
  for (let i = 0; i < 400; i++) items.put(storedItem({ sourceId: 'a', key: String(i), content: 'x'.repeat(500) }));
  await items.commit();
  await store.close();
  return fs.readFile(file);
}

const sqliteShapes: Array<[string, (file: string) => Promise<void>]> = [
  ['an empty file', (file) => fs.writeFile(file, '')],
  ['a NUL-filled file', (file) => fs.writeFile(file, Buffer.alloc(8192))],
  ['a JSON file in its place', (file) => fs.writeFile(file, '{"schemaVersion":1}')],
  ['a truncated database', async (file) => {
    const bytes = await validDatabase(file);
    await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  }],
  ['a database without feedloom tables', async (file) => {
    const db = new Database(file);
    db.exec('CREATE TABLE other (x); PRAGMA user_version = 1;');
    db.close();
  }],
  ['a newer schema version (99)', async (file) => {
    await validDatabase(file);
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
  }],
  ['an item row that is not JSON', async (file) => {
    await validDatabase(file);
    const db = new Database(file);
    db.prepare("UPDATE items SET json = '{\"trunc' WHERE rowid = 1").run();
    db.close();
  }],
];

describe('SQLite driver, corrupt feedloom.db (R48)', () => {
  const useAll = async (repair: boolean) => {
    const store = await openStore({ driver: 'sqlite', dir, repair, now });
    try {
      await store.readState();
      const items = await store.openItems();
      return { store, items, all: [...items.all()] };
    } catch (error) {
      await store.close();
      throw error;
    }
  };

  it.each(sqliteShapes)('refuses %s with E_STORE_CORRUPT and leaves it untouched', async (_label, make) => {
    const file = path.join(dir, 'feedloom.db');
    await make(file);
    const before = await fs.readFile(file);
    await expect(useAll(false)).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', where: file });
    expect(sameBytes(await fs.readFile(file), before)).toBe(true);
  });

  it.each(sqliteShapes.slice(0, 6))('with repair moves %s aside and starts empty', async (_label, make) => {
    const file = path.join(dir, 'feedloom.db');
    await make(file);
    const before = await fs.readFile(file);
    const { store, items } = await useAll(true);
    expect(store.repaired).toContain(file + asideSuffix);
    expect(sameBytes(await fs.readFile(file + asideSuffix), before)).toBe(true);
    expect(items.count()).toBe(0);
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    await items.commit();
    await store.close();
  });
});

describe('SQLite driver, corrupt state row (R48)', () => {
  const breakState = async (file: string) => {
    const store = await openStore({ driver: 'sqlite', dir: path.dirname(file) });
    await store.writeState({ schemaVersion: 1, sources: {}, blocked: ['x'], health: [], lastRun: null });
    await store.close();
    const db = new Database(file);
    db.prepare("UPDATE state SET json = '{\"schemaVersion\":99}'").run();
    db.close();
  };

  it('refuses a state row from a newer schema', async () => {
    const file = path.join(dir, 'feedloom.db');
    await breakState(file);
    const store = await openStore({ driver: 'sqlite', dir });
    await expect(store.readState()).rejects.toMatchObject({ code: 'E_STORE_CORRUPT', where: file });
    await store.close();
  });

  it('with repair moves the whole database aside and starts empty', async () => {
    const file = path.join(dir, 'feedloom.db');
    await breakState(file);
    const store = await openStore({ driver: 'sqlite', dir, repair: true, now });
    expect((await store.readState()).blocked).toEqual([]);
    expect(store.repaired).toContain(file + asideSuffix);
    await store.writeState({ schemaVersion: 1, sources: {}, blocked: ['after'], health: [], lastRun: null });
    await store.close();
    const reopened = await openStore({ driver: 'sqlite', dir });
    expect((await reopened.readState()).blocked).toEqual(['after']);
    await reopened.close();
  });
});
