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
 * A task's retries take turns too (`RetryTurn`): a retry waits the host's gap from the failed
 * attempt's end and any cool-down, like a new request would (issue 15, defect 4: retries came
 * 570-600 ms apart under a 1 s gap, since they ran inside one task's turn).
 *
 * `clear()` (run budget spent, R50) rejects every task that has not started with E_BUDGET;
 * running tasks are cancelled through their own AbortSignal by the caller.
 *
 * Plain arrays and counters rather than two layers of p-queue (issue 7): a warm run schedules
 * 1,000 fetches that each end in a 304, and the queue bookkeeping was a visible share of its CPU.
 */
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
  /**
   * Politeness shared with other processes (the postgres store's host rows): every task also waits
   * for a slot of its host here, after this process's own limits let it start.
   */
  gate?: HostGate;
}

/** A host's concurrency, gap and cool-down enforced across processes. */
export interface HostGate {
  /** Resolves with a release once `url`'s host may be asked; rejects with E_RATE_LIMITED past the longest wait. */
  acquire(url: string): Promise<() => Promise<void>>;
  /** The host asked for a pause (Retry-After) of this long, from now. */
  coolDown(host: string, forMs: number): Promise<void>;
}

/**
 * Waits until a running task may ask its host again: `delayMs` from now (the retry's backoff), the
 * host's gap from now (the failed attempt just ended) and any cool-down. False, at once, when the
 * host is cooled down for longer than the scheduler waits: it is not to be asked again this run.
 */
export type RetryTurn = (delayMs: number) => Promise<boolean>;

export interface FetchScheduler {
  schedule<T>(url: string, task: (retryTurn: RetryTurn) => Promise<T>): Promise<T>;
  /** No task for `host` (a host name, or any URL on it) starts before `untilMs`. */
  coolDownHost(host: string, untilMs: number): void;
  onIdle(): Promise<void>;
  clear(): void;
}

const DEFAULT_MAX_COOL_DOWN_WAIT_MS = 60_000;

/** Hosts are keyed by name (no port): politeness is owed to the machine, not to one port on it. */
export function hostKey(urlOrHost: string): string {
  if (!URL_LIKE.test(urlOrHost)) return urlOrHost.toLowerCase().replace(/:\d+$/, '');
  // Cached by everything before the path: two URLs that agree up to there share their authority.
  const slash = urlOrHost.indexOf('/', urlOrHost.indexOf('//') + 2);
  const prefix = slash < 0 ? urlOrHost : urlOrHost.slice(0, slash);
  let key = hostKeys.get(prefix);
  if (key === undefined) {
    try {
      key = new URL(urlOrHost).hostname.toLowerCase();
    } catch {
      // Not a URL after all: key it as written.
      return urlOrHost.toLowerCase().replace(/:\d+$/, '');
    }
    if (hostKeys.size < HOST_KEYS_KEPT) hostKeys.set(prefix, key);
  }
  return key;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const HOST_KEYS_KEPT = 10_000;
const hostKeys = new Map<string, string>();

function requirePositiveInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`Expected \`${name}\` to be an integer from ${min} and up, got \`${value}\``);
  }
}

interface Job {
  url: string;
  task: (retryTurn: RetryTurn) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface HostState {
  queue: Job[];
  active: number;
  nextStartMs: number;
  coolUntilMs: number;
  /** A wake-up for the host's gap or cool-down is pending. */
  waking: boolean;
}

/** Runs `task`, then `release` whatever the task's outcome, and settles as the task did. */
async function settleThen<T>(task: () => Promise<T>, release: () => Promise<void>): Promise<T> {
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
  }
}

