/**
 * Redirects and SSRF (R11–R14, R22) against the hostile server. The allowlist admits exactly the
 * fixture's `127.0.0.1:<port>`; canaries listen on 127.0.0.2 and 127.0.0.3 at the same port, so a
 * refusal that happened after connecting would show up in `foreignHits`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { checkUrl, type LookupFunction } from '../../src/fetch/policy.js';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { expectFailure, recordingLookup, testPolicy } from './fetch-test-kit.js';

let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer({ tls: true, canaries: true });
});
afterAll(async () => {
  expect(server.foreignHits).toEqual([]);
  await server.close();
});

/** A lookup answering every name with `address` (a stand-in for an attacker's DNS). */
function lookupTo(address: string, asked: string[] = []): LookupFunction {
  return (hostname, _options, callback) => {
    asked.push(hostname);
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  };
}

describe('R11 redirect loops and long chains', () => {
  test('R11 a redirect loop fails with E_REDIRECT', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/redirect-loop` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_REDIRECT');
    expect(server.hits('/redirect-loop').length).toBeLessThanOrEqual(6);
  });

  test('R11 a 50-hop chain fails with E_REDIRECT after at most 5 redirects (at most 6 requests)', async () => {
    const before = server.hits('/redirect-chain/').length;
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/redirect-chain/50` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_REDIRECT');
    expect(error.message).toBe('more than 5 redirects');
    expect(server.hits('/redirect-chain/').length - before).toBe(6);
  });

  test('R11 control: a 2-hop chain is followed and both hops are recorded', async () => {
    const outcome = await fetchFeed({ url: `${server.origin}/redirect-chain/2` }, testPolicy(server.hostPort));
    expect(outcome.kind).toBe('fetched');
    expect(outcome.finalUrl).toBe(`${server.origin}/redirect-chain/0`);
    expect(outcome.redirects.map((r) => [r.from, r.to, r.status])).toEqual([
      [`${server.origin}/redirect-chain/2`, `${server.origin}/redirect-chain/1`, 302],
      [`${server.origin}/redirect-chain/1`, `${server.origin}/redirect-chain/0`, 302],
    ]);
    expect(outcome.permanentRedirect).toBeNull();
  });

  test('R11 the redirect limit is the configured one: maxRedirects 1 refuses a 2-hop chain', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/redirect-chain/2` }, testPolicy(server.hostPort, { maxRedirects: 1 })));
    expect(error.code).toBe('E_REDIRECT');
  });
});

describe('R12 redirects to other schemes', () => {
  test.each(['file', 'ftp', 'gopher', 'data', 'javascript', 'mailto'])('R12 a redirect to %s: is refused with E_REDIRECT_SCHEME', async (scheme) => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/redirect-scheme/${scheme}` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_REDIRECT_SCHEME');
    expect(error.where?.startsWith(`${scheme}:`)).toBe(true);
  });

  test('R12 a feed URL that is not http(s) is refused with E_SCHEME before any request', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: 'file:///etc/passwd' }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_SCHEME');
  });
});

describe('R13 private addresses are refused before connecting', () => {
  test.each([
    ['127.0.0.2', '127.0.0.2'],
    ['2130706434', '127.0.0.2'],
    ['0x7f000002', '127.0.0.2'],
    ['0177.0.0.2', '127.0.0.2'],
    ['127.3', '127.0.0.3'],
    [encodeURIComponent('[::ffff:127.0.0.3]'), '::ffff:7f00:3'],
    ['0.0.0.0', '0.0.0.0'],
  ])('R13 a redirect to http://%s:<port>/ is refused with E_PRIVATE_ADDRESS', async (spelling, canonical) => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/redirect-private/${spelling}` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_PRIVATE_ADDRESS');
    expect(error.message).toContain(`refusing to connect to ${canonical}`);
    expect(server.foreignHits).toEqual([]);
  });

  test.each(['127.0.0.2', '2130706434', '0x7f000002', '0177.0.0.2', '[::ffff:127.0.0.3]', '[::1]', '0'])('R13 a feed URL http://%s:<port>/ok is refused with E_PRIVATE_ADDRESS', async (host) => {
    const { error } = await expectFailure(() => fetchFeed({ url: `http://${host}:${server.port}/ok` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_PRIVATE_ADDRESS');
    expect(server.foreignHits).toEqual([]);
  });

  test('R13 the allowed 127.0.0.1 on another port is refused (the allowlist names host:port)', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.rawOrigin}/ok` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_PRIVATE_ADDRESS');
    expect(error.message).toContain('127.0.0.1');
  });

  test('R13 localhost resolves (through the injected lookup) to loopback and is refused at connect time', async () => {
    const asked: string[] = [];
    const { error } = await expectFailure(() =>
      fetchFeed({ url: `http://localhost:${server.port}/ok` }, testPolicy(server.hostPort, { lookup: lookupTo('127.0.0.2', asked) })),
    );
    expect(error.code).toBe('E_PRIVATE_ADDRESS');
    expect(asked).toEqual(['localhost']);
    expect(server.foreignHits).toEqual([]);
  });

  test('R13 DNS rebinding: a public-looking name answering with a private address is refused at connect time on a redirect hop', async () => {
    const asked: string[] = [];
    const url = `${server.origin}/redirect-to?url=${encodeURIComponent(`http://rebind.example.test:${server.port}/ok`)}`;
    const { error } = await expectFailure(() => fetchFeed({ url }, testPolicy(server.hostPort, { lookup: lookupTo('127.0.0.3', asked) })));
    expect(error.code).toBe('E_PRIVATE_ADDRESS');
    expect(error.where).toBe(`http://rebind.example.test:${server.port}/ok`);
    expect(error.message).toContain('refusing to connect to 127.0.0.3');
    expect(asked).toEqual(['rebind.example.test']);
    expect(server.foreignHits).toEqual([]);
  });

  test('R13 an operator allow entry for a name admits it: the name is dialled at the address it resolved to', async () => {
    const outcome = await fetchFeed(
      { url: `http://intranet.example.test:${server.port}/ok` },
      testPolicy(server.hostPort, { allow: [`intranet.example.test:${server.port}`], lookup: lookupTo('127.0.0.1') }),
    );
    expect(outcome.kind).toBe('fetched');
    expect(server.hits('/ok').at(-1)!.headers.host).toBe(`intranet.example.test:${server.port}`);
  });
});

