/**
 * What both kinds of cycle share (run-cycle.ts for one process on json/sqlite, run-shared-cycle.ts
 * for several on postgres): options, the result, the bounds on kept history and the steps around
 * ingest that do not depend on how the store is shared.
 */
import { setMaxListeners } from 'node:events';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { RunSummary, SourceState, StoreState } from '../core/types.js';
import { reconcileSourceState } from '../schedule/source-lifecycle.js';
import { removeStaleTempFiles } from '../store/atomic-write.js';
import type { SourceFetchResult } from './fetch-sources.js';
import type { FeedPreparer, ScoringModel, StoredHashes } from './prepare-sources.js';
import type { Logger } from './logger.js';

export interface CycleOptions {
  /** Ignore next-due times (not retirement: a 410 source stays retired). */
  force?: boolean;
  /** Re-render every output even if nothing changed. */
  emitAlways?: boolean;
  /** Skip fetching entirely (`feedloom emit`). */
  fetch?: boolean;
  /** Write no outputs (`--no-emit`: workers that leave rendering to one machine). */
  emit?: boolean;
  repair?: boolean;
  logger: Logger;
  now?: () => Date;
  onProgress?: (done: number, total: number, failed: number) => void;
  /**
   * Aborted by SIGTERM/SIGINT (`run`): no fetch starts after it and those in flight are cut off and
   * deferred like an exhausted budget; what was fetched is still stored, published and unlocked.
   */
  stop?: AbortSignal;
}

export interface CycleResult {
  summary: RunSummary;
  failedSources: string[];
  warnings: string[];
}

export const HEALTH_EVENTS_KEPT = 200;
export const DECISIONS_KEPT = 500;

/** Output temp files sit beside their targets: out/, posts/, page/, category/<slug>/. */
export async function removeStaleOutputTempFiles(outDir: string): Promise<void> {
  const dirs = [outDir, path.join(outDir, 'posts'), path.join(outDir, 'page')];
  const categories = await readdir(path.join(outDir, 'category'), { withFileTypes: true }).catch(() => []);
  for (const entry of categories) if (entry.isDirectory()) dirs.push(path.join(outDir, 'category', entry.name));
  for (const dir of dirs) await removeStaleTempFiles(dir);
}

/** The ingest stage's modules: loaded (loadIngest) only when a feed changed, so a run where nothing did never pays for them. */
export interface IngestStages {
  ingestFeed: typeof import('./ingest.js').ingestFeed;
  compileRules: typeof import('../filter/rules.js').compileRules;
  DuplicateIndex: typeof import('../dedupe/duplicate-index.js').DuplicateIndex;
  sharedSpamModelFor: typeof import('./spam-model-load.js').sharedSpamModelFor;
}

export async function loadIngest(): Promise<IngestStages> {
  const [{ ingestFeed }, { compileRules }, { DuplicateIndex }, { sharedSpamModelFor }] = await Promise.all([
    import('./ingest.js'),
    import('../filter/rules.js'),
    import('../dedupe/duplicate-index.js'),
    import('./spam-model-load.js'),
  ]);
  return { ingestFeed, compileRules, DuplicateIndex, sharedSpamModelFor };
}

/** The parse stage (prepare-sources.ts), loaded only when some source is fetched. */
export async function loadFeedPreparer(config: ResolvedConfig, startedAt: Date, storedHashes?: StoredHashes, scoringModel?: ScoringModel): Promise<FeedPreparer> {
  return (await import('./prepare-sources.js')).createFeedPreparer(config, startedAt, storedHashes, scoringModel);
}

export function reconcileStates(config: ResolvedConfig, state: StoreState): Map<string, SourceState> {
  const states = new Map<string, SourceState>(Object.entries(state.sources));
  for (const source of config.sources) states.set(source.id, reconcileSourceState(states.get(source.id), source.id, source.location));
  return states;
}

/** Higher-priority sources first, so that the copy a duplicate folds into is usually the kept one. */
export function orderForDedupe<T>(values: T[], sourceOf: (value: T) => ResolvedConfig['sources'][number]): T[] {
  return [...values].sort((a, b) => sourceOf(b).priority - sourceOf(a).priority || sourceOf(a).id.localeCompare(sourceOf(b).id));
}


export function logResult(logger: Logger, result: SourceFetchResult, state: SourceState): void {
  const report = result.report;
  if (report.kind === 'failed') {
    logger.log('warn', report.error.toLine(), { source: result.source.id, code: report.error.code, status: state.status });
  } else if (report.kind === 'not-modified') {
    logger.log('debug', 'not modified (304)', { source: result.source.id });
  } else {
    logger.log('debug', report.unchanged ? 'unchanged body' : `fetched ${report.bytes} bytes`, { source: result.source.id });
  }
}

/**
 * A run's budget: aborted once `ms` have passed or when any of `others` aborts. A timer and a
 * controller the cycle holds, not `AbortSignal.any([AbortSignal.timeout(ms), …])`: on Node 20 a
 * timeout signal that only `any()` refers to may be garbage-collected before it fires, and the run
 * then ignored its budget (it did, once a larger spam model made a collection likely within it).
 * `dispose` at the end of the cycle.
 */
export function runBudgetSignal(ms: number, others: AbortSignal[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // Every fetch in flight listens for the budget; more than ten at once is expected, not a leak.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(new DOMException(`the run budget of ${ms} ms was spent`, 'TimeoutError')), ms);
  timer.unref();
  const forwards = others.map((other) => {
    const forward = () => controller.abort(other.reason);
    if (other.aborted) forward();
    else other.addEventListener('abort', forward, { once: true });
    return () => other.removeEventListener('abort', forward);
  });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      for (const remove of forwards) remove();
    },
  };
}
