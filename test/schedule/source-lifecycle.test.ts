import { describe, expect, it } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { hostPausesOf, isDue, newSourceState, reconcileSourceState, recordFetch, type FetchReport } from '../../src/schedule/source-lifecycle.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = new Date('2026-11-01T00:00:00Z');
const meta = { finalUrl: 'https://a.example/feed', permanentRedirect: null, redirects: [], cache: { maxAgeMs: null, expiresAt: null }, durationMs: 40 };
const fetched = (overrides: Partial<Extract<FetchReport, { kind: 'fetched' }>> = {}): FetchReport => ({
  kind: 'fetched',
  ...meta,
  unchanged: false,
  bytes: 5000,
  bodyHash: 'h1',
  etag: '"v1"',
  lastModified: null,
  hints: null,
  title: 'A',
  siteLink: 'https://a.example/',
  warnings: [],
  ...overrides,
});
const failed = (code: ConstructorParameters<typeof FeedloomError>[0], options: { retryAfterMs?: number } = {}): FetchReport => ({
  kind: 'failed',
  error: new FeedloomError(code, 'boom', { where: 'https://a.example/feed', ...options }),
  durationMs: 10,
});
const context = (now: Date) => ({ now, intervalMs: HOUR, postingDates: [], random: () => 1 });

describe('source lifecycle', () => {
  it('a successful fetch stores validators and schedules the next poll', () => {
    const { state, events } = recordFetch(newSourceState('a', 'https://a.example/feed'), fetched(), context(start));
    expect(state).toMatchObject({ status: 'ok', etag: '"v1"', bodyHash: 'h1', consecutiveFailures: 0, lastSuccessAt: start.toISOString() });
    expect(state.nextDueAt).toBe(new Date(start.getTime() + HOUR).toISOString());
    expect(events).toEqual([]);
  });

  it('counts 304s and unchanged bodies with the bytes they saved', () => {
    let state = recordFetch(newSourceState('a', 'https://a.example/feed'), fetched(), context(start)).state;
    state = recordFetch(state, { kind: 'not-modified', ...meta }, context(new Date(start.getTime() + HOUR))).state;
    state = recordFetch(state, fetched({ unchanged: true }), context(new Date(start.getTime() + 2 * HOUR))).state;
    expect(state.stats).toMatchObject({ polls: 3, notModified: 1, unchanged: 1, bytesSaved: 10_000 });
    expect(state.status).toBe('ok');
  });

  it('a 301 moves the source only when seen on two consecutive fetches', () => {
    const moved = { ...meta, permanentRedirect: 'https://b.example/feed', finalUrl: 'https://b.example/feed' };
    let result = recordFetch(newSourceState('a', 'https://a.example/feed'), fetched(moved), context(start));
    expect(result.state.fetchUrl).toBe('https://a.example/feed');
    expect(result.state.pendingRedirect).toBe('https://b.example/feed');
    result = recordFetch(result.state, fetched(moved), context(new Date(start.getTime() + HOUR)));
    expect(result.state.fetchUrl).toBe('https://b.example/feed');
    expect(result.state.status).toBe('moved');
    expect(result.state.redirects).toHaveLength(1);
    expect(result.events.map((event) => event.kind)).toEqual(['moved']);
  });

  it('R17 410 Gone retires the source at once and it is no longer due, even with --force', () => {
    const { state, events } = recordFetch(newSourceState('a', 'https://a.example/feed'), failed('E_GONE'), context(start));
    expect(state.status).toBe('gone');
    expect(events.map((event) => event.kind)).toEqual(['gone']);
    expect(isDue(state, new Date(start.getTime() + 30 * DAY), true)).toBe(false);
  });

  it('R15 429 with Retry-After reads "rate-limited" and waits as asked', () => {
    const { state } = recordFetch(newSourceState('a', 'https://a.example/feed'), failed('E_RATE_LIMITED', { retryAfterMs: 2 * HOUR }), context(start));
    expect(state.status).toBe('rate-limited');
    expect(state.nextDueAt).toBe(new Date(start.getTime() + 2 * HOUR).toISOString());
  });

  it('issue 15, defect 3: --force skips our intervals, never the wait a host asked for', () => {
    const limited = recordFetch(newSourceState('a', 'https://a.example/feed'), failed('E_RATE_LIMITED', { retryAfterMs: 2 * HOUR }), context(start)).state;
    expect(isDue(limited, new Date(start.getTime() + HOUR), true)).toBe(false);
    expect(isDue(limited, new Date(start.getTime() + 2 * HOUR), true)).toBe(true);
    const polled = recordFetch(newSourceState('b', 'https://b.example/feed'), fetched(), context(start)).state;
    expect(isDue(polled, new Date(start.getTime() + 1), false)).toBe(false);
    expect(isDue(polled, new Date(start.getTime() + 1), true)).toBe(true);
  });

  it('the hosts still paused are those of rate-limited sources whose wait has not ended', () => {
    const limited = recordFetch(newSourceState('a', 'https://a.example/feed'), failed('E_RATE_LIMITED', { retryAfterMs: 2 * HOUR }), context(start)).state;
    const failing = recordFetch(newSourceState('b', 'https://b.example/feed'), failed('E_NETWORK'), context(start)).state;
    expect(hostPausesOf([limited, failing], new Date(start.getTime() + HOUR))).toEqual([{ url: 'https://a.example/feed', untilMs: start.getTime() + 2 * HOUR }]);
    expect(hostPausesOf([limited, failing], new Date(start.getTime() + 2 * HOUR))).toEqual([]);
  });

  it('R17 marks a source dead after 10 failures spanning 3 days, and it recovers by itself', () => {
    let state = newSourceState('a', 'https://a.example/feed');
    const kinds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const result = recordFetch(state, failed('E_NOT_FOUND'), context(new Date(start.getTime() + i * 8 * HOUR)));
      state = result.state;
      kinds.push(...result.events.map((event) => event.kind));
    }
    expect(state.consecutiveFailures).toBe(10);
    expect(state.status).toBe('dead');
    expect(kinds).toEqual(['failing', 'dead']);
    const reprobe = Date.parse(state.nextDueAt!) - Date.parse(state.lastFetchAt!);
    expect(reprobe).toBe(7 * DAY);
    const back = recordFetch(state, fetched(), context(new Date(start.getTime() + 20 * DAY)));
    expect(back.state.status).toBe('ok');
    expect(back.events.map((event) => event.kind)).toEqual(['recovered']);
  });

  it('ten quick failures within a day are failing, not dead', () => {
    let state = newSourceState('a', 'https://a.example/feed');
    for (let i = 0; i < 10; i++) state = recordFetch(state, failed('E_TIMEOUT'), context(new Date(start.getTime() + i * HOUR))).state;
    expect(state.status).toBe('failing');
  });

  it('R18 401/403 and TLS errors need the operator', () => {
    expect(recordFetch(newSourceState('a', 'u'), failed('E_AUTH'), context(start)).state.status).toBe('needs-operator');
    expect(recordFetch(newSourceState('a', 'u'), failed('E_TLS'), context(start)).state.status).toBe('needs-operator');
  });

  it('a changed config URL starts the source afresh', () => {
    const state = recordFetch(newSourceState('a', 'https://a.example/feed'), failed('E_GONE'), context(start)).state;
    expect(reconcileSourceState(state, 'a', 'https://a.example/feed')).toBe(state);
    expect(reconcileSourceState(state, 'a', 'https://a.example/new-feed').status).toBe('new');
  });
});
