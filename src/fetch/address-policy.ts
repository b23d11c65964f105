/**
 * Which addresses a feed fetch may connect to (RELIABILITY.md R13, R22). Default deny for every
 * non-public range: a feed URL, a redirect or a discovered alternate must never reach the operator's
 * network, the cloud metadata service or the machine itself. Operators with intranet feeds allow
 * exact hosts, host:port pairs or CIDR ranges.
 *
 * IP literals come in many spellings; WHATWG URL parsing already turns `http://2130706434/` into
 * `127.0.0.2`, but `checkAddress` is also called with raw strings, so it parses every IPv4 spelling
 * the URL standard accepts (decimal, hex, octal, 1–4 parts) and every IPv6 form itself.
 */
import { FeedloomError } from '../core/errors.js';

type Ip = { version: 4; value: number } | { version: 6; groups: number[] };

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose registry). */
const PRIVATE_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignment'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 prefixes refused outright. IPv4-mapped addresses are refused whatever they embed. */
const PRIVATE_V6: Array<[string, number, string]> = [
  ['::', 96, 'unspecified, loopback or IPv4-compatible'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** Parse an IPv4 literal the way the URL standard does: `127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433`. */
function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    let digits = part;
    let radix = 10;
    if (/^0x/i.test(digits)) {
      digits = digits.slice(2);
      radix = 16;
    } else if (digits.length > 1 && digits.startsWith('0')) {
      digits = digits.slice(1);
      radix = 8;
    }
    const pattern = radix === 16 ? /^[0-9a-f]*$/i : radix === 8 ? /^[0-7]*$/ : /^[0-9]+$/;
    if (!pattern.test(digits)) return null;
    const value = digits === '' ? 0 : parseInt(digits, radix);
    if (!Number.isSafeInteger(value)) return null;
    numbers.push(value);
  }
  const last = numbers.pop() as number;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return null;
  return numbers.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
}

/** Parse an IPv6 literal (brackets and a zone id allowed) into eight 16-bit groups. */
function parseIpv6(text: string): number[] | null {
  let body = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  body = body.replace(/%.*$/, '');
  if (!body.includes(':')) return null;
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    // An embedded dotted quad (`::ffff:127.0.0.3`) stands for the last two groups.
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(last);
    if (!v4 || v4.slice(1).some((n) => Number(n) > 255)) return null;
    const [a, b, c, d] = v4.slice(1).map(Number);
    body = `${body.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = toGroups(halves[0]);
  const rest = halves.length === 2 ? toGroups(halves[1]) : [];
  if (!head || !rest) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 1 && explicit !== 8) return null;
  if (halves.length === 2 && explicit > 7) return null;
  const zeros = new Array<number>(8 - explicit).fill(0);
  return [...head, ...(halves.length === 2 ? zeros : []), ...rest];
}

/** Parse any IP literal spelling; null when `text` is not an IP address (e.g. a host name). */
export function parseIp(text: string): Ip | null {
  const v6 = parseIpv6(text);
  if (v6) return { version: 6, groups: v6 };
  if (!/^[0-9a-fx.]+$/i.test(text)) return null;
  const v4 = parseIpv4(text);
  return v4 === null ? null : { version: 4, value: v4 };
}

/** The canonical spelling: dotted quad, or IPv6 as the URL standard serialises it (RFC 5952). */
export function formatIp(ip: Ip): string {
  if (ip.version === 4) return [24, 16, 8, 0].map((shift) => Math.floor(ip.value / 2 ** shift) % 256).join('.');
  return new URL(`http://[${ip.groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1);
}

function inPrefix(ip: Ip, base: Ip, bits: number): boolean {
  if (ip.version !== base.version) return false;
  if (ip.version === 4 && base.version === 4) {
    const size = 2 ** (32 - bits);
    return Math.floor(ip.value / size) === Math.floor(base.value / size);
  }
  const a = (ip as { groups: number[] }).groups;
  const b = (base as { groups: number[] }).groups;
  for (let i = 0; i < 8; i += 1) {
    const take = Math.max(0, Math.min(16, bits - i * 16));
    if (take === 0) return true;
    const shift = 16 - take;
    if (a[i] >> shift !== b[i] >> shift) return false;
  }
  return true;
}

const V4_TABLE = PRIVATE_V4.map(([base, bits, label]) => ({ base: parseIp(base) as Ip, bits, label }));
const V6_TABLE = PRIVATE_V6.map(([base, bits, label]) => ({ base: parseIp(base) as Ip, bits, label }));

/** Why an address is not public, or null when it is. NAT64 and 6to4 are judged by the IPv4 they embed. */
function describeNonPublic(ip: Ip): string | null {
  if (ip.version === 4) return V4_TABLE.find((r) => inPrefix(ip, r.base, r.bits))?.label ?? null;
  const hit = V6_TABLE.find((r) => inPrefix(ip, r.base, r.bits));
  if (hit) return hit.label;
  const g = ip.groups;
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return describeNonPublic({ version: 4, value: g[6] * 65536 + g[7] });
  }
  if (g[0] === 0x2002) return describeNonPublic({ version: 4, value: g[1] * 65536 + g[2] });
  return null;
}

