/**
 * How one fetch changes a source's state: status, validators, failure counts, next-due time,
 * confirmed moves, retirement, and the health events an operator is told about. Pure.
 *
 * - A 301/308 moves the source only when seen on two consecutive fetches (a one-off misconfigured
 *   redirect must not lose the feed); 302/307 never do.
 * - 410 Gone retires the source at once (its items stay until retention removes them).
 * - Repeated failures (default 10 spanning at least 3 days, as FreshRSS#3561 proposes) mark it
 *   dead; a dead source is re-probed weekly and comes back by itself when it answers.
 */
import { DAY_MS, DEFAULTS } from '../config/defaults.js';
import { ERROR_CODES, type FeedloomError } from '../core/errors.js';
import type { CacheHints, HealthEvent, PollingHints, RedirectRecord, SourceState, SourceStatus } from '../core/types.js';
import { computeNextDue, failureDelay } from './next-due.js';

const DEAD_REPROBE_MS = 7 * DAY_MS;
const FETCH_MS_KEPT = 20;
const REDIRECTS_KEPT = 20;

export interface FetchMeta {
  finalUrl: string;
  permanentRedirect: string | null;
  redirects: RedirectRecord[];
  cache: CacheHints;
  durationMs: number;
}

export type FetchReport =
  | (FetchMeta & { kind: 'not-modified' })
  | (FetchMeta & {
      kind: 'fetched';
      /** True when the body hash matched the last one (a server ignoring validators). */
      unchanged: boolean;
      bytes: number;
      bodyHash: string;
      etag: string | null;
      lastModified: string | null;
      hints: PollingHints | null;
      title: string | null;
      siteLink: string | null;
      warnings: string[];
    })
  | { kind: 'failed'; error: FeedloomError; durationMs: number };

export interface LifecycleContext {
  now: Date;
  intervalMs: number | 'auto';
  postingDates: string[];
  deadAfterFailures?: number;
  deadAfterDays?: number;
  random?: () => number;
}

export function newSourceState(id: string, url: string): SourceState {
  return {
    id,
    fetchUrl: url,
    configUrl: url,
    status: 'new',
    etag: null,
    lastModified: null,
    bodyHash: null,
    lastFetchAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    firstFailureAt: null,
    nextDueAt: null,
    pendingRedirect: null,
    redirects: [],
    title: null,
    siteLink: null,
    hints: null,
    warnings: [],
    stats: { polls: 0, notModified: 0, unchanged: 0, bytesFetched: 0, bytesSaved: 0, lastBodyBytes: 0, fetchMs: [] },
  };
}

/** A source whose configured URL changed is a new feed: start its state afresh. */
export function reconcileSourceState(existing: SourceState | undefined, id: string, url: string): SourceState {
  if (!existing || existing.configUrl !== url) return newSourceState(id, url);
  return existing;
}

/**
 * `force` (run --force) skips the intervals we chose, never a pause the host asked for: a
 * rate-limited source waits out its Retry-After (or its backoff after a 429/503) even then
 * (issue 15, defect 3).
 */
export function isDue(state: SourceState, now: Date, force: boolean): boolean {
  if (state.status === 'gone') return false;
  if (force && state.status !== 'dead' && state.status !== 'rate-limited') return true;
  return state.nextDueAt === null || Date.parse(state.nextDueAt) <= now.getTime();
}

/**
 * The hosts still cooling down after a 429/503, as the feed URLs of their rate-limited sources and
 * when the pause ends: a host that asked for an hour is not asked again within it for another of
 * its feeds, whether in this run or a later one, forced or not.
 */
export function hostPausesOf(states: Iterable<SourceState>, now: Date): Array<{ url: string; untilMs: number }> {
  const pauses: Array<{ url: string; untilMs: number }> = [];
  for (const state of states) {
    if (state.status !== 'rate-limited' || state.nextDueAt === null || !/^https?:/i.test(state.fetchUrl)) continue;
    const untilMs = Date.parse(state.nextDueAt);
    if (untilMs > now.getTime()) pauses.push({ url: state.fetchUrl, untilMs });
  }
  return pauses;
}

