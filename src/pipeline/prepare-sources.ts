/**
 * The parse stage of a cycle: each changed body the fetch phase hands over is parsed, normalised
 * and, on a source's first fetch (when every item is new), analysed, by the parse pool (worker
 * threads past a few MiB, so the main thread fetches and ingests meanwhile: issue 7). A body that
 * does not parse fails its source, as a fetch error would. The one place normalise options are built.
 */
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import { toFeedloomError } from '../core/errors.js';
import { createParsePool, type PreparedFeed, type PrepareOptions } from '../parse/parse-pool.js';
import type { FetchedSource, SourceFetchResult } from './fetch-sources.js';

/** A source's fetch with its feed ready for ingest: `prepared` is null when there is nothing to ingest. */
export interface PreparedSource extends SourceFetchResult {
  prepared: PreparedFeed | null;
}

export interface FeedPreparer {
  /** Never rejects: a body that does not parse comes back as a failed fetch. */
  prepare(fetched: FetchedSource): Promise<PreparedSource>;
  /** Stops the parse workers; call once every prepare has settled. */
  close(): Promise<void>;
}

export function normaliseOptionsFor(config: ResolvedConfig, source: ResolvedSource, now: Date, analyse: boolean): PrepareOptions {
  return {
    sourceId: source.id,
    now,
    limits: config.limits,
    excerptLength: config.output.digest.excerptLength,
    maxItemsPerFetch: config.fetch.maxItemsPerFetch,
    analyse,
  };
}

/** `startedAt`: the run's start, the `now` every item is normalised against. */
export function createFeedPreparer(config: ResolvedConfig, startedAt: Date): FeedPreparer {
  const pool = createParsePool();
  return {
    async prepare({ source, report, body }) {
      if (body === null || report.kind !== 'fetched') return { source, report, prepared: null };
      const started = performance.now();
      try {
        // The pool takes the body (it may move to a worker): the report has read its length already.
        const prepared = await pool.prepare(body.bytes, body.hints, normaliseOptionsFor(config, source, startedAt, body.firstFetch));
        const { feed } = prepared;
        const durationMs = report.durationMs + performance.now() - started;
        return { source, report: { ...report, durationMs, hints: feed.hints, title: feed.title, siteLink: feed.link, warnings: feed.warnings }, prepared };
      } catch (error) {
        const failure = toFeedloomError(error, 'E_INTERNAL', body.where);
        return { source, report: { kind: 'failed', error: failure, durationMs: report.durationMs + performance.now() - started }, prepared: null };
      }
    },
    close: () => pool.close(),
  };
}
