/**
 * Network and time faults (RELIABILITY.md R01–R08) against the loopback hostile server. Deadlines
 * are configured small (1–2 s) so the suite is quick; bounds allow 1 s of slack for a shared machine.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { createFetchScheduler } from '../../src/fetch/fetch-scheduler.js';
import { FeedloomError } from '../../src/core/errors.js';
import type { LookupFunction } from '../../src/fetch/policy.js';
import { FEED_XML, startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { expectFailure, lastSocketClosed, MIB, testPolicy } from './fetch-test-kit.js';

let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer({ tls: true });
});
afterAll(async () => {
  await server.close();
});

describe('network and time', () => {
  test('control: /ok is fetched with the feed Accept, Accept-Encoding and User-Agent headers', async () => {
    const outcome = await fetchFeed({ url: `${server.origin}/ok` }, testPolicy(server.hostPort));
    expect(outcome.kind).toBe('fetched');
    if (outcome.kind !== 'fetched') return;
    expect(outcome.body.toString('utf8')).toBe(FEED_XML);
    expect(outcome.contentType).toContain('application/rss+xml');
    const sent = server.hits('/ok').at(-1)!.headers;
    expect(sent.accept).toContain('application/rss+xml');
    expect(sent.accept).toContain('application/atom+xml');
    expect(sent.accept).toContain('application/feed+json');
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent['user-agent']).toBe('feedloom-test/0.1 (+http://127.0.0.1/)');
  });

  test('R01 a server that never sends headers fails with E_TIMEOUT within the deadline and its socket is closed', async () => {
    const { error, elapsedMs } = await expectFailure(() => fetchFeed({ url: `${server.origin}/hang-headers` }, testPolicy(server.hostPort, { timeoutMs: 1_000 })));
    expect(error.code).toBe('E_TIMEOUT');
    expect(error.toLine()).toBe(`E_TIMEOUT: ${server.origin}/hang-headers: no complete response within 1 s`);
    expect(elapsedMs).toBeGreaterThanOrEqual(950);
    expect(elapsedMs).toBeLessThan(2_000);
    expect(await lastSocketClosed(server, '/hang-headers')).toBe(true);
  });

  test('R01 a hanging fetch does not hold up the fetches beside it in the scheduler', async () => {
    const scheduler = createFetchScheduler({ concurrency: 2, perHostConcurrency: 2, hostGapMs: 0 });
    const policy = testPolicy(server.hostPort, { timeoutMs: 3_000 });
    let hangingSettled = false;
    const hanging = scheduler
      .schedule(`${server.origin}/hang-headers`, () => fetchFeed({ url: `${server.origin}/hang-headers` }, policy))
      .catch((e: unknown) => e)
      .finally(() => {
        hangingSettled = true;
      });
    const ok = await scheduler.schedule(`${server.origin}/ok`, () => fetchFeed({ url: `${server.origin}/ok` }, policy));
    expect(ok.kind).toBe('fetched');
    expect(hangingSettled).toBe(false);
    expect(((await hanging) as FeedloomError).code).toBe('E_TIMEOUT');
    await scheduler.onIdle();
  });

  test('R02 slowloris (a byte every 300 ms, so no idle timeout ever fires) is cut off by the total deadline', async () => {
    const { error, elapsedMs } = await expectFailure(() =>
      fetchFeed({ url: `${server.origin}/slow?every=300` }, testPolicy(server.hostPort, { timeoutMs: 1_500 })),
    );
    expect(error.code).toBe('E_TIMEOUT');
    expect(elapsedMs).toBeGreaterThanOrEqual(1_400);
    expect(elapsedMs).toBeLessThan(2_500);
    expect(await lastSocketClosed(server, '/slow')).toBe(true);
  });

  test('R03 a body that stalls halfway fails with E_TIMEOUT, never as a complete half document', async () => {
    const { error, elapsedMs } = await expectFailure(() => fetchFeed({ url: `${server.origin}/stall` }, testPolicy(server.hostPort, { timeoutMs: 1_000 })));
    expect(error.code).toBe('E_TIMEOUT');
    expect(elapsedMs).toBeLessThan(2_000);
  });

  test('R04 an endless body fails with E_TOO_LARGE at the cap, the socket is destroyed and memory stays flat', async () => {
    const before = process.memoryUsage().rss;
    const { error, elapsedMs } = await expectFailure(() =>
      fetchFeed({ url: `${server.origin}/endless` }, testPolicy(server.hostPort, { maxBodyBytes: 2 * MIB, timeoutMs: 10_000 })),
    );
    expect(error.code).toBe('E_TOO_LARGE');
    expect(error.message).toContain('2 MiB');
    expect(elapsedMs).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MIB);
    expect(await lastSocketClosed(server, '/endless')).toBe(true);
  });

  describe('R05 Content-Length lies', () => {
    test('R05 a declared 50 GiB body is refused on the headers with E_TOO_LARGE', async () => {
      const { error, elapsedMs } = await expectFailure(() => fetchFeed({ url: `${server.origin}/huge-declared` }, testPolicy(server.hostPort)));
      expect(error.code).toBe('E_TOO_LARGE');
      expect(error.message).toContain('declares 51200 MiB');
      expect(elapsedMs).toBeLessThan(1_000);
    });

    test('R05 4096 bytes declared but 1024 sent fails with E_TRUNCATED and no body', async () => {
      const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/truncated-length` }, testPolicy(server.hostPort)));
      expect(error.code).toBe('E_TRUNCATED');
    });

    test('R05 a connection closed mid-body fails with E_TRUNCATED', async () => {
      const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/close-mid-body` }, testPolicy(server.hostPort)));
      expect(error.code).toBe('E_TRUNCATED');
    });

    test('R05 a connection reset before the response fails with E_NETWORK', async () => {
      const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/reset` }, testPolicy(server.hostPort)));
      expect(error.code).toBe('E_NETWORK');
      expect(error.message).toContain('reset');
    });
  });

  describe('R06 DNS failure and refused connections', () => {
    test('R06 a refused connection fails with E_NETWORK', async () => {
      const { error } = await expectFailure(() => fetchFeed({ url: 'http://127.0.0.1:1/' }, testPolicy('127.0.0.1:1')));
      expect(error.code).toBe('E_NETWORK');
      expect(error.errorClass).toBe('transient');
      expect(error.message).toBe('connection refused');
    });

    test('R06 a failing name lookup (injected) fails with E_DNS, and nothing is resolved for real', async () => {
      const asked: string[] = [];
      const lookup: LookupFunction = (hostname, _options, callback) => {
        asked.push(hostname);
        callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN' }), []);
      };
      const { error } = await expectFailure(() => fetchFeed({ url: 'http://feeds.example.test/rss' }, testPolicy(server.hostPort, { lookup })));
      expect(error.code).toBe('E_DNS');
      expect(error.errorClass).toBe('transient');
      expect(error.where).toBe('http://feeds.example.test/rss');
      expect(asked).toEqual(['feeds.example.test']);
    });

    test('R06 a lookup slower than the connect timeout fails with E_TIMEOUT after the connect timeout, not the total deadline', async () => {
      const lookup: LookupFunction = (_hostname, _options, callback) => {
        setTimeout(() => callback(null, [{ address: '127.0.0.1', family: 4 }]), 3_000).unref();
      };
      const { error, elapsedMs } = await expectFailure(() =>
        fetchFeed({ url: `http://slow-dns.example.test:${server.port}/ok` }, testPolicy(server.hostPort, { lookup, connectTimeoutMs: 300, timeoutMs: 5_000 })),
      );
      expect(error.code).toBe('E_TIMEOUT');
      expect(error.message).toContain('could not connect within 0.3 s');
      expect(elapsedMs).toBeLessThan(1_500);
    });
  });

  describe('R07 TLS errors', () => {
    test('R07 a self-signed certificate fails with E_TLS', async () => {
      const { error } = await expectFailure(() => fetchFeed({ url: `${server.tlsOrigin}/ok` }, testPolicy(`127.0.0.1:${server.tlsPort}`)));
      expect(error.code).toBe('E_TLS');
      expect(error.errorClass).toBe('operator');
      expect(server.requests.filter((r) => r.listener === 'tls')).toHaveLength(0);
    });

    test('R07 https to a plaintext port fails with E_TLS', async () => {
      const { error } = await expectFailure(() => fetchFeed({ url: `https://127.0.0.1:${server.port}/ok` }, testPolicy(server.hostPort)));
      expect(error.code).toBe('E_TLS');
    });

    test('R07 allowInsecureTLS fetches the self-signed host and reports every use', async () => {
      const used: string[] = [];
      const policy = testPolicy(`127.0.0.1:${server.tlsPort}`);
      for (let i = 0; i < 2; i += 1) {
        const outcome = await fetchFeed({ url: `${server.tlsOrigin}/ok`, allowInsecureTLS: true, onInsecureTLS: (url) => used.push(url) }, policy);
        expect(outcome.kind).toBe('fetched');
      }
      expect(used).toEqual([`${server.tlsOrigin}/ok`, `${server.tlsOrigin}/ok`]);
      // The opt-in belongs to that request only: the same policy without it still refuses.
      const { error } = await expectFailure(() => fetchFeed({ url: `${server.tlsOrigin}/ok` }, policy));
      expect(error.code).toBe('E_TLS');
    });
  });

  describe('R08 malformed HTTP', () => {
    test.each([
      ['/huge-headers', 'a 256 KiB header'],
      ['/many-headers', '20 000 headers'],
      ['/bad-chunked', 'a bad chunk size'],
      ['/http09', 'an HTTP/0.9 response'],
    ])('R08 %s (%s) fails with E_PROTOCOL', async (path) => {
      const { error } = await expectFailure(() => fetchFeed({ url: `${server.rawOrigin}${path}` }, testPolicy(`127.0.0.1:${server.rawPort}`)));
      expect(error.code).toBe('E_PROTOCOL');
      expect(error.where).toBe(`${server.rawOrigin}${path}`);
    });

    test('R08 control: a well-formed raw response is read', async () => {
      const outcome = await fetchFeed({ url: `${server.rawOrigin}/ok` }, testPolicy(`127.0.0.1:${server.rawPort}`));
      expect(outcome.kind).toBe('fetched');
    });
  });

  test('an external AbortSignal (the run budget, R50) cancels a hanging fetch at once with its own reason', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new FeedloomError('E_BUDGET', 'run budget spent')), 200);
    const { error, elapsedMs } = await expectFailure(() =>
      fetchFeed({ url: `${server.origin}/hang-headers`, signal: controller.signal }, testPolicy(server.hostPort, { timeoutMs: 10_000 })),
    );
    expect(error.code).toBe('E_BUDGET');
    expect(elapsedMs).toBeLessThan(1_500);
  });
});