export function recordFetch(previous: SourceState, report: FetchReport, context: LifecycleContext): { state: SourceState; events: HealthEvent[] } {
  const now = context.now;
  const at = now.toISOString();
  const events: HealthEvent[] = [];
  const event = (kind: HealthEvent['kind'], message: string) => events.push({ at, sourceId: previous.id, kind, message });
  const stats = { ...previous.stats, polls: previous.stats.polls + 1, fetchMs: [...previous.stats.fetchMs, Math.round(report.durationMs)].slice(-FETCH_MS_KEPT) };
  const state: SourceState = { ...previous, lastFetchAt: at, stats };

  if (report.kind === 'failed') return recordFailure(state, previous, report.error, context, event, events);

  const wasBroken = ['failing', 'dead', 'rate-limited', 'needs-operator'].includes(previous.status);
  if (wasBroken) event('recovered', `answering again after ${previous.consecutiveFailures} failed fetch(es)`);
  state.consecutiveFailures = 0;
  state.firstFailureAt = null;
  state.lastSuccessAt = at;
  applyRedirects(state, previous, report, at, event);

  if (report.kind === 'not-modified') {
    stats.notModified += 1;
    stats.bytesSaved += previous.stats.lastBodyBytes;
    state.status = state.fetchUrl !== state.configUrl ? 'moved' : 'not-modified';
  } else {
    stats.bytesFetched += report.bytes;
    if (report.unchanged) {
      stats.unchanged += 1;
      stats.bytesSaved += report.bytes;
    }
    stats.lastBodyBytes = report.bytes;
    state.etag = report.etag;
    state.lastModified = report.lastModified;
    state.bodyHash = report.bodyHash;
    if (report.hints) state.hints = report.hints;
    if (report.title) state.title = report.title;
    if (report.siteLink) state.siteLink = report.siteLink;
    state.warnings = report.warnings;
    state.status = state.fetchUrl !== state.configUrl ? 'moved' : 'ok';
  }
  state.nextDueAt = computeNextDue({
    now,
    intervalMs: context.intervalMs,
    hints: state.hints,
    cache: report.cache,
    postingDates: context.postingDates,
  }).toISOString();
  return { state, events };
}

function applyRedirects(state: SourceState, previous: SourceState, report: FetchMeta, at: string, event: (kind: HealthEvent['kind'], message: string) => void): void {
  const target = report.permanentRedirect;
  if (target === null || target === state.fetchUrl) {
    state.pendingRedirect = null;
    return;
  }
  if (previous.pendingRedirect === target) {
    state.redirects = [...previous.redirects, { from: state.fetchUrl, to: target, status: 301, at }].slice(-REDIRECTS_KEPT);
    state.fetchUrl = target;
    state.pendingRedirect = null;
    event('moved', `moved permanently to ${target}; update the config's url (it is fetched from the new URL meanwhile)`);
  } else {
    state.pendingRedirect = target;
  }
}

function recordFailure(
  state: SourceState,
  previous: SourceState,
  error: FeedloomError,
  context: LifecycleContext,
  event: (kind: HealthEvent['kind'], message: string) => void,
  events: HealthEvent[],
): { state: SourceState; events: HealthEvent[] } {
  const now = context.now;
  const at = now.toISOString();
  state.lastError = { code: error.code, message: error.toLine(), at };
  state.consecutiveFailures = previous.consecutiveFailures + 1;
  state.firstFailureAt = previous.firstFailureAt ?? at;
  const base = context.intervalMs === 'auto' ? DEFAULTS.minIntervalMs * 6 : context.intervalMs;
  let delay = failureDelay(state.consecutiveFailures, base, context.random);
  let status: SourceStatus;

  const failingFor = now.getTime() - Date.parse(state.firstFailureAt);
  const deadAfterFailures = context.deadAfterFailures ?? DEFAULTS.deadAfterFailures;
  const deadAfterMs = (context.deadAfterDays ?? DEFAULTS.deadAfterDays) * DAY_MS;

  if (error.code === 'E_GONE') {
    status = 'gone';
    delay = DEAD_REPROBE_MS;
  } else if (error.code === 'E_RATE_LIMITED') {
    status = 'rate-limited';
    delay = Math.max(error.retryAfterMs ?? delay, 0);
  } else if (state.consecutiveFailures >= deadAfterFailures && failingFor >= deadAfterMs) {
    status = 'dead';
    delay = DEAD_REPROBE_MS;
  } else if (ERROR_CODES[error.code] === 'operator' || ERROR_CODES[error.code] === 'config') {
    status = 'needs-operator';
  } else {
    status = 'failing';
  }
  state.status = status;
  state.nextDueAt = new Date(now.getTime() + Math.min(delay, status === 'dead' || status === 'gone' ? DEAD_REPROBE_MS : DEFAULTS.maxIntervalMs)).toISOString();

  if (status !== previous.status) {
    const messages: Record<string, string> = {
      gone: 'the server answered 410 Gone: the source is retired (its items stay until retention removes them)',
      dead: `dead after ${state.consecutiveFailures} consecutive failures since ${state.firstFailureAt}; re-probed weekly`,
      'rate-limited': `rate-limited by the host; next attempt ${state.nextDueAt}`,
      'needs-operator': `needs the operator: ${error.toLine()}`,
      failing: `started failing: ${error.toLine()}`,
    };
    if (!(status === 'failing' && previous.status === 'dead')) event(status as HealthEvent['kind'], messages[status]);
  }
  return { state, events };
}
