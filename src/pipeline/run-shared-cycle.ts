/**
 * One cycle of one of several processes sharing a postgres store (issue 12): claim a batch of due
 * sources (leases), fetch them under politeness kept in the database, and commit each source's
 * items and fetch state in its own transaction as it arrives; claim more while any are due; then
 * the outputs, rendered by one process at a time when anything changed. A process killed at any
 * moment loses only the sources in flight, whose leases expire and are claimed again.
 */
import os from 'node:os';
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import { isFeedloomError, type FeedloomError } from '../core/errors.js';
import type { HealthEvent, ItemDecision, RunSummary, SourceState, StoredItem } from '../core/types.js';
import { textFeaturesOf, unpackTextFeatures } from '../dedupe/cross-source.js';
import { storedLookupsOf } from '../dedupe/find-stored-item.js';
import { newItemSlugBase } from '../emit/slug.js';
import type { SpamModel } from '../filter/spam-model.js';
import { forgetLostItems } from '../schedule/forget-validators.js';
import { reconcileSourceState, recordFetch } from '../schedule/source-lifecycle.js';
import { itemUid } from '../store/keys.js';
import { MemoryItemStore } from '../store/memory-items.js';
import type { PostgresStore } from '../store/postgres-driver.js';
import { trackedItemStore, writeItemChanges } from '../store/postgres-items.js';
import { forgetLostSources, pruneDaily } from '../store/postgres-upkeep.js';
import type { DuplicateProbe, SnapshotPlan } from '../store/postgres-ingest-lock.js';
import { SharedStore } from '../store/postgres-work.js';
import { takenSlugSet } from '../store/taken-slugs.js';
import { compileBlocklist } from './blocklist.js';
import { DECISIONS_KEPT, HEALTH_EVENTS_KEPT, loadFeedPreparer, loadIngest, logResult, orderForDedupe, removeStaleOutputTempFiles, runBudgetSignal, type CycleOptions, type CycleResult } from './cycle-parts.js';
import { emitKey } from './emit-key.js';
import { withFetchFindings } from './fetch-findings.js';
import type { SourceFetchResult } from './fetch-sources.js';
import type { PreparedSource } from './prepare-sources.js';
import { addCounts, emptyCounts } from './ingest-counts.js';
import { firstStoredForm } from './ingest.js';
import { openConfiguredStore } from './open-configured-store.js';
import { writeOperatorFiles } from './operator-files.js';
import { outputSourceSets } from './publish.js';
import { sharedSpamModelFor } from './spam-model-load.js';
import { itemCountWindow, withItemCounts } from './status-report.js';

/** The longest a process waits for another's Retry-After on a shared host before recording it rate-limited. */
const MAX_COOL_DOWN_WAIT_MS = 60_000;

/** `host:pid`: what `status` shows as the process that fetched a source last. */
function workerName(): string {
  return `${os.hostname()}:${process.pid}`;
}