export function createFetchScheduler(options: FetchSchedulerOptions): FetchScheduler {
  requirePositiveInteger('concurrency', options.concurrency, 1);
  requirePositiveInteger('perHostConcurrency', options.perHostConcurrency, 1);
  requirePositiveInteger('hostGapMs', options.hostGapMs, 0);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxWait = options.maxCoolDownWaitMs ?? DEFAULT_MAX_COOL_DOWN_WAIT_MS;
  const gap = options.hostGapMs;
  const hosts = new Map<string, HostState>();
  /** Tasks holding their host slot, waiting for a global one, in arrival order. */
  const waitingForSlot: Array<{ job: Job; host: HostState }> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  const hostState = (key: string): HostState => {
    let state = hosts.get(key);
    if (!state) {
      state = { queue: [], active: 0, nextStartMs: 0, coolUntilMs: 0, waking: false };
      hosts.set(key, state);
    }
    return state;
  };

  const isIdle = () => running === 0 && waitingForSlot.length === 0 && [...hosts.values()].every((h) => h.queue.length === 0 && h.active === 0);
  const settleIdle = () => {
    if (idleWaiters.length === 0 || !isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  /** Start what the host's limit, gap and cool-down allow; wake up later for the rest. */
  const pumpHost = (host: HostState): void => {
    while (host.queue.length > 0 && host.active < options.perHostConcurrency) {
      const at = now();
      const coolLeft = host.coolUntilMs - at;
      if (coolLeft > maxWait) {
        const job = host.queue.shift()!;
        job.reject(new FeedloomError('E_RATE_LIMITED', `the host asked for a pause; not fetched this run`, { where: job.url, retryAfterMs: coolLeft }));
        continue;
      }
      const startAt = Math.max(host.nextStartMs, host.coolUntilMs);
      if (startAt > at) {
        if (!host.waking) {
          host.waking = true;
          void sleep(startAt - at).then(() => {
            host.waking = false;
            pumpHost(host);
          });
        }
        return;
      }
      const job = host.queue.shift()!;
      host.active += 1;
      host.nextStartMs = at + gap;
      if (running < options.concurrency) start(job, host);
      else waitingForSlot.push({ job, host });
    }
    settleIdle();
  };

  const retryTurn = async (host: HostState, delayMs: number): Promise<boolean> => {
    const ended = now();
    host.nextStartMs = Math.max(host.nextStartMs, ended + gap);
    for (;;) {
      const at = now();
      if (host.coolUntilMs - at > maxWait) return false;
      const startAt = Math.max(ended + delayMs, host.nextStartMs, host.coolUntilMs);
      if (startAt <= at) break;
      await sleep(startAt - at);
    }
    host.nextStartMs = now() + gap;
    return true;
  };

  const start = (job: Job, host: HostState): void => {
    running += 1;
    let outcome: Promise<unknown>;
    const task = () => job.task((delayMs) => retryTurn(host, delayMs));
    try {
      const gate = options.gate;
      outcome = gate ? gate.acquire(job.url).then((release) => settleThen(task, release)) : task();
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(job.resolve, job.reject).finally(() => {
      running -= 1;
      host.active -= 1;
      // The gap also runs from the end of a request: a start-to-start gap shrinks at the host
      // by however long the first request took to connect (seen as 295 ms for a 400 ms gap).
      if (gap > 0) host.nextStartMs = Math.max(host.nextStartMs, now() + gap);
      const next = waitingForSlot.shift();
      if (next) start(next.job, next.host);
      pumpHost(host);
      settleIdle();
    });
  };

  return {
    schedule<T>(url: string, task: (retryTurn: RetryTurn) => Promise<T>): Promise<T> {
      const host = hostState(hostKey(url));
      return new Promise<T>((resolve, reject) => {
        host.queue.push({ url, task, resolve: resolve as (value: unknown) => void, reject });
        pumpHost(host);
      });
    },
    coolDownHost(host, untilMs) {
      const state = hostState(hostKey(host));
      state.coolUntilMs = Math.max(state.coolUntilMs, untilMs);
      void options.gate?.coolDown(hostKey(host), untilMs - now()).catch(() => undefined);
    },
    onIdle() {
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    clear() {
      const spent = () => new FeedloomError('E_BUDGET', 'not fetched: the run stopped scheduling fetches');
      for (const { job, host } of waitingForSlot.splice(0)) {
        host.active -= 1;
        job.reject(spent());
      }
      for (const host of hosts.values()) for (const job of host.queue.splice(0)) job.reject(spent());
      settleIdle();
    },
  };
}