describe('R14 odd redirects', () => {
  test('R14 a 3xx without Location fails with E_HTTP_STATUS', async () => {
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/redirect-no-location` }, testPolicy(server.hostPort)));
    expect(error.code).toBe('E_HTTP_STATUS');
    expect(error.status).toBe(302);
  });

  test('R14 a relative Location resolves against the current URL', async () => {
    const outcome = await fetchFeed({ url: `${server.origin}/redirect-relative` }, testPolicy(server.hostPort));
    expect(outcome.kind).toBe('fetched');
    expect(outcome.finalUrl).toBe(`${server.origin}/ok?via=relative`);
  });

  test('R14 301 then 308 reports the new URL as a permanent redirect', async () => {
    const outcome = await fetchFeed({ url: `${server.origin}/moved-permanently` }, testPolicy(server.hostPort));
    expect(outcome.kind).toBe('fetched');
    expect(outcome.permanentRedirect).toBe(`${server.origin}/ok`);
    expect(outcome.redirects.map((r) => r.status)).toEqual([301, 308]);
  });

  test('R14 a 301 followed by a 302 is not a permanent move', async () => {
    const outcome = await fetchFeed({ url: `${server.origin}/moved-mixed` }, testPolicy(server.hostPort));
    expect(outcome.redirects.map((r) => r.status)).toEqual([301, 302]);
    expect(outcome.permanentRedirect).toBeNull();
  });

  test('R14 a redirect into a bad TLS certificate fails with E_TLS', async () => {
    const policy = testPolicy(server.hostPort, { allow: [server.hostPort, `127.0.0.1:${server.tlsPort}`] });
    const { error } = await expectFailure(() => fetchFeed({ url: `${server.origin}/redirect-https-bad-tls` }, policy));
    expect(error.code).toBe('E_TLS');
    expect(error.where).toBe(`${server.tlsOrigin}/ok`);
  });
});

describe('R22 discovered alternates are fetched under the same policy', () => {
  test('R22 a discovered alternate on a private address is refused before any request, and fetchFeed refuses it too', async () => {
    const { lookup, names } = recordingLookup();
    const policy = testPolicy(server.hostPort, { lookup });
    const before = server.requests.length;
    for (const alternate of [`http://127.0.0.2:${server.port}/feed.xml`, `http://2130706435:${server.port}/feed.xml`, 'http://169.254.169.254/latest/meta-data/']) {
      expect(() => checkUrl(alternate, policy)).toThrow(expect.objectContaining({ code: 'E_PRIVATE_ADDRESS' }));
      const { error } = await expectFailure(() => fetchFeed({ url: alternate }, policy));
      expect(error.code).toBe('E_PRIVATE_ADDRESS');
    }
    expect(server.requests.length).toBe(before);
    expect(names).toEqual([]);
    expect(server.foreignHits).toEqual([]);
  });

  test('R22 a discovered alternate with another scheme is refused', () => {
    expect(() => checkUrl('feed://127.0.0.1/rss', testPolicy(server.hostPort))).toThrow(expect.objectContaining({ code: 'E_SCHEME' }));
  });
});
