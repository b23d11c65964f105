/**
 * One cycle of one process on a json or sqlite store, top to bottom: lock → read state → fetch the
 * due sources → parse and normalise each changed feed → ingest it (filter, dedupe, stage) → record
 * the fetches → retention → one durable write of the items → emit → write state. Fetching, parsing
 * and ingest overlap: each feed is ingested, in priority order, as soon as every source before it
 * is done (in-order.ts). Per-source failures are recorded on the source and never stop the cycle;
 * only local problems (config, store, lock) are fatal.
 */
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import type { HealthEvent, ItemDecision, RunSummary, SourceState, StoreState } from '../core/types.js';
import type { DuplicateIndex } from '../dedupe/duplicate-index.js';
import type { RuleSet } from '../filter/rules.js';
import type { SpamModel } from '../filter/spam-model.js';
import { isDue, recordFetch } from '../schedule/source-lifecycle.js';
import { forgetLostItems } from '../schedule/forget-validators.js';
import { removeStaleTempFiles } from '../store/atomic-write.js';
import { acquireLock, type Lock } from '../store/lock.js';
import type { ItemStore, Store } from '../store/store.js';
import { takenSlugSet } from '../store/taken-slugs.js';
import { timeStageAlone, writeStageTotals } from '../core/stage-clock.js';
import { compileBlocklist } from './blocklist.js';
import {
  DECISIONS_KEPT,
  HEALTH_EVENTS_KEPT,
  loadFeedPreparer,
  loadIngest,
  logResult,
  orderForDedupe,
  reconcileStates,
  removeStaleOutputTempFiles,
  runBudgetSignal,
  type CycleOptions,
  type CycleResult,
  type IngestStages,
} from './cycle-parts.js';
import { emitKey } from './emit-key.js';
import { withFetchFindings } from './fetch-findings.js';
import type { FetchPhaseResult, SourceFetchResult } from './fetch-sources.js';
import { createInOrderHandoff } from './in-order.js';
import { addCounts, emptyCounts } from './ingest-counts.js';
import { openConfiguredStore } from './open-configured-store.js';
import { writeOperatorFiles } from './operator-files.js';
import type { FeedPreparer, PreparedSource } from './prepare-sources.js';
import { itemCountWindow, withItemCounts } from './status-report.js';

const PRUNE_EVERY_MS = 24 * 3_600_000;
/**
 * Sources fetched and parsed ahead of the one being ingested: enough to keep fetching and the
 * parse workers busy, few enough that parsed feeds never pile up in memory (issue 7: peak RSS).
 */
const INGEST_WINDOW = 64;

export async function runCycle(config: ResolvedConfig, options: CycleOptions): Promise<CycleResult> {
  // Several processes share a postgres store: claims, per-source commits and one emitter (issue 12).
  if (config.store.driver === 'postgres') return (await import('./run-shared-cycle.js')).runSharedCycle(config, options);
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const lock = await acquireLock(config.storeDir);
  let store: Store | undefined;
  const budget = runBudgetSignal(config.fetch.runBudgetMs, options.stop ? [options.stop] : []);
  try {
    store = await openCycleStore(config, options, lock);
    const state = await store.readState();
    const items = new StagedItems(store);
    const states = await reconcileAfterRepair(config, state, store, items, startedAt);
    const due = dueSources(config, states, startedAt, options);
    const ingest = new CycleIngest(config, state, startedAt, items);
    const fetched = await fetchPrepareIngest(config, due, states, ingest, budget.signal, startedAt, options);
    const proposals = await proposeMovedFeeds(config, fetched.results, states, budget.signal, options);
    const health = recordFetches(config, fetched, states, proposals, items, startedAt, options, ingest.warnings);
    const pruned = await pruneItems(config, state, states, items, startedAt);
    const sizeWarning = items.opened?.sizeWarning() ?? null;
    if (sizeWarning) ingest.warnings.push(sizeWarning);

    // One durable write of the items, then the outputs when anything they show may have changed.
    const itemsChanged = items.opened?.changed ?? false;
    if (itemsChanged) {
      await store.writeState({ ...state, emitPending: true });
      await timeStageAlone('store', () => items.opened!.commit());
    }
    const key = emitKey(config);
    const newState: StoreState = {
      ...state,
      sources: Object.fromEntries(states),
      health: [...state.health, ...health].slice(-HEALTH_EVENTS_KEPT),
      decisions: [...(state.decisions ?? []), ...ingest.decisions].slice(-DECISIONS_KEPT),
      emitKey: key,
      emitPending: false,
    };
    let outputs = { written: [] as string[], unchanged: 0, removed: [] as string[] };
    if (options.emit !== false && (itemsChanged || options.emitAlways || state.emitPending || state.emitKey !== key || health.length > 0)) {
      const all = await items.open();
      const { publish } = await import('./publish.js');
      outputs = await timeStageAlone('emit', () => publish(config, all, newState, compileBlocklist(newState.blocked), startedAt));
    }
    newState.lastRun = runSummary(config, fetched, ingest, pruned, outputs, startedAt, now());
    await store.writeState(newState);
    const unpublished = await writeOperatorFiles(config, newState, startedAt);
    if (unpublished.length > 0) options.logger.log('info', `removed ${unpublished.join(', ')}, written by an older feedloom: the operator files now go to ${config.operatorDir} (output.operatorDir), which is not published`);
    writeStageTotals();
    const failedSources = fetched.results.filter((result) => result.report.kind === 'failed').map((result) => result.source.id);
    return { summary: newState.lastRun, failedSources, warnings: ingest.warnings };
  } finally {
    budget.dispose();
    await store?.close();
    await lock.release();
  }
}

