/**
 * The address policy on its own (R13, R22): every spelling of a non-public address is refused,
 * public addresses pass, and the allowlist admits exactly what it names. Pure functions: no I/O.
 */
import { describe, expect, test } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { configSchema } from '../../src/config/schema.js';
import { checkAddress, checkUrl, parseIp, policyFromConfig } from '../../src/fetch/policy.js';
import { formatIp } from '../../src/fetch/address-policy.js';

function refusal(action: () => unknown): FeedloomError | null {
  try {
    action();
    return null;
  } catch (error) {
    if (error instanceof FeedloomError) return error;
    throw error;
  }
}

describe('R13 IP literal spellings', () => {
  test.each([
    ['2130706434', '127.0.0.2'],
    ['0x7f000002', '127.0.0.2'],
    ['0177.0.0.2', '127.0.0.2'],
    ['0x7f.0.0.2', '127.0.0.2'],
    ['127.2', '127.0.0.2'],
    ['127.0.2', '127.0.0.2'],
    ['2852039166', '169.254.169.254'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254'],
    ['127.0.0.3.', '127.0.0.3'],
    ['[::ffff:127.0.0.3]', '::ffff:7f00:3'],
    ['::ffff:7f00:3', '::ffff:7f00:3'],
    ['[fd00:ec2::254]', 'fd00:ec2::254'],
    ['fe80::1%eth0', 'fe80::1'],
  ])('%s parses to %s', (spelling, canonical) => {
    const ip = parseIp(spelling);
    expect(ip).not.toBeNull();
    expect(formatIp(ip!)).toBe(canonical);
  });

  test.each(['example.org', 'localhost', '1.2.3.4.5', '256.0.0.1', '08.1.1.1', ':::1', '1::2::3', 'cafe.example'])('%s is not an IP literal', (text) => {
    expect(parseIp(text)).toBeNull();
  });

  test('a bare "0x" reads as 0.0.0.0, as the URL standard has it, so it cannot pass as a name', () => {
    expect(formatIp(parseIp('0x')!)).toBe('0.0.0.0');
    expect(new URL('http://0x/').hostname).toBe('0.0.0.0');
  });
});

describe('R13 non-public addresses are refused by default', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['2130706434', 'loopback'],
    ['0x7f000002', 'loopback'],
    ['0177.0.0.2', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['2852039166', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['[::ffff:127.0.0.3]', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['fd00:ec2::254', 'unique local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:a00:1::1', 'private'],
  ])('%s is refused (%s)', (ip, reason) => {
    const error = refusal(() => checkAddress(ip, 80, ip, []));
    expect(error?.code).toBe('E_PRIVATE_ADDRESS');
    expect(error?.message).toContain(reason);
  });

  test.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '64:ff9b::808:808', '100.128.0.1', '172.32.0.1'])('%s is public and passes', (ip) => {
    expect(refusal(() => checkAddress(ip, 443, 'feeds.example.org', []))).toBeNull();
  });

  test('a string that is not an address fails closed', () => {
    expect(refusal(() => checkAddress('not-an-ip', 80, 'x', ['0.0.0.0/0']))?.code).toBe('E_PRIVATE_ADDRESS');
  });
});

