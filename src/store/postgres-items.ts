/**
 * Items in PostgreSQL: rows with the columns the queries index beside the item as JSON text, the
 * duplicate keys filed beside them, and the one way staged changes reach the tables. Reads fill a
 * MemoryItemStore, which the pipeline and the commands work on synchronously; its changes are
 * written back as a diff against what was read (only what changed is sent).
 */
import type pg from 'pg';
import type { StoredItem } from '../core/types.js';
import { databaseKeysOf } from '../dedupe/duplicate-index.js';
import { isCurrentFingerprint } from '../dedupe/stored-fingerprint.js';
import { isHeld } from './item-order.js';
import { MemoryItemStore } from './memory-items.js';
import { checkItem } from './shape.js';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * PostgreSQL text cannot hold NUL, which every uid has (sourceId NUL key). A monotone prefix code
 * (NUL → \u0001\u0001, \u0001 → \u0001\u0002) keeps the uids distinct and in the same order under
 * COLLATE "C", so ORDER BY uid breaks date ties as the other drivers do.
 */
export function uidColumn(uid: string): string {
  return uid.replace(/\u0001/g, '\u0001\u0002').replace(/\u0000/g, '\u0001\u0001');
}

/** Rows per INSERT: large enough to amortise a round trip, small enough for PostgreSQL's 65,535 parameters (arrays are one each). */
const BATCH = 2_000;

/**
 * Items read by `sql` (a `json` column). When the query also selects `version` (the row's xmin,
 * as text), each item's version is kept in `versions` by uid: a commit that writes the item back
 * checks that no other transaction changed it since (postgres-work.ts).
 */
export async function selectItems(client: Queryable, where: string, sql: string, params: unknown[], versions?: Map<string, string>): Promise<StoredItem[]> {
  const rows = (await client.query<{ json: string; version?: string }>(sql, params)).rows;
  return rows.map((row, index) => {
    let value: unknown;
    try {
      value = JSON.parse(row.json);
    } catch {
      value = null;
    }
    const item = checkItem(value, where, `item row ${index} of a query`);
    if (versions && row.version !== undefined) versions.set(item.uid, row.version);
    return item;
  });
}

/** The items behind these uids (any missing are simply absent), with their versions when `versions` is given. */
export function itemsByUid(client: Queryable, where: string, uids: readonly string[], versions?: Map<string, string>): Promise<StoredItem[]> {
  if (uids.length === 0) return Promise.resolve([]);
  return selectItems(client, where, 'SELECT json, xmin::text AS version FROM feedloom_items WHERE uid = ANY($1::text[])', [uids.map(uidColumn)], versions);
}

/** A MemoryItemStore over `items` whose commit hands `write` the puts and deletes since it was made. */
export function trackedItemStore(items: StoredItem[], write: (puts: StoredItem[], deletes: string[], before: Map<string, StoredItem>) => Promise<void>): MemoryItemStore {
  let before = new Map(items.map((item) => [item.uid, item]));
  let texts = new Map(items.map((item) => [item.uid, JSON.stringify(item)]));
  return new MemoryItemStore(items, async (all) => {
    const puts: StoredItem[] = [];
    const seen = new Set<string>();
    for (const item of all) {
      seen.add(item.uid);
      if (texts.get(item.uid) !== JSON.stringify(item)) puts.push(item);
    }
    const deletes = [...texts.keys()].filter((uid) => !seen.has(uid));
    await write(puts, deletes, before);
    before = new Map(all.map((item) => [item.uid, item]));
    texts = new Map(all.map((item) => [item.uid, JSON.stringify(item)]));
  });
}

/**
 * Writes puts and deletes inside the caller's transaction. Duplicate keys are filed again only for
 * items whose keys can have changed (new, or another title, link, body or date).
 */
export async function writeItemChanges(client: Queryable, puts: readonly StoredItem[], deletes: readonly string[], before: ReadonlyMap<string, StoredItem>, titleSimilarity: number): Promise<void> {
  for (let start = 0; start < deletes.length; start += BATCH) {
    await client.query('DELETE FROM feedloom_items WHERE uid = ANY($1::text[])', [deletes.slice(start, start + BATCH).map(uidColumn)]);
  }
  for (let start = 0; start < puts.length; start += BATCH) {
    const batch = puts.slice(start, start + BATCH);
    await client.query(
      `INSERT INTO feedloom_items (uid, source_id, date, canonical_link, slug, held, duplicate_of, json, sketch)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[])
       ON CONFLICT (uid) DO UPDATE SET source_id = excluded.source_id, date = excluded.date, canonical_link = excluded.canonical_link,
         slug = excluded.slug, held = excluded.held, duplicate_of = excluded.duplicate_of, json = excluded.json, sketch = excluded.sketch`,
      [
        batch.map((item) => uidColumn(item.uid)),
        batch.map((item) => item.sourceId),
        batch.map((item) => item.date),
        batch.map((item) => item.canonicalLink),
        batch.map((item) => item.slug ?? null),
        batch.map((item) => isHeld(item)),
        batch.map((item) => (item.duplicateOf === null ? null : uidColumn(item.duplicateOf))),
        batch.map((item) => JSON.stringify(item)),
        batch.map((item) => JSON.stringify(sketchOf(item))),
      ],
    );
    const refiled = batch.filter((item) => keysMayDiffer(before.get(item.uid), item));
    if (refiled.length === 0) continue;
    await client.query('DELETE FROM feedloom_dedupe_keys WHERE uid = ANY($1::text[])', [refiled.map((item) => uidColumn(item.uid))]);
    const keys: number[] = [];
    const uids: string[] = [];
    const dates: string[] = [];
    for (const item of refiled) {
      for (const key of databaseKeysOf(item, titleSimilarity, false)) {
        keys.push(key);
        uids.push(uidColumn(item.uid));
        dates.push(item.date);
      }
    }
    await client.query('INSERT INTO feedloom_dedupe_keys (key, uid, date) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', [keys, uids, dates]);
  }
}

/**
 * What the duplicate search needs of a candidate: everything but the body, when the body's
 * fingerprint stands in for it (an item without one keeps its body: its keys come from the text).
 */
export function sketchOf(item: StoredItem): StoredItem {
  if (!isCurrentFingerprint(item.fingerprint)) return item;
  const { content: _content, summary: _summary, ...rest } = item;
  return { ...rest, content: null, summary: null };
}

function keysMayDiffer(previous: StoredItem | undefined, item: StoredItem): boolean {
  return !previous || previous.contentHash !== item.contentHash || previous.title !== item.title || previous.link !== item.link || previous.canonicalLink !== item.canonicalLink || previous.date !== item.date;
}