async function openCycleStore(config: ResolvedConfig, options: CycleOptions, lock: Lock): Promise<Store> {
  const store = await openConfiguredStore(config, { repair: options.repair });
  if (lock.takenOver) {
    options.logger.log('warn', `took over a stale lock left by pid ${lock.takenOver.pid} (started ${lock.takenOver.startedAt || 'unknown'})`, { code: 'E_LOCKED' });
  }
  for (const moved of store.repaired) options.logger.log('warn', `moved the corrupt store file aside to ${moved}; starting afresh`, { code: 'E_STORE_CORRUPT' });
  // Temp files of an output write that a killed run left behind (R45).
  await removeStaleOutputTempFiles(config.outDir);
  await removeStaleTempFiles(config.operatorDir);
  return store;
}

/** The items, opened on first use: a run where nothing changed and nothing is due for retention never loads them. */
class StagedItems {
  opened: ItemStore | undefined;
  constructor(private readonly store: Store) {}
  async open(): Promise<ItemStore> {
    return (this.opened ??= await this.store.openItems());
  }
}

/** The config's sources with their states; after a repair moved the items aside, their sources refetch in full now (issue 15, defect 2). */
async function reconcileAfterRepair(config: ResolvedConfig, state: StoreState, store: Store, items: StagedItems, startedAt: Date): Promise<Map<string, SourceState>> {
  const states = reconcileStates(config, state);
  if (store.repaired.length > 0) {
    const kept = await items.open();
    for (const lost of forgetLostItems(states.values(), { hasItems: (id) => kept.datesBySource(id).length > 0, afterRepair: true, now: startedAt })) states.set(lost.id, lost);
  }
  return states;
}

/** The sources due now, in the order ingest takes them (so fetches come back roughly in order). */
function dueSources(config: ResolvedConfig, states: Map<string, SourceState>, startedAt: Date, options: CycleOptions): ResolvedSource[] {
  if (options.fetch === false) return [];
  return orderForDedupe(
    config.sources.filter((source) => source.enabled && isDue(states.get(source.id)!, startedAt, options.force ?? false)),
    (source) => source,
  );
}

/**
 * Ingest for this cycle: each changed feed into the staged items through the run's one duplicate
 * index, with the counts, warnings and decisions of the run. Its modules, the items, the slugs taken
 * and the spam model are loaded on the first feed that needs them.
 */
