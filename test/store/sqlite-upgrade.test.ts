/**
 * A feedloom.db written by an earlier feedloom (schema version 1: no slug column) is upgraded in
 * place on open, in one transaction, with every item and the state kept (issue 7).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { openStore } from '../../src/store/store.js';
import { makeSourceState, makeTempDir } from './store-fixtures.js';
import { itemUid } from '../../src/store/keys.js';
import { storedItem } from '../helpers/stored-item.js';

/** The schema feedloom created before the upgrade, as such databases hold it. */
const VERSION_1 = `
CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
CREATE TABLE items (uid TEXT NOT NULL UNIQUE, source_id TEXT NOT NULL, date TEXT NOT NULL, canonical_link TEXT,
  held INTEGER NOT NULL, duplicate_of TEXT, json TEXT NOT NULL);
CREATE INDEX items_source_date ON items (source_id, date DESC, uid);
CREATE INDEX items_date ON items (date DESC, uid);
CREATE INDEX items_visible_date ON items (date DESC, uid) WHERE held = 0 AND duplicate_of IS NULL;
CREATE INDEX items_held_date ON items (date DESC, uid) WHERE held = 1;
CREATE INDEX items_link ON items (canonical_link) WHERE canonical_link IS NOT NULL;
PRAGMA user_version = 1;
`;

let dir: string;
let file: string;
const state = { schemaVersion: 1, sources: { a: makeSourceState('a') }, blocked: [], health: [], lastRun: null };
const items: StoredItem[] = [
  storedItem({ sourceId: 'a', key: '1', slug: 'first-post', date: '2026-11-03T00:00:00.000Z' }),
  storedItem({ sourceId: 'a', key: '2', slug: null, date: '2026-11-02T00:00:00.000Z' }),
  storedItem({ sourceId: 'b', key: '1', slug: 'other', date: '2026-11-04T00:00:00.000Z', quarantine: { score: 9, reasons: ['SPAM_GAMBLING'] } }),
  storedItem({ sourceId: 'b', key: '2', slug: 'folded', date: '2026-11-01T00:00:00.000Z', duplicateOf: itemUid('a', '1') }),
];

function writeVersion1(): void {
  const db = new Database(file);
  db.exec(VERSION_1);
  db.prepare('INSERT INTO state (id, json) VALUES (1, ?)').run(JSON.stringify(state));
  const insert = db.prepare('INSERT INTO items (uid, source_id, date, canonical_link, held, duplicate_of, json) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const item of items) {
    insert.run(item.uid, item.sourceId, item.date, item.canonicalLink, item.quarantine && !item.approved ? 1 : 0, item.duplicateOf, JSON.stringify(item));
  }
  db.pragma('journal_mode = WAL');
  db.close();
}

beforeEach(async () => {
  dir = await makeTempDir();
  file = path.join(dir, 'feedloom.db');
  writeVersion1();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('SQLite schema upgrade', () => {
  it('upgrades a version 1 database on open, keeping every item and the state', async () => {
    const store = await openStore({ driver: 'sqlite', dir });
    try {
      expect(await store.readState()).toEqual(state);
      const opened = await store.openItems();
      expect([...opened.all()]).toEqual([...items].sort((a, b) => (a.uid < b.uid ? -1 : 1)));
      // The new column is filled from the stored items, so their slugs stay taken.
      expect(opened.slugTaken('first-post')).toBe(true);
      expect(opened.slugTaken('other')).toBe(true);
      expect(opened.slugTaken('never-used')).toBe(false);
      expect(opened.newest({ limit: 10, sourceIds: ['a', 'b'] }).map((item) => item.uid)).toEqual([itemUid('a', '1'), itemUid('a', '2')]);
      opened.put(storedItem({ sourceId: 'c', key: '1', slug: 'after-upgrade' }));
      await opened.commit();
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare('SELECT slug FROM items ORDER BY uid').pluck().all()).toEqual(['first-post', null, 'other', 'folded', 'after-upgrade']);
    } finally {
      db.close();
    }
  });

  it('opens an upgraded database again without changing it', async () => {
    await (await openStore({ driver: 'sqlite', dir })).close();
    const before = await fs.readFile(file);
    const store = await openStore({ driver: 'sqlite', dir });
    expect((await store.openItems()).count()).toBe(items.length);
    await store.close();
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  });

  it('leaves a version 1 database whole when the upgrade cannot finish', async () => {
    // A clashing index name makes the upgrade fail halfway through its statements.
    const db = new Database(file);
    db.exec('CREATE INDEX items_slug ON items (uid)');
    db.close();
    await expect(openStore({ driver: 'sqlite', dir })).rejects.toMatchObject({ code: 'E_STORE_IO' });
    const after = new Database(file, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(1);
      expect(after.prepare("SELECT COUNT(*) FROM pragma_table_info('items') WHERE name = 'slug'").pluck().get()).toBe(0);
      expect(after.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(items.length);
    } finally {
      after.close();
    }
  });
});
