/**
 * Content codings (R09, R10): the cap counts decoded bytes so bombs stop at the cap with flat
 * memory, and a coding that lies, stacks or is unknown is E_DECODE, never read as identity.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { FEED_XML, startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { expectFailure, lastSocketClosed, MIB, testPolicy } from './fetch-test-kit.js';

let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

/** Run `action` while sampling RSS every 5 ms; returns the peak growth over the starting RSS. */
async function peakRssGrowth(action: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    await action().catch(() => undefined);
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage.rss()) - start;
}

describe('R09 decompression bombs', () => {
  test('R09 a gzip bomb (1 GiB decoded from ~1 MiB) fails with E_TOO_LARGE at the 2 MiB decoded cap with flat memory', async () => {
    const policy = testPolicy(server.hostPort, { maxBodyBytes: 2 * MIB, timeoutMs: 10_000 });
    const { error, elapsedMs } = await expectFailure(() => fetchFeed({ url: `${server.origin}/gzip-bomb` }, policy));
    expect(error.code).toBe('E_TOO_LARGE');
    expect(error.message).toContain('(decoded)');
    expect(elapsedMs).toBeLessThan(5_000);
    const growth = await peakRssGrowth(() => fetchFeed({ url: `${server.origin}/gzip-bomb` }, policy));
    // Unbounded decoding would hold 1 GiB; bounded, growth stays within a few caps.
    console.info(`R09 peak RSS growth: ${(growth / MIB).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(48 * MIB);
    expect(await lastSocketClosed(server, '/gzip-bomb')).toBe(true);
  });

  test('R09 a brotli bomb (256 MiB decoded from under 1 KiB) fails with E_TOO_LARGE at the cap with flat memory', async () => {
    const policy = testPolicy(server.hostPort, { maxBodyBytes: 2 * MIB, timeoutMs: 20_000 });
    // The first request builds the bomb on the server side (~0.7 s); measure the second.
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/br-bomb?mib=256` }, policy));
    expect(error.code).toBe('E_TOO_LARGE');
    const growth = await peakRssGrowth(() => fetchFeed({ url: `${server.origin}/br-bomb?mib=256` }, policy));
    console.info(`R09 peak RSS growth: ${(growth / MIB).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(48 * MIB);
  });
});

describe('R10 encoding lies', () => {
  test('R10 six stacked gzips are refused with E_DECODE', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/gzip-chain` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_DECODE');
    expect(error.message).toContain('more than one content coding');
  });

  test('R10 "gzip" on a plain body fails with E_DECODE, never read as identity', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/encoding-lie` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_DECODE');
    expect(error.message).toContain('not valid gzip');
  });

  test('R10 an unknown coding is refused with E_DECODE', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/encoding-unknown` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_DECODE');
    expect(error.message).toContain('x-feedloom-squash');
  });

  test('R10 a gzip stream cut short fails with E_DECODE', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/gzip-truncated` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_DECODE');
  });

  test.each(['/gzip-ok', '/br-ok', '/deflate-ok', '/deflate-raw-ok'])('control: %s decodes to the feed', async (path) => {
    const outcome = await fetchFeed({ url: `${server.origin}${path}` }, testPolicy(server.hostPort));
    expect(outcome.kind).toBe('fetched');
    if (outcome.kind === 'fetched') {
      expect(outcome.body.toString('utf8')).toBe(FEED_XML);
      expect(outcome.bytes).toBe(Buffer.byteLength(FEED_XML));
    }
  });
});
