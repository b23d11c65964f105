/**
 * One cycle of one process on a json or sqlite store, top to bottom: lock → read state → fetch due sources → parse → normalise → filter →
 * dedupe → store → emit → digest → write state. Per-source failures are recorded on the source and
 * never stop the cycle; only local problems (config, store, lock) are fatal.
 */
import type { SpamModel } from '../filter/spam-model.js';
import { spamModelFor } from './spam-model-load.js';
import { setMaxListeners } from 'node:events';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { HealthEvent, ItemDecision, SourceState, StoreState } from '../core/types.js';
import { wasAdmittedByAllow } from '../fetch/address-policy.js';
import { isDue, recordFetch } from '../schedule/source-lifecycle.js';
import { forgetLostItems } from '../schedule/forget-validators.js';
import { removeStaleTempFiles } from '../store/atomic-write.js';
import { acquireLock } from '../store/lock.js';
import type { ItemStore, Store } from '../store/store.js';
import { openConfiguredStore } from './open-configured-store.js';
import { takenSlugSet } from '../store/taken-slugs.js';
import { compileBlocklist } from './blocklist.js';
import { createInOrderHandoff } from './in-order.js';
import type { FetchPhaseResult, SourceFetchResult } from './fetch-sources.js';
import type { IngestCounts } from './ingest.js';
import {
  DECISIONS_KEPT,
  HEALTH_EVENTS_KEPT,
  addCounts,
  loadIngest,
  logResult,
  orderForDedupe,
  reconcileStates,
  removeStaleOutputTempFiles,
  type CycleOptions,
  type CycleResult,
} from './cycle-parts.js';
import { writeOperatorFiles } from './operator-files.js';
import { itemCountWindow, withItemCounts } from './status-report.js';
import { emitKey } from './emit-key.js';
import { timeStageAlone, writeStageTotals } from '../core/stage-clock.js';

const PRUNE_EVERY_MS = 24 * 3_600_000;
/**
 * Sources fetched and parsed ahead of the one being ingested: enough to keep fetching and the
 * parse workers busy, few enough that parsed feeds never pile up in memory (issue 7: peak RSS).
 */
const INGEST_WINDOW = 64;

export type { CycleOptions, CycleResult } from './cycle-parts.js';

