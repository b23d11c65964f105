/**
 * The per-source health report behind `feedloom status`, out/status.json and out/metrics.prom.
 * Pure: built from the config and the stored state only (no item load).
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { SourceState, SourceStatus, StoreState } from '../core/types.js';
import type { SourceItemCounts } from '../store/store.js';
import { redactUrl, redactUrlsInText } from '../core/redact-url.js';

export interface SourceStatusRow {
  id: string;
  title: string;
  state: SourceStatus | 'disabled';
  url: string;
  fetchUrl: string;
  /** Suggested config change after a confirmed permanent redirect. */
  suggestion: string | null;
  /** After a healthy feed began answering 404: the feed found on its site, as a config change. */
  proposal: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  consecutiveFailures: number;
  nextDueAt: string | null;
  polls: number;
  /** Share of polls answered 304 or with a byte-identical body. */
  unchangedShare: number | null;
  bytesSaved: number;
  medianFetchMs: number | null;
  warnings: string[];
  /** Items stored, and posted per week over the last 4 weeks; null until a run has counted them. */
  itemsStored: number | null;
  itemsPerWeek: number | null;
  /** The process (`host:pid`) that fetched it last, on a store several processes share; null otherwise. */
  fetchedBy: string | null;
}

export interface StatusReport {
  generatedAt: string;
  lastRun: StoreState['lastRun'];
  counts: Record<string, number>;
  sources: SourceStatusRow[];
}

export function buildStatusReport(config: ResolvedConfig, state: StoreState, now: Date): StatusReport {
  const sources = config.sources.map((source) => statusRow(source, state.sources[source.id]));
  const counts: Record<string, number> = {};
  for (const row of sources) counts[row.state] = (counts[row.state] ?? 0) + 1;
  return { generatedAt: now.toISOString(), lastRun: state.lastRun, counts, sources };
}

function statusRow(source: ResolvedConfig['sources'][number], state: SourceState | undefined): SourceStatusRow {
  const stats = state?.stats;
  const moved = state && state.fetchUrl !== state.configUrl;
  return {
    id: source.id,
    title: source.title ?? state?.title ?? source.id,
    state: !source.enabled ? 'disabled' : (state?.status ?? 'new'),
    url: redactUrl(source.url),
    fetchUrl: redactUrl(state?.fetchUrl ?? source.location),
    suggestion: moved ? `the feed moved permanently: set sources[id=${source.id}].url to "${redactUrl(state.fetchUrl)}"` : null,
    proposal: state?.discovered
      ? `the feed answers 404; its site ${redactUrl(state.siteLink ?? '')} advertises ${redactUrl(state.discovered)}: set sources[id=${source.id}].url to "${redactUrl(state.discovered)}"`
      : null,
    lastFetchAt: state?.lastFetchAt ?? null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastError: state?.lastError ? redactFields(state.lastError) : null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    nextDueAt: state?.nextDueAt ?? null,
    polls: stats?.polls ?? 0,
    unchangedShare: stats && stats.polls > 0 ? (stats.notModified + stats.unchanged) / stats.polls : null,
    bytesSaved: stats?.bytesSaved ?? 0,
    medianFetchMs: stats && stats.fetchMs.length > 0 ? median(stats.fetchMs) : null,
    warnings: (state?.warnings ?? []).map(redactUrlsInText),
    itemsStored: state?.items?.stored ?? null,
    itemsPerWeek: state?.items?.perWeek ?? null,
    fetchedBy: state?.fetchedBy ?? null,
  };
}

const COUNT_WEEKS = 4;

/** The dates `itemsPerWeek` counts over (ISO strings, so the store can compare them in an index). */
export function itemCountWindow(now: Date): { since: string; until: string } {
  return { since: new Date(now.getTime() - COUNT_WEEKS * 7 * 86_400_000).toISOString(), until: now.toISOString() };
}

/** The source's item counts for `status`, from ItemStore.countsBySource over itemCountWindow; no entry means no items. */
export function withItemCounts(state: SourceState, counts: SourceItemCounts | undefined): SourceState {
  const next = { stored: counts?.stored ?? 0, perWeek: Math.round(((counts?.recent ?? 0) / COUNT_WEEKS) * 10) / 10 };
  return state.items?.stored === next.stored && state.items.perWeek === next.perWeek ? state : { ...state, items: next };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Every string field of a recorded error (message, where) with its URLs redacted. */
function redactFields<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? redactUrlsInText(value) : value])) as T;
}
