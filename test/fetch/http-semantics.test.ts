/**
 * HTTP semantics (R15–R20): statuses mapped to stable codes, Retry-After read and clamped,
 * conditional GET, and empty or bot-wall bodies never passed on as a feed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY_MS } from '../../src/config/schema.js';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { parseCacheHints, parseRetryAfter } from '../../src/fetch/response-headers.js';
import { ETAG, LAST_MODIFIED, startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { expectFailure, testPolicy } from './fetch-test-kit.js';

let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('R15 429 and Retry-After', () => {
  test('R15 Retry-After in seconds, as an HTTP-date, absurd, past or garbage', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:05:00 GMT', NOW)).toBe(300_000);
    expect(parseRetryAfter('Saturday, 28-Nov-26 12:05:00 GMT', NOW)).toBe(300_000);
    expect(parseRetryAfter('Fri, 01 Jan 5026 00:00:00 GMT', NOW)).toBe(DAY_MS);
    expect(parseRetryAfter('94608000000', NOW)).toBe(DAY_MS);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('2026', NOW)).toBe(2_026_000);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  test.each([
    ['120', 120_000],
    [encodeURIComponent('Fri, 01 Jan 5026 00:00:00 GMT'), DAY_MS],
    ['99999999999', DAY_MS],
    ['garbage', undefined],
  ])('R15 a 429 with Retry-After %s fails with E_RATE_LIMITED and retryAfterMs %s', async (after, expected) => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/429?after=${after}` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(expected);
  });

  test('R15 a Retry-After date in the near future gives the time left', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/429?after=${encodeURIComponent(at)}` }, testPolicy(server.hostPort)));
    expect(error.retryAfterMs).toBeGreaterThan(85_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
  });
});

describe('R16 503 and other 5xx', () => {
  test('R16 503 with Retry-After fails with E_RATE_LIMITED (transient) carrying the delay', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/503?after=30` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_RATE_LIMITED');
    expect(error.errorClass).toBe('transient');
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(30_000);
  });

  test.each([500, 502, 504, 418, 400])('R16 status %i fails with E_HTTP_STATUS carrying the status', async (status) => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/status/${status}` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_HTTP_STATUS');
    expect(error.status).toBe(status);
    expect(error.toLine()).toBe(`E_HTTP_STATUS: ${server.origin}/status/${status}: HTTP ${status}`);
  });
});

describe('R17 404 versus 410', () => {
  test('R17 404 fails with E_NOT_FOUND', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/404` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_NOT_FOUND');
    expect(error.status).toBe(404);
  });

  test('R17 410 fails with E_GONE, a permanent error', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/410` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_GONE');
    expect(error.errorClass).toBe('permanent');
  });
});

describe('R18 credentials and bot walls need the operator', () => {
  test.each([
    ['/401', 401, 'needs credentials'],
    ['/403', 403, 'refuses'],
    ['/403-challenge', 403, 'bot-challenge'],
    ['/503-challenge', 503, 'bot-challenge'],
    ['/200-challenge', 200, 'bot-challenge'],
  ])('R18 %s fails with E_AUTH (operator)', async (path, status, words) => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}${path}` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_AUTH');
    expect(error.errorClass).toBe('operator');
    expect(error.status).toBe(status);
    expect(error.message).toContain(words);
  });
});

describe('R19 conditional GET', () => {
  test('R19 validators are sent and a 304 answers "not modified"', async () => {
    const first = await fetchFeed({ url: `${server.origin}/etag` }, testPolicy(server.hostPort));
    expect(first.kind).toBe('fetched');
    if (first.kind !== 'fetched') return;
    expect(first.etag).toBe(ETAG);
    expect(first.lastModified).toBe(LAST_MODIFIED);
    expect(first.cache).toEqual({ maxAgeMs: 280_000, expiresAt: '2026-11-28T12:00:00.000Z' });

    const second = await fetchFeed({ url: `${server.origin}/etag`, validators: { etag: first.etag, lastModified: first.lastModified } }, testPolicy(server.hostPort));
    expect(second.kind).toBe('not-modified');
    expect(second.status).toBe(304);
    const sent = server.hits('/etag').at(-1)!.headers;
    expect(sent['if-none-match']).toBe(ETAG);
    expect(sent['if-modified-since']).toBe(LAST_MODIFIED);

    const byDate = await fetchFeed({ url: `${server.origin}/etag`, validators: { etag: null, lastModified: LAST_MODIFIED } }, testPolicy(server.hostPort));
    expect(byDate.kind).toBe('not-modified');
    expect(server.hits('/etag').at(-1)!.headers['if-none-match']).toBeUndefined();
  });

  test('R19 an unsolicited 304 with no stored copy fails with E_UNSOLICITED_304, never "0 items"', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/304-unsolicited` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_UNSOLICITED_304');
    expect(server.hits('/304-unsolicited').at(-1)!.headers['if-none-match']).toBeUndefined();
  });

  test('R19 a 304 when a stored copy exists is "not modified" even without validators', async () => {
    const outcome = await fetchFeed({ url: `${server.origin}/304-unsolicited`, hasStoredCopy: true }, testPolicy(server.hostPort));
    expect(outcome.kind).toBe('not-modified');
  });

  test('cache hints: no-store is 0, max-age minus Age, garbage Expires is null', () => {
    expect(parseCacheHints({ 'cache-control': 'no-store' })).toEqual({ maxAgeMs: 0, expiresAt: null });
    expect(parseCacheHints({ 'cache-control': 'public, max-age=60', age: '100' })).toEqual({ maxAgeMs: 0, expiresAt: null });
    expect(parseCacheHints({ expires: '0' })).toEqual({ maxAgeMs: null, expiresAt: null });
  });
});

describe('R20 empty bodies and error pages', () => {
  test.each(['/empty', '/empty-chunked'])('R20 a 200 with an empty body (%s) fails with E_EMPTY_BODY', async (path) => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}${path}` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_EMPTY_BODY');
    expect(error.status).toBe(200);
  });

  test('R20 a 200 HTML error page is handed on as HTML (the parser turns it into E_NOT_A_FEED)', async () => {
    const outcome = await fetchFeed({ url: `${server.origin}/200-error-page` }, testPolicy(server.hostPort));
    expect(outcome.kind).toBe('fetched');
    if (outcome.kind === 'fetched') expect(outcome.contentType).toBe('text/html');
  });
});
