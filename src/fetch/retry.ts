/**
 * Retries within one run: exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter") on transient transport failures and 5xx, with Retry-After as a floor (R16).
 *
 * Not retried: 4xx and 429 (the host asked us to stay away; R15 says no retry this run), policy and
 * body errors (the same bytes come back), and E_TIMEOUT: each attempt already had the whole
 * deadline, and a hung host retried would cost the run budget several deadlines over.
 */
import { FeedloomError, isFeedloomError } from '../core/errors.js';
import { fetchFeed, type FetchOutcome, type FetchRequest } from './fetch-feed.js';
import type { RetryTurn } from './fetch-scheduler.js';
import type { FetchPolicy } from './policy.js';

export interface RetryOptions {
  /** Retries after the first attempt (0 = one attempt). */
  retries: number;
  /** Backoff base: attempt n waits a random time in [0, baseMs · 2ⁿ). */
  baseMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Give up instead of waiting longer than this for one retry (a long Retry-After ends the run's attempts). */
  maxDelayMs?: number;
  /**
   * Waits out a retry's delay and the host's turn (fetch-scheduler.ts: its gap and cool-down), in
   * place of `sleep`; false ends the attempts. A retry is a request to the host like any other.
   */
  retryTurn?: RetryTurn;
}

const RETRIED_CODES = new Set(['E_NETWORK', 'E_DNS', 'E_TRUNCATED', 'E_PROTOCOL']);
const DEFAULT_MAX_DELAY_MS = 30_000;

function isRetryable(error: unknown): boolean {
  if (!isFeedloomError(error)) return false;
  if (RETRIED_CODES.has(error.code)) return true;
  return (error.code === 'E_HTTP_STATUS' || error.code === 'E_RATE_LIMITED') && error.status !== undefined && error.status >= 500;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function fetchWithRetry(request: FetchRequest, policy: FetchPolicy, options: RetryOptions): Promise<FetchOutcome> {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetchFeed(request, policy);
    } catch (error) {
      if (attempt >= options.retries || !isRetryable(error) || request.signal?.aborted) throw error;
      const jitter = Math.floor(random() * options.baseMs * 2 ** attempt);
      const delay = Math.max(jitter, (error as FeedloomError).retryAfterMs ?? 0);
      if (delay > maxDelayMs) throw error;
      if (options.retryTurn) {
        if (!(await options.retryTurn(delay))) throw error;
      } else {
        await sleep(delay);
      }
      if (request.signal?.aborted) throw error;
    }
  }
}
