/**
 * Retries within a run (R16, issue 2 "Fetching"): exponential backoff with full jitter on network
 * errors and 5xx, Retry-After as a floor, and no retry for 429 or other 4xx (R15).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchWithRetry } from '../../src/fetch/retry.js';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { expectFailure, testPolicy } from './fetch-test-kit.js';

let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

function flaky(query: Record<string, string | number>): { url: string; key: string } {
  const key = randomUUID();
  const params = new URLSearchParams({ key, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
  return { key, url: `${server.origin}/flaky?${params}` };
}

describe('fetchWithRetry', () => {
  test('R16 5xx is retried with exponential backoff and full jitter until it succeeds', async () => {
    const { url, key } = flaky({ fail: 2, status: 502 });
    const { sleep, delays } = recordingSleep();
    const outcome = await fetchWithRetry({ url }, testPolicy(server.hostPort), { retries: 3, baseMs: 100, sleep, random: () => 0.5 });
    expect(outcome.kind).toBe('fetched');
    // attempt n waits random · base · 2ⁿ: 0.5·100·1, 0.5·100·2
    expect(delays).toEqual([50, 100]);
    expect(server.hits(`/flaky?key=${key}`)).toHaveLength(3);
  });

  test('R16 a connection reset is retried', async () => {
    const { url } = flaky({ fail: 1, status: 'reset' });
    const { sleep, delays } = recordingSleep();
    const outcome = await fetchWithRetry({ url }, testPolicy(server.hostPort), { retries: 2, baseMs: 10, sleep, random: () => 1 });
    expect(outcome.kind).toBe('fetched');
    expect(delays).toEqual([10]);
  });

  test('R16 gives up after the configured retries with the last error', async () => {
    const { url, key } = flaky({ fail: 10, status: 500 });
    const { sleep } = recordingSleep();
    const { error } = await expectFailure(() => fetchWithRetry({ url }, testPolicy(server.hostPort), { retries: 2, baseMs: 10, sleep }));
    expect(error.code).toBe('E_HTTP_STATUS');
    expect(error.status).toBe(500);
    expect(server.hits(`/flaky?key=${key}`)).toHaveLength(3);
  });

  test('R16 a 503 Retry-After is a floor under the jittered delay', async () => {
    const { url } = flaky({ fail: 1, status: 503, after: 2 });
    const { sleep, delays } = recordingSleep();
    const outcome = await fetchWithRetry({ url }, testPolicy(server.hostPort), { retries: 2, baseMs: 100, sleep, random: () => 0.1 });
    expect(outcome.kind).toBe('fetched');
    expect(delays).toEqual([2_000]);
  });

  test('issue 15, defect 4: with a retryTurn, each retry waits for it (given the backoff), and a refused turn ends the attempts', async () => {
    const { url, key } = flaky({ fail: 10, status: 500 });
    const asked: number[] = [];
    const { error } = await expectFailure(() =>
      fetchWithRetry({ url }, testPolicy(server.hostPort), { retries: 3, baseMs: 100, random: () => 0.5, retryTurn: async (delayMs) => asked.push(delayMs) < 2 }),
    );
    expect(error.code).toBe('E_HTTP_STATUS');
    expect(asked).toEqual([50, 100]);
    expect(server.hits(`/flaky?key=${key}`)).toHaveLength(2);
  });

  test('R16 a Retry-After longer than maxDelayMs ends the attempts instead of waiting', async () => {
    const { url, key } = flaky({ fail: 1, status: 503, after: 3600 });
    const { sleep, delays } = recordingSleep();
    const { error } = await expectFailure(() => fetchWithRetry({ url }, testPolicy(server.hostPort), { retries: 2, baseMs: 100, sleep, maxDelayMs: 30_000 }));
    expect(error.code).toBe('E_RATE_LIMITED');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(delays).toEqual([]);
    expect(server.hits(`/flaky?key=${key}`)).toHaveLength(1);
  });

  test.each([429, 404, 410, 403])('R15 status %i is not retried', async (status) => {
    const { url, key } = flaky({ fail: 1, status, after: 1 });
    const { sleep, delays } = recordingSleep();
    await expectFailure(() => fetchWithRetry({ url }, testPolicy(server.hostPort), { retries: 3, baseMs: 10, sleep }));
    expect(delays).toEqual([]);
    expect(server.hits(`/flaky?key=${key}`)).toHaveLength(1);
  });

  test('a timeout is not retried: each attempt already had the whole deadline', async () => {
    const { sleep, delays } = recordingSleep();
    const { error } = await expectFailure(() =>
      fetchWithRetry({ url: `${server.origin}/hang-headers` }, testPolicy(server.hostPort, { timeoutMs: 300 }), { retries: 3, baseMs: 10, sleep }),
    );
    expect(error.code).toBe('E_TIMEOUT');
    expect(delays).toEqual([]);
  });
});