describe('R13 the allowlist admits exactly what it names', () => {
  test('host:port admits that port only, on that address only', () => {
    const allow = ['127.0.0.1:8080'];
    expect(refusal(() => checkAddress('127.0.0.1', 8080, '127.0.0.1', allow))).toBeNull();
    expect(refusal(() => checkAddress('127.0.0.1', 8081, '127.0.0.1', allow))?.code).toBe('E_PRIVATE_ADDRESS');
    expect(refusal(() => checkAddress('127.0.0.2', 8080, '127.0.0.2', allow))?.code).toBe('E_PRIVATE_ADDRESS');
    expect(refusal(() => checkAddress('2130706434', 8080, '127.0.0.2', allow))?.code).toBe('E_PRIVATE_ADDRESS');
  });

  test('an admission remembered for one allowlist, port and name never admits another (issue 7 memo)', () => {
    const allow = ['127.0.0.1:8080'];
    for (let i = 0; i < 3; i += 1) expect(refusal(() => checkAddress('127.0.0.1', 8080, '127.0.0.1', allow))).toBeNull();
    expect(refusal(() => checkAddress('127.0.0.1', 8081, '127.0.0.1', allow))?.code).toBe('E_PRIVATE_ADDRESS');
    expect(refusal(() => checkAddress('127.0.0.1', 8080, '127.0.0.1', ['127.0.0.1:9090']))?.code).toBe('E_PRIVATE_ADDRESS');
    expect(refusal(() => checkAddress('127.0.0.1', 8080, '127.0.0.1', []))?.code).toBe('E_PRIVATE_ADDRESS');
  });

  test('a CIDR range admits the addresses inside it', () => {
    expect(refusal(() => checkAddress('10.20.30.40', 80, 'intranet', ['10.20.0.0/16']))).toBeNull();
    expect(refusal(() => checkAddress('10.21.0.1', 80, 'intranet', ['10.20.0.0/16']))?.code).toBe('E_PRIVATE_ADDRESS');
    expect(refusal(() => checkAddress('fd12::5', 80, 'intranet', ['fd12::/16']))).toBeNull();
  });

  test('an exact host name admits that name on any port, and only that name', () => {
    expect(refusal(() => checkAddress('10.0.0.5', 8443, 'feeds.intranet', ['feeds.intranet']))).toBeNull();
    expect(refusal(() => checkAddress('10.0.0.5', 8443, 'other.intranet', ['feeds.intranet']))?.code).toBe('E_PRIVATE_ADDRESS');
    expect(refusal(() => checkAddress('::1', 8080, 'localhost', ['[::1]:8080']))).toBeNull();
  });

  test('policyFromConfig reads the limits and rejects a malformed allow entry before any I/O', () => {
    const fetchConfig = configSchema.parse({ fetch: { allow: ['10.0.0.0/8'] } }).fetch;
    const policy = policyFromConfig(fetchConfig, ['127.0.0.1:9000']);
    expect(policy).toMatchObject({ timeoutMs: 30_000, connectTimeoutMs: 10_000, maxBodyBytes: 15 * 1024 * 1024, maxRedirects: 5 });
    expect(policy.allow).toEqual(['10.0.0.0/8', '127.0.0.1:9000']);
    expect(refusal(() => policyFromConfig(fetchConfig, ['10.0.0.0/33']))?.code).toBe('E_CONFIG');
    expect(refusal(() => policyFromConfig(fetchConfig, ['host:port']))?.code).toBe('E_CONFIG');
    expect(refusal(() => policyFromConfig(fetchConfig, ['http://x/']))?.code).toBe('E_CONFIG');
  });
});

describe('R22 discovered URLs go through the same policy before any request', () => {
  const policy = { allow: ['127.0.0.1:8080'] };

  test.each([
    'http://127.0.0.2:8080/feed',
    'http://2130706434:8080/feed',
    'http://0x7f000002:8080/feed',
    'http://0177.0.0.2:8080/feed',
    'http://[::ffff:127.0.0.3]:8080/feed',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://0.0.0.0:8080/',
    'http://127.0.0.1:8081/feed',
  ])('%s is refused with E_PRIVATE_ADDRESS naming the URL', (url) => {
    const error = refusal(() => checkUrl(url, policy));
    expect(error?.code).toBe('E_PRIVATE_ADDRESS');
    expect(error?.where).toBe(url);
  });

  test.each(['file:///etc/passwd', 'ftp://127.0.0.1/feed', 'javascript:alert(1)', 'data:text/xml,<rss/>', 'not a url'])('%s is refused as a scheme error', (url) => {
    expect(refusal(() => checkUrl(url, policy))?.code).toBe('E_SCHEME');
    expect(refusal(() => checkUrl(url, policy, 'E_REDIRECT_SCHEME'))?.code).toBe('E_REDIRECT_SCHEME');
  });

  test('the allowed loopback server and host names pass (names are checked again at connect time)', () => {
    expect(checkUrl('http://127.0.0.1:8080/feed', policy).href).toBe('http://127.0.0.1:8080/feed');
    expect(checkUrl('https://feeds.example.org/rss', policy).hostname).toBe('feeds.example.org');
  });
});