export type AllowEntry =
  | { kind: 'cidr'; base: Ip; bits: number }
  | { kind: 'host'; host: string; ip: Ip | null; port: number | null };

/** Parse one `fetch.allow` entry: `host`, `host:port`, `[v6]:port`, `a.b.c.d/n` or `v6/n`. */
export function parseAllowEntry(entry: string): AllowEntry {
  const text = entry.trim().toLowerCase();
  const invalid = () => new FeedloomError('E_CONFIG', `fetch.allow: "${entry}" is not a host, host:port or CIDR range`);
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = parseIp(text.slice(0, slash));
    const bits = Number(text.slice(slash + 1));
    const max = base?.version === 4 ? 32 : 128;
    if (!base || !Number.isInteger(bits) || bits < 0 || bits > max || !/^\d+$/.test(text.slice(slash + 1))) throw invalid();
    return { kind: 'cidr', base, bits };
  }
  let host = text;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] === undefined ? null : Number(bracketed[2]);
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const [name, portText] = text.split(':');
    if (!/^\d+$/.test(portText)) throw invalid();
    host = name;
    port = Number(portText);
  }
  if (host === '' || (port !== null && (port < 1 || port > 65535))) throw invalid();
  if (!/^[a-z0-9.:_-]+$/.test(host)) throw invalid();
  return { kind: 'host', host, ip: parseIp(host), port };
}

function sameIp(a: Ip, b: Ip): boolean {
  return formatIp(a) === formatIp(b);
}

/** Entries parsed once: every fetch of an allowed loopback feed checks them (issue 7). */
const parsedEntries = new Map<string, AllowEntry>();

function allowEntry(raw: string): AllowEntry {
  let entry = parsedEntries.get(raw);
  if (entry === undefined) {
    entry = parseAllowEntry(raw);
    parsedEntries.set(raw, entry);
  }
  return entry;
}

function isAllowed(ip: Ip, port: number, hostname: string, allow: string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allow.some((raw) => {
    const entry = allowEntry(raw);
    if (entry.kind === 'cidr') return inPrefix(ip, entry.base, entry.bits);
    if (entry.port !== null && entry.port !== port) return false;
    return entry.host === host || (entry.ip !== null && sameIp(entry.ip, ip));
  });
}

/**
 * Throw E_PRIVATE_ADDRESS unless `ip` is public or admitted by `allow`. Called at connect time for
 * the address actually dialled, on every hop, so DNS rebinding cannot slip a private address past a
 * check made earlier. An unparseable address fails closed.
 */
export function checkAddress(ip: string, port: number, hostname: string, allow: string[]): void {
  // A verdict depends only on these four; 1,000 feeds on one allowed host need it once (issue 7).
  // Only admissions are remembered, so every refusal is worked out and reported afresh.
  let admitted = admittedByAllow.get(allow);
  if (admitted === undefined) {
    admitted = new Set();
    admittedByAllow.set(allow, admitted);
  }
  const key = `${ip} ${port} ${hostname}`;
  if (admitted.has(key)) return;
  checkAddressOnce(ip, port, hostname, allow);
  admitted.add(key);
}

const admittedByAllow = new WeakMap<string[], Set<string>>();

function checkAddressOnce(ip: string, port: number, hostname: string, allow: string[]): void {
  const parsed = parseIp(ip);
  const where = `${hostname}:${port}`;
  if (!parsed) {
    throw new FeedloomError('E_PRIVATE_ADDRESS', `refusing to connect: "${ip}" is not an IP address`, { where });
  }
  const reason = describeNonPublic(parsed);
  if (reason === null) return;
  if (isAllowed(parsed, port, hostname, allow)) {
    admittedNonPublic.add(bareHost(hostname));
    return;
  }
  throw new FeedloomError(
    'E_PRIVATE_ADDRESS',
    `refusing to connect to ${formatIp(parsed)} (${reason} address); add it to fetch.allow to permit it`,
    { where },
  );
}

/**
 * Host names that this process connected to at a non-public address, admitted by `fetch.allow`. A
 * name alone cannot tell an intranet host from a public one (a CIDR entry admits whatever resolves
 * into it), so the public source list asks what the connection found (issue 14).
 */
const admittedNonPublic = new Set<string>();

export function wasAdmittedByAllow(hostname: string): boolean {
  return admittedNonPublic.has(bareHost(hostname));
}

/**
 * Whether a URL's host is the operator's intranet by its name alone: an address literal that is not
 * public, or a host (or address) that `fetch.allow` lists.
 */
export function isNamedPrivate(hostname: string, port: number, allow: string[]): boolean {
  const host = bareHost(hostname);
  const ip = parseIp(host);
  if (ip !== null) return describeNonPublic(ip) !== null || isAllowed(ip, port, host, allow);
  return allow.some((raw) => {
    const entry = allowEntry(raw);
    return entry.kind === 'host' && entry.host === host && (entry.port === null || entry.port === port);
  });
}

function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}
