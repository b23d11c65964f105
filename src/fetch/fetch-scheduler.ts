/**
 * Politeness and isolation for a run's fetches: a global concurrency limit, and per host its own
 * queue with a concurrency limit and a minimum gap between requests (start to start, and end to
 * next start), so one slow host never holds the global slots of the others (issue 2 "Fetching").
 * A task takes its host slot first and the global slot only when it may start.
 *
 * Cool-down (429/503 Retry-After, R15): a cooled host's tasks wait when the cool-down ends within
 * `maxCoolDownWaitMs`; otherwise they reject at once with E_RATE_LIMITED carrying the time left,
 * so the pipeline records "rate-limited" with a next-due time instead of stalling the run.
 *
 * `clear()` (run budget spent, R50) rejects every task that has not started with E_BUDGET;
 * running tasks are cancelled through their own AbortSignal by the caller.
 */
import PQueue from 'p-queue';
import { FeedloomError } from '../core/errors.js';

export interface FetchSchedulerOptions {
  concurrency: number;
  perHostConcurrency: number;
  hostGapMs: number;
  /** Epoch-millisecond clock; `coolDownHost(host, untilMs)` is read on the same clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Longest a task waits for a host's cool-down before rejecting with E_RATE_LIMITED (default 60 s). */
  maxCoolDownWaitMs?: number;
}

export interface FetchScheduler {
  schedule<T>(url: string, task: () => Promise<T>): Promise<T>;
  /** No task for `host` (a host name, or any URL on it) starts before `untilMs`. */
  coolDownHost(host: string, untilMs: number): void;
  onIdle(): Promise<void>;
  clear(): void;
}

const DEFAULT_MAX_COOL_DOWN_WAIT_MS = 60_000;

/** Hosts are keyed by name (no port): politeness is owed to the machine, not to one port on it. */
export function hostKey(urlOrHost: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(urlOrHost)) {
    try {
      return new URL(urlOrHost).hostname.toLowerCase();
    } catch {
      // Not a URL after all: key it as written.
    }
  }
  return urlOrHost.toLowerCase().replace(/:\d+$/, '');
}

function requirePositiveInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`Expected \`${name}\` to be an integer from ${min} and up, got \`${value}\``);
  }
}

export function createFetchScheduler(options: FetchSchedulerOptions): FetchScheduler {
  requirePositiveInteger('concurrency', options.concurrency, 1);
  requirePositiveInteger('perHostConcurrency', options.perHostConcurrency, 1);
  requirePositiveInteger('hostGapMs', options.hostGapMs, 0);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxWait = options.maxCoolDownWaitMs ?? DEFAULT_MAX_COOL_DOWN_WAIT_MS;
  const global = new PQueue({ concurrency: options.concurrency });
  const hosts = new Map<string, { queue: PQueue; nextStartMs: number; coolUntilMs: number }>();
  const waiting = new Set<(error: FeedloomError) => void>();
  let generation = 0;

  const hostState = (key: string) => {
    let state = hosts.get(key);
    if (!state) {
      state = { queue: new PQueue({ concurrency: options.perHostConcurrency }), nextStartMs: 0, coolUntilMs: 0 };
      hosts.set(key, state);
    }
    return state;
  };

  const budgetSpent = (url: string) => new FeedloomError('E_BUDGET', 'not fetched: the run stopped scheduling fetches', { where: url });

  function schedule<T>(url: string, task: () => Promise<T>): Promise<T> {
    const key = hostKey(url);
    const host = hostState(key);
    const myGeneration = generation;
    return new Promise<T>((resolve, reject) => {
      const cancel = (error: FeedloomError) => reject(error);
      waiting.add(cancel);
      const run = async (): Promise<void> => {
        // Wait for the host's gap and cool-down while holding only the host slot.
        for (;;) {
          if (generation !== myGeneration) throw budgetSpent(url);
          const at = now();
          const coolLeft = host.coolUntilMs - at;
          if (coolLeft > maxWait) {
            throw new FeedloomError('E_RATE_LIMITED', `the host asked for a pause; not fetched this run`, { where: url, retryAfterMs: coolLeft });
          }
          const startAt = Math.max(host.nextStartMs, host.coolUntilMs);
          if (startAt <= at) break;
          await sleep(startAt - at);
        }
        host.nextStartMs = now() + options.hostGapMs;
        try {
          await global.add(async () => {
            if (generation !== myGeneration) throw budgetSpent(url);
            waiting.delete(cancel);
            resolve(await task());
          });
        } finally {
          // The gap also runs from the end of a request: a start-to-start gap shrinks at the host
          // by however long the first request took to connect (seen as 295 ms for a 400 ms gap).
          host.nextStartMs = Math.max(host.nextStartMs, now() + options.hostGapMs);
        }
      };
      host.queue.add(run).catch((error: unknown) => {
        waiting.delete(cancel);
        reject(error);
      });
    });
  }

  return {
    schedule,
    coolDownHost(host, untilMs) {
      const state = hostState(hostKey(host));
      state.coolUntilMs = Math.max(state.coolUntilMs, untilMs);
    },
    async onIdle() {
      while (global.size + global.pending > 0 || [...hosts.values()].some((h) => h.queue.size + h.queue.pending > 0)) {
        await Promise.all([global.onIdle(), ...[...hosts.values()].map((h) => h.queue.onIdle())]);
      }
    },
    clear() {
      // p-queue's own clear() would leave the dropped tasks' promises pending for ever; bumping the
      // generation instead makes every queued task end at once when it reaches the front.
      generation += 1;
      for (const cancel of waiting) cancel(new FeedloomError('E_BUDGET', 'not fetched: the run stopped scheduling fetches'));
      waiting.clear();
    },
  };
}
