/**
 * The PostgreSQL store's schema, versioned in the database itself and applied once under an
 * advisory lock: several processes starting together take turns, and all but the first find the
 * work done. A database from a newer feedloom is refused and left untouched.
 */
import type pg from 'pg';
import { FeedloomError } from '../core/errors.js';
import { describeDatabase } from './database-url.js';
import { connectPool, inTransaction, postgresError } from './postgres-connect.js';

/** Advisory lock keys are one 64-bit space per database; these are feedloom's (ASCII "feedloom" and kin). */
export const LOCK_KEYS = {
  migrate: 0x6665_6564_6c6f_0001n,
  ingest: 0x6665_6564_6c6f_0002n,
  emit: 0x6665_6564_6c6f_0003n,
} as const;

const MIGRATIONS: readonly string[] = [
  // 1: state, sources with leases, items with the columns queries index, the duplicate keys, and
  //    the per-host politeness rows every worker shares.
  `
  CREATE TABLE feedloom_state (
    id integer PRIMARY KEY CHECK (id = 1),
    json jsonb NOT NULL
  );
  CREATE TABLE feedloom_sources (
    id text COLLATE "C" PRIMARY KEY,
    -- json, not jsonb: kept as written, so an unchanged state reads back byte-identical
    state json NOT NULL,
    next_due_at timestamptz,
    lease_owner text,
    lease_until timestamptz,
    last_worker text,
    last_fetched_at timestamptz
  );
  CREATE INDEX feedloom_sources_due ON feedloom_sources (next_due_at);
  CREATE TABLE feedloom_items (
    uid text COLLATE "C" PRIMARY KEY,
    source_id text COLLATE "C" NOT NULL,
    date text COLLATE "C" NOT NULL,
    canonical_link text COLLATE "C",
    slug text COLLATE "C",
    held boolean NOT NULL,
    duplicate_of text COLLATE "C",
    json text NOT NULL,
    -- the item without its body when it has a fingerprint: what the duplicate search reads of a
    -- candidate before deciding whether the whole item is worth loading
    sketch text NOT NULL
  );
  CREATE INDEX feedloom_items_source_date ON feedloom_items (source_id, date DESC, uid);
  CREATE INDEX feedloom_items_date ON feedloom_items (date DESC, uid);
  CREATE INDEX feedloom_items_visible ON feedloom_items (date DESC, uid) WHERE NOT held AND duplicate_of IS NULL;
  CREATE INDEX feedloom_items_link ON feedloom_items (canonical_link) WHERE canonical_link IS NOT NULL;
  CREATE INDEX feedloom_items_slug ON feedloom_items (slug) WHERE slug IS NOT NULL;
  CREATE INDEX feedloom_items_held ON feedloom_items (date DESC) WHERE held;
  CREATE TABLE feedloom_dedupe_keys (
    key bigint NOT NULL,
    uid text COLLATE "C" NOT NULL REFERENCES feedloom_items (uid) ON DELETE CASCADE,
    date text COLLATE "C" NOT NULL
  );
  CREATE INDEX feedloom_dedupe_keys_key ON feedloom_dedupe_keys (key, date);
  CREATE INDEX feedloom_dedupe_keys_uid ON feedloom_dedupe_keys (uid);
  CREATE TABLE feedloom_hosts (
    host text PRIMARY KEY,
    next_start_at timestamptz NOT NULL DEFAULT 'epoch',
    cool_until timestamptz NOT NULL DEFAULT 'epoch'
  );
  CREATE TABLE feedloom_host_slots (
    host text NOT NULL,
    slot integer NOT NULL,
    holder text,
    until timestamptz,
    PRIMARY KEY (host, slot)
  );
  CREATE TABLE feedloom_emit (
    id integer PRIMARY KEY CHECK (id = 1),
    changes bigint NOT NULL,
    emitted bigint NOT NULL
  );
  INSERT INTO feedloom_emit VALUES (1, 0, 0);
  `,
];

const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to this build's schema; returns the version it found (0: empty). */
export async function migrateDatabase(pool: pg.Pool, where: string): Promise<number> {
  return inTransaction(pool, where, 'migrate', async (client) => {
    // Transaction-scoped: released by COMMIT or ROLLBACK, even when this process dies.
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEYS.migrate.toString()]);
    await client.query('CREATE TABLE IF NOT EXISTS feedloom_schema (version integer NOT NULL)');
    const found = (await client.query<{ version: number }>('SELECT version FROM feedloom_schema')).rows[0]?.version ?? 0;
    if (found > POSTGRES_SCHEMA_VERSION) {
      throw new FeedloomError(
        'E_STORE_CORRUPT',
        `the database has schema version ${found}, newer than this feedloom understands (${POSTGRES_SCHEMA_VERSION}); upgrade feedloom (the database is left untouched)`,
        { where },
      );
    }
    for (let version = found; version < POSTGRES_SCHEMA_VERSION; version++) await client.query(MIGRATIONS[version]);
    if (found === 0) await client.query('INSERT INTO feedloom_schema (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
    else if (found < POSTGRES_SCHEMA_VERSION) await client.query('UPDATE feedloom_schema SET version = $1', [POSTGRES_SCHEMA_VERSION]);
    return found;
  });
}

/** `feedloom check`: connect, and read the schema version without changing anything (0: no tables yet). */
export async function checkDatabase(url: string | undefined): Promise<{ where: string; version: number }> {
  if (!url) throw new FeedloomError('E_CONFIG', 'store.driver is "postgres" but neither store.url nor $FEEDLOOM_DATABASE_URL is set', { where: 'store.url' });
  const where = describeDatabase(url);
  const pool = await connectPool(url, { max: 1 });
  try {
    const rows = await pool.query<{ version: number }>("SELECT version FROM feedloom_schema").catch((error: { code?: string }) => {
      if (error.code === '42P01') return { rows: [] as Array<{ version: number }> };
      throw postgresError(error, where, 'read');
    });
    const version = rows.rows[0]?.version ?? 0;
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new FeedloomError('E_STORE_CORRUPT', `the database has schema version ${version}, newer than this feedloom understands (${POSTGRES_SCHEMA_VERSION}); upgrade feedloom`, { where });
    }
    return { where, version };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