export async function runCycle(config: ResolvedConfig, options: CycleOptions): Promise<CycleResult> {
  // Several processes share a postgres store: claims, per-source commits and one emitter (issue 12).
  if (config.store.driver === 'postgres') return (await import('./run-shared-cycle.js')).runSharedCycle(config, options);
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const lock = await acquireLock(config.storeDir);
  let store: Store | undefined;
  try {
    store = await openConfiguredStore(config, { repair: options.repair });
    if (lock.takenOver) {
      options.logger.log('warn', `took over a stale lock left by pid ${lock.takenOver.pid} (started ${lock.takenOver.startedAt || 'unknown'})`, { code: 'E_LOCKED' });
    }
    for (const moved of store.repaired) options.logger.log('warn', `moved the corrupt store file aside to ${moved}; starting afresh`, { code: 'E_STORE_CORRUPT' });
    // Temp files of an output write that a killed run left behind (R45).
    await removeStaleOutputTempFiles(config.outDir);
    await removeStaleTempFiles(config.operatorDir);
    const state = await store.readState();
    const states = reconcileStates(config, state);
    const counts: IngestCounts = { new: 0, updated: 0, unchanged: 0, filtered: 0, duplicate: 0, quarantined: 0, capped: 0 };
    const warnings: string[] = [];
    const health: HealthEvent[] = [];
    const decisions: ItemDecision[] = [];
    let items: ItemStore | undefined;
    const openItems = async () => (items ??= await store!.openItems());
    // A repair may have moved the items aside: their sources refetch in full now (issue 15, defect 2).
    if (store.repaired.length > 0) {
      const kept = await openItems();
      for (const lost of forgetLostItems(states.values(), { hasItems: (id) => kept.datesBySource(id).length > 0, afterRepair: true, now: startedAt })) states.set(lost.id, lost);
    }

    // 1. Fetch and parse the sources that are due, in the order ingest takes them (so results come
    //    back roughly in order), and 2. normalise, filter, dedupe and stage each changed feed as
    //    soon as every source before it is done. The stages are loaded only when a feed changed: a
    //    run where nothing did never pays for them.
    const due = orderForDedupe(
      options.fetch === false ? [] : config.sources.filter((source) => source.enabled && isDue(states.get(source.id)!, startedAt, options.force ?? false)),
      (source) => source,
    );
    const spent = AbortSignal.timeout(config.fetch.runBudgetMs);
    const budget = options.stop ? AbortSignal.any([spent, options.stop]) : spent;
    // Every fetch in flight listens for the budget; more than ten at once is expected, not a leak.
    setMaxListeners(0, budget);
    const blocklist = compileBlocklist(state.blocked);
    const priorities = new Map(config.sources.map((source) => [source.id, source.priority]));
    let stages: Awaited<ReturnType<typeof loadIngest>> | undefined;
    let candidates: InstanceType<Awaited<ReturnType<typeof loadIngest>>['DuplicateIndex']> | undefined;
    let takenSlugs: Set<string> | undefined;
    let spamModel: SpamModel | undefined;
    let globalRules: ReturnType<Awaited<ReturnType<typeof loadIngest>>['compileRules']> | undefined;
    const ingestResult = async (result: SourceFetchResult): Promise<void> => {
      if (!result.feed) return;
      stages ??= await loadIngest();
      const { ingestFeed, compileRules, DuplicateIndex } = stages;
      const store = await openItems();
      const ingested = ingestFeed(
        result.feed,
        {
          items: store,
          config,
          source: result.source,
          now: startedAt,
          ruleSets: [(globalRules ??= compileRules(config.filters.include, config.filters.exclude)), compileRules(result.source.include ?? [], result.source.exclude ?? [])],
          blocklist,
          priorityOf: (id) => priorities.get(id) ?? 0,
          takenSlugs: () => (takenSlugs ??= takenSlugSet(store)),
          spamModel: () => (spamModel ??= spamModelFor(state.spamLessons)),
          decisions,
          candidates: (candidates ??= new DuplicateIndex(store, config.dedupe.windowHours * 3_600_000, config.dedupe.titleSimilarity)),
        },
        result.normalised ?? undefined,
      );
      addCounts(counts, ingested.counts);
      warnings.push(...ingested.warnings.map((warning) => `${result.source.id}: ${warning}`));
      // Done with: the parsed items of 1,000 feeds need not all live until the end of the run (issue 7, peak RSS).
      result.feed = null;
      result.normalised = null;
    };
    const handoff = createInOrderHandoff(due.map((source) => source.id), (result: SourceFetchResult) => result.source.id, ingestResult, INGEST_WINDOW);
    let done = 0;
    let failedSoFar = 0;
    // `feedloom emit` fetches nothing and loads no part of the fetch phase (issue 7: emit time).
    const { fetchSources } = due.length > 0 ? await import('./fetch-sources.js') : { fetchSources: noFetch };
    const fetched = await fetchSources(config, due, states, {
      now,
      startedAt,
      logger: options.logger,
      signal: budget,
      onSourceDone: (result) => {
        done += 1;
        if (result.report.kind === 'failed') failedSoFar += 1;
        options.onProgress?.(done, due.length, failedSoFar);
        handoff.push(result);
      },
      onSourceSkipped: (source) => handoff.skip(source.id),
      admit: (index) => handoff.admit(index),
    });
    await handoff.finish();

    // A healthy feed that now answers 404: look for where it went on its site, for `status` to propose.
    const proposals = fetched.results.length > 0 ? await (await import('./propose-feeds.js')).proposeMovedFeeds(config, fetched.results, states, { signal: budget, logger: options.logger }) : new Map<string, never>();

    for (const result of orderForDedupe(fetched.results, (one) => one.source)) {
      const previous = states.get(result.source.id)!;
      const postingDates = items ? items.datesBySource(result.source.id) : [];
      const next = recordFetch(previous, result.report, {
        now: startedAt,
        intervalMs: result.source.intervalMs,
        postingDates,
        deadAfterFailures: config.fetch.deadAfterFailures,
        deadAfterDays: config.fetch.deadAfterDays,
      });
      if (proposals.has(result.source.id)) next.state.discovered = proposals.get(result.source.id);
      else if (result.report.kind !== 'failed') delete next.state.discovered;
      if (reachedPrivately(result, previous, next.state)) next.state.privateAddress = true;
      else delete next.state.privateAddress;
      states.set(result.source.id, next.state);
      health.push(...next.events);
      logResult(options.logger, result, next.state);
    }
    for (const source of fetched.skipped) {
      // Deferred: due at once next run, its failure count and backoff untouched.
      states.set(source.id, { ...states.get(source.id)!, nextDueAt: startedAt.toISOString() });
      // A stopped run is reported in one line by its caller, not a warning per source.
      if (!options.stop?.aborted) warnings.push(`${source.id}: deferred, the run budget (${config.fetch.runBudgetMs} ms) was spent before it was fetched`);
    }

    // 3. Retention, at the end of a run that loaded items or at most daily otherwise.
    let pruned = 0;
    const lastPrune = state.lastPruneAt ? Date.parse(state.lastPruneAt) : 0;
    if (items || startedAt.getTime() - lastPrune > PRUNE_EVERY_MS) {
      const store = await openItems();
      const caps = new Map(config.sources.map((source) => [source.id, source.maxItems ?? config.store.retention.maxItemsPerSource]));
      const prunedUids = store.prune({
        now: startedAt,
        maxAgeDays: config.store.retention.maxAgeDays,
        maxItemsFor: (id) => caps.get(id) ?? config.store.retention.maxItemsPerSource,
      });
      pruned = prunedUids.length;
      state.lastPruneAt = startedAt.toISOString();
      // Items per source for `status`, refreshed whenever the items are loaded (at least daily).
      const window = itemCountWindow(startedAt);
      const itemCounts = store.countsBySource(window.since, window.until);
      // Items lost outside feedloom (the items file deleted by hand): refetch those sources in full next run.
      const prunedSources = new Set(prunedUids.map((uid) => uid.slice(0, uid.indexOf('\u0000'))));
      for (const lost of forgetLostItems(states.values(), { hasItems: (id) => (itemCounts.get(id)?.stored ?? 0) > 0, pruned: prunedSources, now: startedAt })) states.set(lost.id, lost);
      for (const [id, sourceState] of states) states.set(id, withItemCounts(sourceState, itemCounts.get(id)));
    }

    const sizeWarning = items?.sizeWarning() ?? null;
    if (sizeWarning) warnings.push(sizeWarning);

    // 4. One durable write of the items, then the outputs when anything they show may have changed.
    const itemsChanged = items?.changed ?? false;
    if (items && itemsChanged) {
      await store.writeState({ ...state, emitPending: true });
      await timeStageAlone('store', () => items!.commit());
    }
    const key = emitKey(config);
    const newState: StoreState = {
      ...state,
      sources: Object.fromEntries(states),
      health: [...state.health, ...health].slice(-HEALTH_EVENTS_KEPT),
      decisions: [...(state.decisions ?? []), ...decisions].slice(-DECISIONS_KEPT),
      emitKey: key,
      emitPending: false,
    };
    let outputs = { written: [] as string[], unchanged: 0, removed: [] as string[] };
    if (options.emit !== false && (itemsChanged || options.emitAlways || state.emitPending || state.emitKey !== key || health.length > 0)) {
      const store = await openItems();
      const { publish } = await import('./publish.js');
      outputs = await timeStageAlone('emit', () => publish(config, store, newState, compileBlocklist(newState.blocked), startedAt));
    }
    const finishedAt = now();
    const failedSources = fetched.results.filter((result) => result.report.kind === 'failed').map((result) => result.source.id);
    newState.lastRun = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      sources: {
        ok: fetched.results.filter((result) => result.report.kind === 'fetched' && !result.report.unchanged).length,
        notModified: fetched.results.filter((result) => result.report.kind === 'not-modified').length,
        unchanged: fetched.results.filter((result) => result.report.kind === 'fetched' && result.report.unchanged).length,
        failed: failedSources.length,
        skipped: config.sources.length - fetched.results.length - fetched.skipped.length,
        deferred: fetched.skipped.length,
      },
      items: { new: counts.new, updated: counts.updated, filtered: counts.filtered, duplicate: counts.duplicate, quarantined: counts.quarantined, pruned, capped: counts.capped },
      outputs,
    };
    await store.writeState(newState);
    const unpublished = await writeOperatorFiles(config, newState, startedAt);
    if (unpublished.length > 0) options.logger.log('info', `removed ${unpublished.join(', ')}, written by an older feedloom: the operator files now go to ${config.operatorDir} (output.operatorDir), which is not published`);
    writeStageTotals();
    return { summary: newState.lastRun, failedSources, warnings };
  } finally {
    await store?.close();
    await lock.release();
  }
}

async function noFetch(): Promise<FetchPhaseResult> {
  return { results: [], skipped: [] };
}

/**
 * For the public source list, which leaves out intranet feeds (issue 14): did this fetch connect to
 * a private address that fetch.allow admitted? A host name alone may not tell. A failure that never
 * connected keeps what the last connection found.
 */
function reachedPrivately(result: SourceFetchResult, previous: SourceState, next: SourceState): boolean {
  if (result.source.isFile) return false;
  return wasAdmittedByAllow(new URL(next.fetchUrl).hostname) || (result.report.kind === 'failed' && previous.privateAddress === true);
}

