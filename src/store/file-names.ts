/** The files a store directory holds, per driver. */
export const STATE_FILE = 'state.json';
export const ITEMS_FILE = 'items.json';
export const SQLITE_FILE = 'feedloom.db';
/** SQLite keeps committed pages in these until a checkpoint; they travel with the database. */
export const SQLITE_COMPANIONS = ['-wal', '-shm'];
export const LOCK_FILE = 'feedloom.lock';
