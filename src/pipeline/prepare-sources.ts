/**
 * The parse stage of a cycle: each changed body the fetch phase hands over is parsed, normalised
 * and analysed (every item on a source's first fetch, the new and changed ones after) by the parse
 * pool (worker threads past 256 KiB of changed feeds, so the main thread fetches and ingests
 * meanwhile: issue 7). A body that does not parse fails its source, as a fetch error would. The one
 * place normalise options are built.
 */
import type { ResolvedConfig, ResolvedSource } from '../config/resolve-config.js';
import { toFeedloomError } from '../core/errors.js';
import { createParsePool, type PreparedFeed, type PrepareOptions } from '../parse/parse-pool.js';
import type { FetchedSource, SourceFetchResult } from './fetch-sources.js';
import type { SpamModel } from '../filter/spam-model.js';

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

export function normaliseOptionsFor(config: ResolvedConfig, source: ResolvedSource, now: Date, analyse: boolean, stored?: ReadonlyMap<string, string>, model?: SpamModel): PrepareOptions {
  return {
    sourceId: source.id,
    now,
    limits: config.limits,
    excerptLength: config.output.digest.excerptLength,
    maxItemsPerFetch: config.fetch.maxItemsPerFetch,
    analyse,
    ...(stored ? { stored } : {}),
    ...(model ? { model } : {}),
  };
}

/**
 * The classifier ingest scores this run's items with, its weights in shared memory: handed to the
 * parse workers, it lets them send each item's verdict, so the main thread (the busy one of a cold
 * run) sums no weights (issue 11). It must be the very model ingest uses.
 */
export type ScoringModel = () => Promise<SpamModel>;

/** What the source has stored, item key → content hash (ItemStore.contentHashesBySource). */
export type StoredHashes = (sourceId: string) => Promise<ReadonlyMap<string, string>>;

/**
 * `startedAt`: the run's start, the `now` every item is normalised against. With `storedHashes`
 * the items a source has stored unchanged are left out at once (normalise-item.ts), and a feed
 * fetched before is analysed too, on a worker, where it costs the main thread nothing; without,
 * only a first fetch is analysed, and ingest reads what it needs of the rest.
 */
export function createFeedPreparer(config: ResolvedConfig, startedAt: Date, storedHashes?: StoredHashes, scoringModel?: ScoringModel): FeedPreparer {
  const pool = createParsePool();
  return {
    async prepare({ source, report, body }) {
      if (body === null || report.kind !== 'fetched') return { source, report, prepared: null };
      const started = performance.now();
      try {
        const stored = !body.firstFetch && storedHashes ? await storedHashes(source.id) : undefined;
        const analyse = body.firstFetch || stored !== undefined;
        const model = analyse && config.spam.enabled && source.spam && scoringModel ? await scoringModel() : undefined;
        const options = normaliseOptionsFor(config, source, startedAt, analyse, stored, model);
        // The pool takes the body (it may move to a worker): the report has read its length already.
        const prepared = await pool.prepare(body.bytes, body.hints, options);
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
