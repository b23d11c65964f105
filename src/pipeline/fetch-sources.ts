/**
 * The fetch phase of a cycle: every due source fetched under the fetch policy, the global and
 * per-host limits and the whole-run budget. Bodies identical to the last one and 304s stop here:
 * the parser is loaded only when a changed 200 arrives, so an unchanged run never pays for it.
 */
import { createHash } from 'node:crypto';
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import { FeedloomError, toFeedloomError } from '../core/errors.js';
import type { ParsedFeed, SourceState } from '../core/types.js';
import type { NormaliseResult } from '../normalise/normalise-item.js';
import { createParsePool, type ParsePool } from '../parse/parse-pool.js';
import { closeAllDispatchers } from '../fetch/dispatcher.js';
import { createFetchScheduler, type HostGate } from '../fetch/fetch-scheduler.js';
import { policyFromConfig } from '../fetch/policy.js';
import { readFeedFile } from '../fetch/read-file.js';
import { fetchWithRetry } from '../fetch/retry.js';
import type { FetchReport } from '../schedule/source-lifecycle.js';
import type { Logger } from './logger.js';

export interface SourceFetchResult {
  source: ResolvedSource;
  report: FetchReport;
  /** Present when a changed body was parsed (without its items: `normalised` has them). */
  feed: ParsedFeed | null;
  /** The feed's items normalised, beside the parsing (on a parse worker when the run is big enough). */
  normalised: NormaliseResult | null;
}

export interface FetchPhaseOptions {
  now: () => Date;
  logger: Logger;
  /** Aborted when the run budget is spent. */
  signal: AbortSignal;
  /** Every due source ends in exactly one of these two. */
  onSourceDone?: (result: SourceFetchResult) => void;
  onSourceSkipped?: (source: ResolvedSource) => void;
  /** Resolves when the source at this index of `due` may start (the consumer's backpressure); absent: all at once. */
  admit?: (index: number) => Promise<void>;
  /** The run's start: the `now` items are normalised against. */
  startedAt: Date;
  /**
   * More sources to fetch once `due` is under way: asked whenever fewer than fetch.concurrency
   * sources are in flight, until it returns none (the postgres store's claims; their states must be
   * in `states` by then).
   */
  more?: () => Promise<ResolvedSource[]>;
  /** Politeness shared with other processes (see FetchSchedulerOptions.gate). */
  hostGate?: HostGate;
}

export interface FetchPhaseResult {
  results: SourceFetchResult[];
  /**
   * Sources deferred because the run budget ran out: not started, or cut off mid-fetch. Not the
   * source's failure, so they count towards no backoff or death; the run makes them due at once.
   */
  skipped: ResolvedSource[];
}

const NO_CACHE_HINTS = { maxAgeMs: null, expiresAt: null };

export async function fetchSources(
  config: ResolvedConfig,
  due: ResolvedSource[],
  states: Map<string, SourceState>,
  options: FetchPhaseOptions,
): Promise<FetchPhaseResult> {
  const policy = policyFromConfig(config.fetch);
  const scheduler = createFetchScheduler({
    concurrency: config.fetch.concurrency,
    perHostConcurrency: config.fetch.perHostConcurrency,
    hostGapMs: config.fetch.hostGapMs,
    gate: options.hostGate,
  });
  const results: SourceFetchResult[] = [];
  // Parsing, normalising and (on a source's first fetch, when every item is new) the per-item
  // analysis run on worker threads, so the main thread fetches and ingests meanwhile (issue 7).
  const parsePool = createParsePool();
  const skipped: ResolvedSource[] = [];

  const defer = (source: ResolvedSource): void => {
    skipped.push(source);
    options.onSourceSkipped?.(source);
  };
  const fetchOne = async (source: ResolvedSource): Promise<void> => {
    if (options.signal.aborted) return defer(source);
    const state = states.get(source.id)!;
    const started = performance.now();
    let result: SourceFetchResult;
    try {
      result = await fetchAndParse(source, state, config, policy, parsePool, options);
    } catch (error) {
      // Cut off by the spent budget (an abort, or its timeout surfacing as one): deferred, not failed.
      if (options.signal.aborted) return defer(source);
      const failure = toFeedloomError(error, 'E_INTERNAL', source.isFile ? source.location : state.fetchUrl);
      if (failure.code === 'E_RATE_LIMITED' && !source.isFile) {
        scheduler.coolDownHost(new URL(state.fetchUrl).host, Date.now() + (failure.retryAfterMs ?? 60_000));
      }
      result = { source, feed: null, normalised: null, report: { kind: 'failed', error: failure, durationMs: performance.now() - started } };
    }
    results.push(result);
    options.onSourceDone?.(result);
  };

  const start = (source: ResolvedSource): Promise<void> => {
    if (source.isFile) return fetchOne(source);
    const url = states.get(source.id)!.fetchUrl;
    return scheduler.schedule(url, () => fetchOne(source)).catch((error) => {
      // The scheduler refuses tasks once the budget is spent or a host is cooled down past it.
      if (options.signal.aborted) return defer(source);
      // The shared store failed (a host gate's query): the run's problem, not the source's.
      if (error instanceof FeedloomError && error.code === 'E_STORE_IO') throw error;
      const result: SourceFetchResult = { source, feed: null, normalised: null, report: { kind: 'failed', error: toFeedloomError(error, 'E_BUDGET', url), durationMs: 0 } };
      results.push(result);
      options.onSourceDone?.(result);
    });
  };
  const onAbort = () => scheduler.clear();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const tasks: Promise<void>[] = [];
  let inFlight = 0;
  let wakeClaimer: (() => void) | null = null;
  const track = (task: Promise<void>) => {
    inFlight++;
    tasks.push(
      task.finally(() => {
        inFlight--;
        wakeClaimer?.();
      }),
    );
  };
  let index = 0;
  let batch = due.length === 0 && options.more ? await options.more() : due;
  while (batch.length > 0) {
    for (const source of batch) {
      // Waiting here, before the scheduler, holds no fetch slot: sources are started in order.
      if (options.admit) await options.admit(index);
      index++;
      track(start(source));
    }
    if (!options.more || options.signal.aborted) break;
    // Claim more only when a fetch slot is about to be free: claimed sources are leased, and
    // leases held while queueing here would keep them from other processes.
    while (inFlight >= config.fetch.concurrency) await new Promise<void>((resolve) => (wakeClaimer = resolve));
    wakeClaimer = null;
    batch = options.signal.aborted ? [] : await options.more();
  }
  await Promise.all(tasks);
  options.signal.removeEventListener('abort', onAbort);
  await Promise.all([closeAllDispatchers(), parsePool.close()]);
  return { results, skipped };
}

