/**
 * A shared-store commit that writes back a row another process changed after it was read runs
 * its ingest again on what is stored now (src/store/postgres-work.ts commitSource,
 * lockWrittenRows in postgres-ingest-lock.ts), on a real PostgreSQL: the other process's change is
 * kept, never overwritten by a write made from the stale read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { newSourceState } from '../../src/schedule/source-lifecycle.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres-driver.js';
import { writeItemChanges } from '../../src/store/postgres-items.js';
import type { SnapshotPlan } from '../../src/store/postgres-ingest-lock.js';
import { SharedStore } from '../../src/store/postgres-work.js';
import { describePostgres, freshDatabase, query } from '../helpers/postgres.js';
import { storedItem } from '../helpers/stored-item.js';

describePostgres('a shared-store commit whose written rows changed since they were read', () => {
  let url: string;
  let store: PostgresStore;
  let shared: SharedStore;

  beforeAll(async () => {
    url = await freshDatabase('rerun');
    store = await openPostgresStore({ driver: 'postgres', dir: '', url });
    shared = new SharedStore(store, 'test:1');
    await shared.registerSources([newSourceState('wire', 'http://127.0.0.1:9/wire.xml'), newSourceState('paper', 'http://127.0.0.1:9/paper.xml')]);
  });
  afterAll(async () => store?.close());

  const planFor = (sourceId: string, uids: string[]): SnapshotPlan => ({ sourceId, uids, links: [], probes: [], slugBases: [], titleSimilarity: 0.5, maxKeyLocks: 1_024 });
  const write = (client: Parameters<typeof writeItemChanges>[0], puts: StoredItem[], deletes: string[], before: ReadonlyMap<string, StoredItem>) => writeItemChanges(client, puts, deletes, before, 0.5);
  const claim = (id: string) => shared.claim({ ids: [id], limit: 1, leaseMs: 60_000, force: true, since: new Date() });

  it('runs the ingest again on the row as the other process left it, and keeps both changes', async () => {
    const story = storedItem({ sourceId: 'wire', key: 'story', title: 'Harbour reopens', content: '<p>The harbour reopened today.</p>' });
    expect(await claim('wire')).toHaveLength(1);
    const first = await shared.commitSource('wire', planFor('wire', [story.uid]), async () => ({ puts: [story], deletes: [], before: new Map() }), async () => newSourceState('wire', 'http://127.0.0.1:9/wire.xml'), write);
    expect(first).toEqual({ committed: true, changed: true, attempts: 1 });

    // `paper` carries the same story: its commit credits `paper` on the stored primary. Between
    // its read and its write, another process approves the primary (here: a plain UPDATE).
    expect(await claim('paper')).toHaveLength(1);
    const reads: StoredItem[] = [];
    const outcome = await shared.commitSource(
      'paper',
      planFor('paper', [story.uid]),
      async (snapshot) => {
        const primary = snapshot.items.find((item) => item.uid === story.uid)!;
        reads.push(primary);
        if (reads.length === 1) {
          // As text: the uid's NUL separator cannot go through jsonb.
          await query(url, `UPDATE feedloom_items SET json = replace(json, '"approved":false', '"approved":true') WHERE source_id = 'wire'`);
        }
        const credited = { ...primary, alsoCarriedBy: [{ sourceId: 'paper', itemKey: 'copy', link: null, title: primary.title }] };
        return { puts: [credited], deletes: [], before: new Map([[primary.uid, primary]]) };
      },
      async () => newSourceState('paper', 'http://127.0.0.1:9/paper.xml'),
      write,
    );
    expect(outcome).toEqual({ committed: true, changed: true, attempts: 2 });
    // The second run read the row as the other process left it.
    expect(reads.map((item) => item.approved)).toEqual([false, true]);
    const [row] = await query<{ json: string }>(url, `SELECT json FROM feedloom_items WHERE source_id = 'wire'`);
    const stored = JSON.parse(row.json) as StoredItem;
    expect(stored.approved).toBe(true);
    expect(stored.alsoCarriedBy.map((carrier) => carrier.sourceId)).toEqual(['paper']);
  });
});