export async function runSharedCycle(config: ResolvedConfig, options: CycleOptions): Promise<CycleResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const store = (await openConfiguredStore(config, { connections: 4 })) as PostgresStore;
  const shared = new SharedStore(store, workerName());
  let stopRenewing = (): void => undefined;
  let disposeBudget = (): void => undefined;
  try {
    await removeStaleOutputTempFiles(config.outDir);
    const state = await store.readState();
    const enabled = config.sources.filter((source) => source.enabled);
    const sourceById = new Map(config.sources.map((source) => [source.id, source]));
    await shared.registerSources(enabled.filter((source) => !state.sources[source.id]).map((source) => reconcileSourceState(undefined, source.id, source.location)));
    // Items gone from the database (deleted by hand, a partial restore): those sources refetch in full.
    const forgotten = await forgetLostSources(store, (lost) => forgetLostItems(lost, { hasItems: () => false, now: startedAt }));
    if (forgotten.length > 0) options.logger.log('info', `the stored items of ${forgotten.join(', ')} are gone: fetching ${forgotten.length === 1 ? 'it' : 'them'} in full`);

    const counts = emptyCounts();
    const warnings: string[] = [];
    const health: HealthEvent[] = [];
    const decisions: ItemDecision[] = [];
    const failedSources: string[] = [];
    const tally = { ok: 0, notModified: 0, unchanged: 0, failed: 0, deferred: 0, pruned: 0 };
    const states = new Map<string, SourceState>();
    // The database gone (E_STORE_IO from a claim, a host slot, a commit): nothing more can be stored,
    // so fetching stops as when the budget is spent, and the run ends with that error.
    const storeLost = new AbortController();
    const loseStore = (error: unknown): boolean => {
      if (!isFeedloomError(error) || error.code !== 'E_STORE_IO') return false;
      if (!storeLost.signal.aborted) storeLost.abort(error);
      return true;
    };
    // SIGTERM/SIGINT stop claiming and fetching like a spent budget; what was fetched is committed.
    const spent = runBudgetSignal(config.fetch.runBudgetMs, [storeLost.signal, ...(options.stop ? [options.stop] : [])]);
    disposeBudget = spent.dispose;
    const budget = spent.signal;
    const blocklist = compileBlocklist(state.blocked);
    const priorities = new Map(config.sources.map((source) => [source.id, source.priority]));
    const leaseMs = config.store.leaseSeconds * 1_000;
    let stages: Awaited<ReturnType<typeof loadIngest>> | undefined;
    let spamModel: SpamModel | undefined;
    const scoringModel = (): SpamModel => (spamModel ??= sharedSpamModelFor(state.spamLessons));
    let globalRules: ReturnType<Awaited<ReturnType<typeof loadIngest>>['compileRules']> | undefined;
    const caps = new Map(config.sources.map((source) => [source.id, source.maxItems ?? config.store.retention.maxItemsPerSource]));
    const window = itemCountWindow(startedAt);

    const claimMore = async (): Promise<ResolvedSource[]> => {
      if (options.fetch === false || budget.aborted) return [];
      let claimed: SourceState[];
      try {
        claimed = await shared.claim({ ids: enabled.map((source) => source.id), limit: config.fetch.concurrency, leaseMs, force: options.force ?? false, since: startedAt });
      } catch (error) {
        if (loseStore(error)) return [];
        throw error;
      }
      const sources: ResolvedSource[] = [];
      for (const claimedState of claimed) {
        const source = sourceById.get(claimedState.id)!;
        states.set(source.id, reconcileSourceState(claimedState, source.id, source.location));
        sources.push(source);
      }
      return orderForDedupe(sources, (source) => source);
    };

    /** One source's result, committed with its items in one transaction; results are taken one at a time. */
    const commitResult = async (result: PreparedSource, proposal: string | null | undefined): Promise<void> => {
      const source = result.source;
      const previous = states.get(source.id)!;
      const plan = result.prepared ? snapshotPlan(result, startedAt, config) : null;
      // Read for the plan's probes; ingest reads the same (an analysis, when the parse made one, has them).
      const textFeatures = plan?.probes.map((probe) => probe.features);
      const ingested = { counts: emptyCounts(), warnings: [] as string[], decisions: [] as ItemDecision[] };
      let events: HealthEvent[] = [];
      let pruned = 0;
      if (plan) stages ??= await loadIngest();
      // The ingest may run again (another process's commit got in the way): each run starts from
      // the fetched items as they were (ingestFeed re-keys a reused guid in place) and records afresh.
      const fetchedKeys = result.prepared?.normalised.items.map((item) => item.key) ?? [];
      const outcome = await shared.commitSource(
        source.id,
        plan,
        async (snapshot) => {
          const { ingestFeed, compileRules, DuplicateIndex } = stages!;
          result.prepared!.normalised.items.forEach((item, index) => (item.key = fetchedKeys[index]));
          ingested.decisions = [];
          let changes = { puts: [] as StoredItem[], deletes: [] as string[], before: new Map<string, StoredItem>() as ReadonlyMap<string, StoredItem> };
          const items = trackedItemStore(snapshot.items, async (puts, deletes, before) => {
            changes = { puts, deletes, before };
          });
          const taken = takenSlugSet(items);
          for (const slug of snapshot.takenSlugs) taken.add(slug);
          const outcome = ingestFeed(
            result.prepared!,
            {
              items,
              config,
              source,
              now: startedAt,
              ruleSets: [(globalRules ??= compileRules(config.filters.include, config.filters.exclude)), compileRules(source.include ?? [], source.exclude ?? [])],
              blocklist,
              priorityOf: (id) => priorities.get(id) ?? 0,
              takenSlugs: () => taken,
              spamModel: scoringModel,
              decisions: ingested.decisions,
              candidates: new DuplicateIndex(items, config.dedupe.windowHours * 3_600_000, config.dedupe.titleSimilarity),
              textFeatures,
            },
          );
          ingested.counts = outcome.counts;
          ingested.warnings = outcome.warnings;
          await items.commit();
          return changes;
        },
        async (client) => {
          if (plan) pruned = await SharedStore.pruneSource(client, source.id, startedAt, config.store.retention.maxAgeDays, caps.get(source.id)!);
          const next = recordFetch(previous, result.report, {
            now: startedAt,
            intervalMs: source.intervalMs,
            postingDates: await SharedStore.datesOf(client, source.id),
            deadAfterFailures: config.fetch.deadAfterFailures,
            deadAfterDays: config.fetch.deadAfterDays,
          });
          events = next.events;
          const found = withFetchFindings(next.state, result, previous, proposal);
          const counted = withItemCounts(found, await SharedStore.countsOf(client, source.id, window.since, window.until));
          return { ...counted, fetchedBy: shared.worker };
        },
        (client, puts, deletes, before) => writeItemChanges(client, puts, deletes, before, config.dedupe.titleSimilarity),
      );
      // Rolled back because another process took the source over: its result is the one kept.
      if (!outcome.committed) {
        warnings.push(`${source.id}: its lease ran out before the fetch was stored; another process fetched it`);
        return;
      }
      tally.pruned += pruned;
      addCounts(counts, ingested.counts);
      decisions.push(...ingested.decisions);
      warnings.push(...ingested.warnings.map((warning) => `${source.id}: ${warning}`));
      health.push(...events);
      const report = result.report;
      if (report.kind === 'failed') {
        tally.failed++;
        failedSources.push(source.id);
      } else if (report.kind === 'not-modified') tally.notModified++;
      else if (report.unchanged) tally.unchanged++;
      else tally.ok++;
      logResult(options.logger, result, previous);
    };

    /** A healthy feed that now answers 404: where its site says it went, looked up while earlier results commit. */
    const proposalFor = async (result: SourceFetchResult): Promise<string | null | undefined> => {
      if (result.report.kind !== 'failed' || result.report.error.code !== 'E_NOT_FOUND') return undefined;
      const { proposeMovedFeeds } = await import('./propose-feeds.js');
      return (await proposeMovedFeeds(config, [result], states, { signal: budget, logger: options.logger, keepConnections: true })).get(result.source.id);
    };

    let queue: Promise<void> = Promise.resolve();
    let commitError: unknown = null;
    let done = 0;
    // A batch queued behind a slow host outlives the lease it was claimed with: renewed while held.
    stopRenewing = shared.keepLeases({ leaseMs, slotLeaseMs: leaseMs }, (error: FeedloomError) => options.logger.log('debug', error.toLine(), { code: error.code }));
    const { fetchSources } = await import('./fetch-sources.js');
    // The parse workers make each item's verdict with the model ingest scores with (the same object).
    const preparer = await loadFeedPreparer(config, startedAt, undefined, async () => scoringModel());
    const fetched = await fetchSources(config, [], states, {
      now,
      logger: options.logger,
      signal: budget,
      more: claimMore,
      hostGate: shared.hostGate({
        perHostConcurrency: config.fetch.perHostConcurrency,
        hostGapMs: config.fetch.hostGapMs,
        slotLeaseMs: leaseMs,
        maxCoolDownWaitMs: MAX_COOL_DOWN_WAIT_MS,
        // Before the fetch phase sees the rejection, so that it defers the source (the signal is aborted).
        onStoreError: loseStore,
      }),
      onSourceDone: (result) => {
        done++;
        options.onProgress?.(done, done + config.fetch.concurrency, tally.failed);
        const prepared = preparer.prepare(result);
        const proposal = proposalFor(result);
        queue = queue
          .then(async () => (commitError ? undefined : commitResult(await prepared, await proposal)))
          .catch((error) => {
            commitError ??= error;
            loseStore(error);
          });
      },
    });
    await queue;
    await preparer.close();
    // Not before: results waiting for their commit still hold their leases until it.
    stopRenewing();
    if (storeLost.signal.aborted) {
      // What was committed stays. The rest goes back if the database takes it, else its leases expire.
      await shared.release(fetched.skipped.map((source) => ({ ...states.get(source.id)!, nextDueAt: startedAt.toISOString() }))).catch(() => undefined);
      throw storeLost.signal.reason;
    }
    if (commitError) throw commitError;
    if (fetched.skipped.length > 0) {
      // Deferred: due at once, for whichever process runs next, its failure count untouched.
      await shared.release(fetched.skipped.map((source) => ({ ...states.get(source.id)!, nextDueAt: startedAt.toISOString() })));
      tally.deferred = fetched.skipped.length;
      if (!options.stop?.aborted) for (const source of fetched.skipped) warnings.push(`${source.id}: deferred, the run budget (${config.fetch.runBudgetMs} ms) was spent before it was fetched`);
    }

    // Retention for the sources no commit pruned (unchanged, 304), by one process a day.
    const prunedDaily = await pruneDaily(store, {
      now: startedAt,
      maxAgeDays: config.store.retention.maxAgeDays,
      caps,
      defaultCap: config.store.retention.maxItemsPerSource,
      countWindow: window,
      recount: withItemCounts,
    });
    tally.pruned += prunedDaily ?? 0;

    // The outputs, by one process at a time, from the database, when any process changed anything.
    const key = emitKey(config);
    let outputs = { written: [] as string[], unchanged: 0, removed: [] as string[] };
    if (options.emit !== false) {
      const always = options.emitAlways === true || state.emitKey !== key || health.length > 0;
      const emitted = await shared.emitOnce(always, async () => {
        const fresh = await store.readState();
        const { sets, limit } = outputSourceSets(config);
        const items = new MemoryItemStore(await shared.newestVisible(sets, limit), async () => undefined);
        const { publish } = await import('./publish.js');
        const written = await publish(config, items, fresh, compileBlocklist(fresh.blocked), startedAt);
        await store.writeState({ ...fresh, emitKey: key });
        return written;
      });
      if (emitted) outputs = emitted;
    }

    const finishedAt = now();
    const summary: RunSummary = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      sources: { ok: tally.ok, notModified: tally.notModified, unchanged: tally.unchanged, failed: tally.failed, skipped: 0, deferred: tally.deferred },
      items: { new: counts.new, updated: counts.updated, filtered: counts.filtered, duplicate: counts.duplicate, quarantined: counts.quarantined, pruned: tally.pruned, capped: counts.capped },
      outputs,
    };
    summary.sources.skipped = Math.max(0, config.sources.length - done - tally.deferred);
    await shared.recordRun(health, decisions, summary, { health: HEALTH_EVENTS_KEPT, decisions: DECISIONS_KEPT });
    // This machine's view of the shared store, after its own run is recorded.
    await writeOperatorFiles(config, await store.readState(), startedAt);
    return { summary, failedSources, warnings };
  } finally {
    stopRenewing();
    disposeBudget();
    await store.close();
  }
}

/** What one source's ingest will read: see SharedStore.commitSource and postgres-work.ts. */
function snapshotPlan(result: PreparedSource, startedAt: Date, config: ResolvedConfig): SnapshotPlan {
  const sourceId = result.source.id;
  const at = startedAt.toISOString();
  const uids: string[] = [];
  const links: string[] = [];
  const probes: DuplicateProbe[] = [];
  const slugBases = new Set<string>();
  const windowMs = config.dedupe.windowHours * 3_600_000;
  const { normalised, analyses } = result.prepared!;
  normalised.items.forEach((item, index) => {
    const lookups = storedLookupsOf(item);
    for (const key of lookups.keys) uids.push(itemUid(sourceId, key));
    links.push(...lookups.links);
    probes.push({ item: firstStoredForm(item, at, null), features: analyses ? unpackTextFeatures(analyses[index].text) : textFeaturesOf(item), windowMs });
    slugBases.add(newItemSlugBase(item.title, itemUid(sourceId, item.key)));
  });
  return { sourceId, uids, links, probes, slugBases: [...slugBases], titleSimilarity: config.dedupe.titleSimilarity, maxKeyLocks: config.store.ingestKeyLocks };
}
