/**
 * R47: disk full or read-only during a store write → E_STORE_IO naming the path, the previous file
 * intact, no temp file left, and the next attempt succeeds. Tests run as root, which ignores chmod,
 * so faults come through the AtomicWriteIo port (JSON), SQLite's own page cap (a real SQLITE_FULL),
 * and a directory path that runs through a regular file (a real ENOTDIR even for root).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeIo, writeFileAtomic, type AtomicWriteIo } from '../../src/store/atomic-write.js';
import { acquireLock } from '../../src/store/lock.js';
import { SCHEMA_VERSION, openStore } from '../../src/store/store.js';
import { makeSourceState, makeTempDir } from './store-fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** A port that fails the chosen step while `fault` is set, and behaves like fs otherwise. */
function faultyIo(): AtomicWriteIo & { fault: null | 'ENOSPC-write' | 'EROFS-rename' | 'EROFS-open' } {
  const io = {
    fault: null as null | 'ENOSPC-write' | 'EROFS-rename' | 'EROFS-open',
    mkdir: nodeIo.mkdir,
    open: (async (...args: Parameters<typeof fs.open>) => {
      if (io.fault === 'EROFS-open') throw errno('EROFS');
      const handle = await fs.open(...args);
      if (io.fault === 'ENOSPC-write') {
        // Half the bytes land, then the disk is full: the worst case for a torn file.
        const write = handle.write.bind(handle) as (text: string) => Promise<unknown>;
        handle.writeFile = async (data: unknown) => {
          await write(String(data).slice(0, 10));
          throw errno('ENOSPC');
        };
      }
      return handle;
    }) as typeof fs.open,
    rename: (async (from: string, to: string) => {
      if (io.fault === 'EROFS-rename') throw errno('EROFS');
      return fs.rename(from, to);
    }) as typeof fs.rename,
  };
  return io;
}

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('JSON driver write failures (R47)', () => {
  it.each(['ENOSPC-write', 'EROFS-rename', 'EROFS-open'] as const)('%s on the items file: E_STORE_IO, old file intact, temp removed, retry works', async (fault) => {
    const io = faultyIo();
    const store = await openStore({ driver: 'json', dir, io });
    const items = await store.openItems();
    items.put(storedItem({ sourceId: 'a', key: '1' }));
    await items.commit();
    const file = path.join(dir, 'items.json');
    const before = await fs.readFile(file, 'utf8');

    io.fault = fault;
    items.put(storedItem({ sourceId: 'a', key: '2' }));
    const failure = await items.commit().then(() => null, (error: unknown) => error);
    expect(failure).toMatchObject({ code: 'E_STORE_IO', where: file });
    expect(String((failure as Error).message)).toContain(fault.split('-')[0]);
    expect(await fs.readFile(file, 'utf8')).toBe(before);
    expect((await fs.readdir(dir)).sort()).toEqual(['items.json']);
    expect(items.changed).toBe(true);

    io.fault = null;
    await items.commit();
    const again = await (await openStore({ driver: 'json', dir })).openItems();
    expect(again.count()).toBe(2);
  });

  it('EROFS on the state file leaves the previous state readable', async () => {
    const io = faultyIo();
    const store = await openStore({ driver: 'json', dir, io });
    const first = { schemaVersion: SCHEMA_VERSION, sources: { a: makeSourceState('a') }, blocked: [], health: [], lastRun: null };
    await store.writeState(first);
    io.fault = 'EROFS-rename';
    const second = { ...first, sources: { b: makeSourceState('b') } };
    await expect(store.writeState(second)).rejects.toMatchObject({ code: 'E_STORE_IO', where: path.join(dir, 'state.json') });
    expect(await (await openStore({ driver: 'json', dir })).readState()).toEqual(first);
    io.fault = null;
    await store.writeState(second);
    expect(await (await openStore({ driver: 'json', dir })).readState()).toEqual(second);
  });

  it('writeFileAtomic names the target when its directory cannot exist (ENOTDIR, real even as root)', async () => {
    const blocker = path.join(dir, 'a-file');
    await fs.writeFile(blocker, 'x');
    const target = path.join(blocker, 'out', 'feed.xml');
    await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({ code: 'E_STORE_IO', where: target });
  });
});

describe('store directory that cannot be created (R47, real ENOTDIR)', () => {
  it.each(['json', 'sqlite'] as const)('%s driver: openStore fails with E_STORE_IO naming the directory', async (driver) => {
    await fs.writeFile(path.join(dir, 'not-a-dir'), 'x');
    const storeDir = path.join(dir, 'not-a-dir', 'data');
    await expect(openStore({ driver, dir: storeDir })).rejects.toMatchObject({ code: 'E_STORE_IO', where: storeDir });
  });

  it('acquireLock fails with E_STORE_IO, not a crash', async () => {
    await fs.writeFile(path.join(dir, 'not-a-dir'), 'x');
    await expect(acquireLock(path.join(dir, 'not-a-dir', 'data'))).rejects.toMatchObject({ code: 'E_STORE_IO' });
  });
});

describe('SQLite driver write failures (R47)', () => {
  it('a full database (real SQLITE_FULL) fails the commit with E_STORE_IO and keeps the last commit', async () => {
    const file = path.join(dir, 'feedloom.db');
    const seed = await openStore({ driver: 'sqlite', dir });
    const seedItems = await seed.openItems();
    for (let i = 0; i < 20; i++) seedItems.put(storedItem({ sourceId: 'a', key: `old${i}` }));
    await seedItems.commit();
    await seed.close();

    const store = await openStore({ driver: 'sqlite', dir, maxPageCount: 40 });
    const items = await store.openItems();
    for (let i = 0; i < 500; i++) items.put(storedItem({ sourceId: 'b', key: `new${i}`, content: 'y'.repeat(2_000) }));
    await expect(items.commit()).rejects.toMatchObject({ code: 'E_STORE_IO', where: file });
    await store.close();

    const reopened = await openStore({ driver: 'sqlite', dir });
    const after = await reopened.openItems();
    expect(after.count()).toBe(20);
    expect(after.bySource('b')).toEqual([]);
    await reopened.close();
  });
});