class CycleIngest {
  readonly counts = emptyCounts();
  readonly warnings: string[] = [];
  readonly decisions: ItemDecision[] = [];
  private readonly blocklist;
  private readonly priorities;
  private stages: IngestStages | undefined;
  private index: DuplicateIndex | undefined;
  private globalRules: RuleSet | undefined;
  private takenSlugs: Set<string> | undefined;
  private spamModel: SpamModel | undefined;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly state: StoreState,
    private readonly startedAt: Date,
    private readonly items: StagedItems,
  ) {
    this.blocklist = compileBlocklist(state.blocked);
    this.priorities = new Map(config.sources.map((source) => [source.id, source.priority]));
  }

  async ingest({ source, prepared }: PreparedSource): Promise<void> {
    if (!prepared) return;
    const { ingestFeed, compileRules, DuplicateIndex, sharedSpamModelFor } = (this.stages ??= await loadIngest());
    const { config } = this;
    const items = await this.items.open();
    const ingested = ingestFeed(prepared, {
      items,
      config,
      source,
      now: this.startedAt,
      ruleSets: [(this.globalRules ??= compileRules(config.filters.include, config.filters.exclude)), compileRules(source.include ?? [], source.exclude ?? [])],
      blocklist: this.blocklist,
      priorityOf: (id) => this.priorities.get(id) ?? 0,
      takenSlugs: () => (this.takenSlugs ??= takenSlugSet(items)),
      spamModel: () => this.modelFrom(sharedSpamModelFor),
      decisions: this.decisions,
      candidates: (this.index ??= new DuplicateIndex(items, config.dedupe.windowHours * 3_600_000, config.dedupe.titleSimilarity)),
    });
    addCounts(this.counts, ingested.counts);
    this.warnings.push(...ingested.warnings.map((warning) => `${source.id}: ${warning}`));
  }

  /** The model ingest scores with (the same object), for the parse workers to score with too. */
  async scoringModel(): Promise<SpamModel> {
    const { sharedSpamModelFor } = (this.stages ??= await loadIngest());
    return this.modelFrom(sharedSpamModelFor);
  }

  /** The run's one classifier, ingest's and the parse workers' alike, made on first use. */
  private modelFrom(make: IngestStages['sharedSpamModelFor']): SpamModel {
    return (this.spamModel ??= make(this.state.spamLessons));
  }

  /** What a source fetched before has stored, for the parse workers to skip its unchanged items. */
  async storedHashes(sourceId: string): Promise<ReadonlyMap<string, string>> {
    return (await this.items.open()).contentHashesBySource(sourceId);
  }
}

/**
 * Fetch the due sources, parse and normalise each changed body as its fetch finishes, and ingest
 * each feed in priority order as soon as every source before it is done; the parsed items of a
 * feed are let go once it is ingested (issue 7: peak RSS). The results carry the parse's outcome.
 */
async function fetchPrepareIngest(
  config: ResolvedConfig,
  due: ResolvedSource[],
  states: Map<string, SourceState>,
  ingest: CycleIngest,
  budget: AbortSignal,
  startedAt: Date,
  options: CycleOptions,
): Promise<FetchPhaseResult> {
  // `feedloom emit` fetches nothing and loads no part of the fetch phase (issue 7: emit time).
  if (due.length === 0) return { results: [], skipped: [] };
  const [{ fetchSources }, preparer] = await Promise.all([import('./fetch-sources.js'), loadFeedPreparer(config, startedAt, (id) => ingest.storedHashes(id), () => ingest.scoringModel())]);
  const results: SourceFetchResult[] = [];
  const handoff = createInOrderHandoff(
    due.map((source) => source.id),
    (pending: PendingSource) => pending.id,
    async (pending) => {
      const result = await pending.prepared;
      results.push({ source: result.source, report: result.report });
      await ingest.ingest(result);
    },
    INGEST_WINDOW,
  );
  let done = 0;
  let failedSoFar = 0;
  try {
    const fetched = await fetchSources(config, due, states, {
      now: options.now ?? (() => new Date()),
      logger: options.logger,
      signal: budget,
      onSourceDone: (result) => {
        done += 1;
        if (result.report.kind === 'failed') failedSoFar += 1;
        options.onProgress?.(done, due.length, failedSoFar);
        handoff.push({ id: result.source.id, prepared: preparer.prepare(result) });
      },
      onSourceSkipped: (source) => handoff.skip(source.id),
      admit: (index) => handoff.admit(index),
    });
    await handoff.finish();
    return { results, skipped: fetched.skipped };
  } finally {
    await preparer.close();
  }
}

interface PendingSource {
  id: string;
  prepared: ReturnType<FeedPreparer['prepare']>;
}

/** A healthy feed that now answers 404: where it went on its site, for `status` to propose. */
async function proposeMovedFeeds(config: ResolvedConfig, results: SourceFetchResult[], states: Map<string, SourceState>, budget: AbortSignal, options: CycleOptions): Promise<Map<string, SourceState['discovered']>> {
  if (results.length === 0) return new Map();
  return (await import('./propose-feeds.js')).proposeMovedFeeds(config, results, states, { signal: budget, logger: options.logger });
}