async function fetchAndParse(
  source: ResolvedSource,
  state: SourceState,
  config: ResolvedConfig,
  policy: ReturnType<typeof policyFromConfig>,
  parsePool: ParsePool,
  options: FetchPhaseOptions,
): Promise<SourceFetchResult> {
  const started = performance.now();
  let body: Buffer;
  let contentType: string | null = null;
  let meta: Omit<Extract<FetchReport, { kind: 'not-modified' }>, 'kind'>;
  let etag: string | null = null;
  let lastModified: string | null = null;
  let baseUrl: string | null = null;

  if (source.isFile) {
    body = await readFeedFile(source.location, config.fetch.maxBodyBytes);
    meta = { finalUrl: source.location, permanentRedirect: null, redirects: [], cache: NO_CACHE_HINTS, durationMs: 0 };
  } else {
    const outcome = await fetchWithRetry(
      {
        url: state.fetchUrl,
        validators: { etag: state.etag, lastModified: state.lastModified },
        hasStoredCopy: state.bodyHash !== null,
        allowInsecureTLS: source.allowInsecureTLS,
        headers: source.requestHeaders,
        signal: options.signal,
        onInsecureTLS: (url) => options.logger.log('warn', `accepting an invalid TLS certificate for ${url} (allowInsecureTLS)`, { source: source.id, code: 'E_TLS' }),
      },
      policy,
      { retries: config.fetch.retries, baseMs: config.fetch.retryBaseMs },
    );
    meta = { finalUrl: outcome.finalUrl, permanentRedirect: outcome.permanentRedirect, redirects: outcome.redirects, cache: outcome.cache, durationMs: 0 };
    if (outcome.kind === 'not-modified') {
      return { source, feed: null, normalised: null, report: { kind: 'not-modified', ...meta, durationMs: performance.now() - started } };
    }
    body = outcome.body;
    contentType = outcome.contentType;
    etag = outcome.etag;
    lastModified = outcome.lastModified;
    baseUrl = outcome.finalUrl;
  }

  const bodyHash = createHash('sha256').update(body).digest('hex');
  const unchanged = bodyHash === state.bodyHash && state.lastSuccessAt !== null;
  const bytes = body.length;
  let feed: ParsedFeed | null = null;
  let normalised: NormaliseResult | null = null;
  if (!unchanged) {
    if (body.length === 0) throw new FeedloomError('E_EMPTY_BODY', 'the response body is empty', { where: meta.finalUrl });
    // The pool takes the body (it may move to a worker): its length was read above.
    const prepared = await parsePool.parseAndNormalise(body, { url: baseUrl, contentType }, {
      sourceId: source.id,
      now: options.startedAt,
      limits: config.limits,
      excerptLength: config.output.digest.excerptLength,
      maxItemsPerFetch: config.fetch.maxItemsPerFetch,
      analyse: state.lastSuccessAt === null,
    });
    feed = prepared.feed;
    normalised = prepared.normalised;
    if (prepared.analyses) {
      const { rememberAnalysis } = await import('./item-analysis.js');
      prepared.normalised.items.forEach((item, index) => rememberAnalysis(item, prepared.analyses![index]));
    }
  }
  return {
    source,
    feed,
    normalised,
    report: {
      kind: 'fetched',
      ...meta,
      durationMs: performance.now() - started,
      unchanged,
      bytes,
      bodyHash,
      etag,
      lastModified,
      hints: feed?.hints ?? null,
      title: feed?.title ?? null,
      siteLink: feed?.link ?? null,
      warnings: feed?.warnings ?? state.warnings,
    },
  };
}
