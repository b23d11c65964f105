/**
 * The fetch phase of a cycle: every due source fetched under the fetch policy, the global and
 * per-host limits and the whole-run budget. Bodies identical to the last one and 304s stop here; a
 * changed body goes on to prepare-sources.ts (parse and normalise), which its caller runs as each
 * fetch finishes, so an unchanged run never loads the parser.
 */
import { createHash } from 'node:crypto';
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import { FeedloomError, toFeedloomError } from '../core/errors.js';
import type { SourceState } from '../core/types.js';
import type { ParseOptions } from '../parse/parse-feed.js';
import { closeAllDispatchers } from '../fetch/dispatcher.js';
import { createFetchScheduler, type HostGate, type RetryTurn } from '../fetch/fetch-scheduler.js';
import { policyFromConfig } from '../fetch/policy.js';
import { readFeedFile } from '../fetch/read-file.js';
import { fetchWithRetry } from '../fetch/retry.js';
import { hostPausesOf, type FetchReport } from '../schedule/source-lifecycle.js';
import type { Logger } from './logger.js';

/** One source's fetch, and (once prepare-sources.ts has read its body) its parse. */
export interface SourceFetchResult {
  source: ResolvedSource;
  /** A `fetched` report carries the feed's hints, title, site link and warnings only once its body is parsed. */
  report: FetchReport;
}

/** A fetch as the fetch phase ends it: with the body to parse when it changed. */
export interface FetchedSource extends SourceFetchResult {
  body: ChangedBody | null;
}

export interface ChangedBody {
  /** Owned by whoever parses it (the parse pool may move it to a worker). */
  bytes: Buffer;
  hints: ParseOptions;
  /** The source's first successful fetch: every item is new, so each is worth analysing beside the parsing. */
  firstFetch: boolean;
  /** Where a failure to parse it is reported (the source's file, or the URL it was fetched from). */
  where: string;
}

export interface FetchPhaseOptions {
  now: () => Date;
  logger: Logger;
  /** Aborted when the run budget is spent. */
  signal: AbortSignal;
  /** Every due source ends in exactly one of these two. */
  onSourceDone?: (result: FetchedSource) => void;
  onSourceSkipped?: (source: ResolvedSource) => void;
  /** Resolves when the source at this index of `due` may start (the consumer's backpressure); absent: all at once. */
  admit?: (index: number) => Promise<void>;
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
  /** Without their bodies, which went to onSourceDone. */
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
  // Pauses asked for in earlier runs hold in this one too; the scheduler's clock is the wall clock.
  const startedAt = options.now();
  for (const pause of hostPausesOf(states.values(), startedAt)) scheduler.coolDownHost(pause.url, Date.now() + (pause.untilMs - startedAt.getTime()));
  const results: SourceFetchResult[] = [];
  const skipped: ResolvedSource[] = [];

  const defer = (source: ResolvedSource): void => {
    skipped.push(source);
    options.onSourceSkipped?.(source);
  };
  const fetchOne = async (source: ResolvedSource, retryTurn?: RetryTurn): Promise<void> => {
    if (options.signal.aborted) return defer(source);
    const state = states.get(source.id)!;
    const started = performance.now();
    let result: FetchedSource;
    try {
      result = await fetchOneSource(source, state, config, policy, options, retryTurn);
    } catch (error) {
      // Cut off by the spent budget (an abort, or its timeout surfacing as one): deferred, not failed.
      if (options.signal.aborted) return defer(source);
      const failure = toFeedloomError(error, 'E_INTERNAL', source.isFile ? source.location : state.fetchUrl);
      if (failure.code === 'E_RATE_LIMITED' && !source.isFile) {
        scheduler.coolDownHost(new URL(state.fetchUrl).host, Date.now() + (failure.retryAfterMs ?? 60_000));
      }
      result = { source, body: null, report: { kind: 'failed', error: failure, durationMs: performance.now() - started } };
    }
    results.push({ source, report: result.report });
    options.onSourceDone?.(result);
  };

  const start = (source: ResolvedSource): Promise<void> => {
    if (source.isFile) return fetchOne(source);
    const url = states.get(source.id)!.fetchUrl;
    return scheduler.schedule(url, (retryTurn) => fetchOne(source, retryTurn)).catch((error) => {
      // The scheduler refuses tasks once the budget is spent or a host is cooled down past it.
      if (options.signal.aborted) return defer(source);
      // The shared store failed (a host gate's query): the run's problem, not the source's.
      if (error instanceof FeedloomError && error.code === 'E_STORE_IO') throw error;
      const result: FetchedSource = { source, body: null, report: { kind: 'failed', error: toFeedloomError(error, 'E_BUDGET', url), durationMs: 0 } };
      results.push({ source, report: result.report });
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
  await closeAllDispatchers();
  return { results, skipped };
}

async function fetchOneSource(
  source: ResolvedSource,
  state: SourceState,
  config: ResolvedConfig,
  policy: ReturnType<typeof policyFromConfig>,
  options: FetchPhaseOptions,
  retryTurn: RetryTurn | undefined,
): Promise<FetchedSource> {
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
      { retries: config.fetch.retries, baseMs: config.fetch.retryBaseMs, retryTurn },
    );
    meta = { finalUrl: outcome.finalUrl, permanentRedirect: outcome.permanentRedirect, redirects: outcome.redirects, cache: outcome.cache, durationMs: 0 };
    if (outcome.kind === 'not-modified') {
      return { source, body: null, report: { kind: 'not-modified', ...meta, durationMs: performance.now() - started } };
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
  if (!unchanged && body.length === 0) throw new FeedloomError('E_EMPTY_BODY', 'the response body is empty', { where: meta.finalUrl });
  return {
    source,
    body: unchanged ? null : { bytes: body, hints: { url: baseUrl, contentType }, firstFetch: state.lastSuccessAt === null, where: source.isFile ? source.location : state.fetchUrl },
    report: {
      kind: 'fetched',
      ...meta,
      durationMs: performance.now() - started,
      unchanged,
      bytes,
      bodyHash,
      etag,
      lastModified,
      hints: null,
      title: null,
      siteLink: null,
      warnings: state.warnings,
    },
  };
}
