/**
 * Opening, creating and checking the SQLite database, and turning SQLite's error codes into
 * feedloom's. A new database is built under a temp name and renamed into place, so a kill during
 * creation never leaves a zero-byte `feedloom.db` (which SQLite would read as a valid empty store,
 * and which R48 must refuse as corrupt).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FeedloomError } from '../core/errors.js';
import { tempPathFor } from './atomic-write.js';
import { checkSchemaVersion, corruptError } from './shape.js';

export type Db = Database.Database;

/** The first schema, as version 1 databases hold it; newer ones are reached through MIGRATIONS. */
const SCHEMA_V1 = `
CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
CREATE TABLE items (
  uid TEXT NOT NULL UNIQUE,
  source_id TEXT NOT NULL,
  date TEXT NOT NULL,
  canonical_link TEXT,
  held INTEGER NOT NULL,
  duplicate_of TEXT,
  json TEXT NOT NULL
);
CREATE INDEX items_source_date ON items (source_id, date DESC, uid);
CREATE INDEX items_date ON items (date DESC, uid);
CREATE INDEX items_visible_date ON items (date DESC, uid) WHERE held = 0 AND duplicate_of IS NULL;
CREATE INDEX items_held_date ON items (date DESC, uid) WHERE held = 1;
CREATE INDEX items_link ON items (canonical_link) WHERE canonical_link IS NOT NULL;
`;

/**
 * MIGRATIONS[n] takes a version n+1 database to version n+2, inside one transaction, so a kill
 * mid-upgrade leaves the old version intact. A new database runs them all, so it has the same
 * shape as an upgraded one.
 */
const MIGRATIONS = [
  // 2 (issue 7): a slug column, so makeSlug's uniqueness check is one index lookup rather than a
  // parse of every item; and source_id in the visible-items index, so the newest items of a
  // category are found by walking that index in date order without reading other sources' rows.
  `ALTER TABLE items ADD COLUMN slug TEXT;
  UPDATE items SET slug = CASE WHEN json_valid(json) THEN json_extract(json, '$.slug') END;
  CREATE INDEX items_slug ON items (slug) WHERE slug IS NOT NULL;
  DROP INDEX items_visible_date;
  CREATE INDEX items_visible_date ON items (date DESC, uid, source_id) WHERE held = 0 AND duplicate_of IS NULL;`,
];

/** The database's own version (PRAGMA user_version); the JSON state keeps SCHEMA_VERSION. */
const SQLITE_SCHEMA_VERSION = MIGRATIONS.length + 1;

/** Bring a database of an older version up to SQLITE_SCHEMA_VERSION; a no-op when current. */
function migrateDatabase(db: Db): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() >= SQLITE_SCHEMA_VERSION) return;
  // IMMEDIATE: another process opening the same old database waits, then sees it upgraded.
  db.exec('BEGIN IMMEDIATE');
  try {
    for (let from = version(); from < SQLITE_SCHEMA_VERSION; from++) db.exec(`${MIGRATIONS[from - 1]} PRAGMA user_version = ${from + 1};`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

const HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

/** Map a better-sqlite3 error to a coded one naming the file. */
export function sqliteError(error: unknown, where: string): FeedloomError {
  if (error instanceof FeedloomError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return corruptError(where, `SQLite reports a damaged database (${code}: ${(error as Error).message})`, error);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new FeedloomError('E_LOCKED', `another process is writing the database (${code})`, { where, cause: error });
  }
  return new FeedloomError('E_STORE_IO', `cannot use the database (${code || (error as Error).message}); the last committed state is intact`, {
    where,
    cause: error,
  });
}

/** Checks the 100-byte header before SQLite sees the file: empty, foreign and truncated files. */
async function sniffDatabase(file: string): Promise<string | null> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return 'the database file is empty';
    const header = Buffer.alloc(100);
    const { bytesRead } = await handle.read(header, 0, 100, 0);
    if (bytesRead < 100 || !header.subarray(0, 16).equals(HEADER)) return 'the file is not a SQLite database';
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    // The in-header size is only trusted when its "valid-for" counter matches the change counter.
    const sizeValid = header.readUInt32BE(92) === header.readUInt32BE(24);
    // With a non-empty WAL, a checkpoint cut short by a kill may have written the new header before
    // the pages behind it; SQLite finishes that from the WAL, so only judge a fully checkpointed file.
    const walBytes = await fs.stat(`${file}-wal`).then((stat) => stat.size, () => 0);
    if (walBytes === 0 && sizeValid && pages > 0 && size < pages * pageSize) {
      return `the database is truncated (${size} of ${pages * pageSize} bytes)`;
    }
    return null;
  } finally {
    await handle.close();
  }
}

async function createDatabase(file: string): Promise<void> {
  const temp = tempPathFor(file);
  try {
    const db = new Database(temp);
    try {
      // The temp file is fsynced once below, so SQLite's own per-statement syncs would only add waits.
      db.pragma('synchronous = OFF');
      db.exec(`BEGIN; ${SCHEMA_V1} PRAGMA user_version = 1; COMMIT;`);
      migrateDatabase(db);
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    const handle = await fs.open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    await fs.rename(temp, file);
    const dir = await fs.open(path.dirname(file), 'r');
    await dir.sync().catch(() => undefined);
    await dir.close();
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw sqliteError(error, file);
  }
}

export interface OpenDatabaseOptions {
  maxPageCount?: number;
}

/** Open (creating when absent) and check the database; E_STORE_CORRUPT on anything unexpected. */
export async function openDatabase(file: string, options: OpenDatabaseOptions = {}): Promise<Db> {
  const exists = await fs.stat(file).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return false;
    throw new FeedloomError('E_STORE_IO', `cannot read (${error.code})`, { where: file, cause: error });
  });
  if (!exists) await createDatabase(file);
  else {
    const problem = await sniffDatabase(file);
    if (problem) throw corruptError(file, problem);
  }
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5_000 });
    // Check before anything that writes: a foreign database must come out of this byte-identical.
    checkSchemaVersion(db.pragma('user_version', { simple: true }), file, SQLITE_SCHEMA_VERSION);
    const tables = db.prepare<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('state', 'items')").pluck().all();
    if (tables.length !== 2) throw corruptError(file, 'the database lacks the feedloom tables (state, items)');
    db.pragma('journal_mode = WAL');
    // FULL: a committed run survives power loss too, at one WAL fsync per commit.
    db.pragma('synchronous = FULL');
    migrateDatabase(db);
    if (options.maxPageCount) db.pragma(`max_page_count = ${options.maxPageCount}`);
    return db;
  } catch (error) {
    db?.close();
    throw sqliteError(error, file);
  }
}