/** Each fetch recorded on its source (status, validators, next-due time, events); deferred sources are due at once. */
function recordFetches(
  config: ResolvedConfig,
  fetched: FetchPhaseResult,
  states: Map<string, SourceState>,
  proposals: Map<string, SourceState['discovered']>,
  items: StagedItems,
  startedAt: Date,
  options: CycleOptions,
  warnings: string[],
): HealthEvent[] {
  const health: HealthEvent[] = [];
  for (const result of orderForDedupe(fetched.results, (one) => one.source)) {
    const previous = states.get(result.source.id)!;
    const next = recordFetch(previous, result.report, {
      now: startedAt,
      intervalMs: result.source.intervalMs,
      postingDates: items.opened ? items.opened.datesBySource(result.source.id) : [],
      deadAfterFailures: config.fetch.deadAfterFailures,
      deadAfterDays: config.fetch.deadAfterDays,
    });
    states.set(result.source.id, withFetchFindings(next.state, result, previous, proposals.has(result.source.id) ? proposals.get(result.source.id) : undefined));
    health.push(...next.events);
    logResult(options.logger, result, next.state);
  }
  for (const source of fetched.skipped) {
    // Deferred: due at once next run, its failure count and backoff untouched.
    states.set(source.id, { ...states.get(source.id)!, nextDueAt: startedAt.toISOString() });
    // A stopped run is reported in one line by its caller, not a warning per source.
    if (!options.stop?.aborted) warnings.push(`${source.id}: deferred, the run budget (${config.fetch.runBudgetMs} ms) was spent before it was fetched`);
  }
  return health;
}

/** Retention, at the end of a run that loaded items or at most daily otherwise; refreshes the item counts `status` shows. Returns how many were pruned. */
async function pruneItems(config: ResolvedConfig, state: StoreState, states: Map<string, SourceState>, items: StagedItems, startedAt: Date): Promise<number> {
  const lastPrune = state.lastPruneAt ? Date.parse(state.lastPruneAt) : 0;
  if (!items.opened && startedAt.getTime() - lastPrune <= PRUNE_EVERY_MS) return 0;
  const store = await items.open();
  const caps = new Map(config.sources.map((source) => [source.id, source.maxItems ?? config.store.retention.maxItemsPerSource]));
  const prunedUids = store.prune({
    now: startedAt,
    maxAgeDays: config.store.retention.maxAgeDays,
    maxItemsFor: (id) => caps.get(id) ?? config.store.retention.maxItemsPerSource,
  });
  state.lastPruneAt = startedAt.toISOString();
  // Items per source for `status`, refreshed whenever the items are loaded (at least daily).
  const window = itemCountWindow(startedAt);
  const itemCounts = store.countsBySource(window.since, window.until);
  // Items lost outside feedloom (the items file deleted by hand): refetch those sources in full next run.
  const prunedSources = new Set(prunedUids.map((uid) => uid.slice(0, uid.indexOf('\u0000'))));
  for (const lost of forgetLostItems(states.values(), { hasItems: (id) => (itemCounts.get(id)?.stored ?? 0) > 0, pruned: prunedSources, now: startedAt })) states.set(lost.id, lost);
  for (const [id, sourceState] of states) states.set(id, withItemCounts(sourceState, itemCounts.get(id)));
  return prunedUids.length;
}

function runSummary(config: ResolvedConfig, fetched: FetchPhaseResult, ingest: CycleIngest, pruned: number, outputs: RunSummary['outputs'], startedAt: Date, finishedAt: Date): RunSummary {
  const { results, skipped } = fetched;
  const counts = ingest.counts;
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    sources: {
      ok: results.filter((result) => result.report.kind === 'fetched' && !result.report.unchanged).length,
      notModified: results.filter((result) => result.report.kind === 'not-modified').length,
      unchanged: results.filter((result) => result.report.kind === 'fetched' && result.report.unchanged).length,
      failed: results.filter((result) => result.report.kind === 'failed').length,
      skipped: config.sources.length - results.length - skipped.length,
      deferred: skipped.length,
    },
    items: { new: counts.new, updated: counts.updated, filtered: counts.filtered, duplicate: counts.duplicate, quarantined: counts.quarantined, pruned, capped: counts.capped },
    outputs,
  };
}
