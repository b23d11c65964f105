/**
 * The fetch policy: every limit a fetch runs under (RELIABILITY.md §2 defaults, set in config) and
 * the address allowlist. One value is built per run (or per `parse` call) and handed to fetchFeed.
 */
import type { LookupAddress } from 'node:dns';
import type { Config } from '../config/schema.js';
import { FeedloomError } from '../core/errors.js';
import { checkAddress, parseAllowEntry, parseIp } from './address-policy.js';

export { checkAddress, parseIp } from './address-policy.js';

/** Node's `dns.lookup` shape, as `net.connect` calls it (with `all: true` under autoSelectFamily). */
export type LookupFunction = (
  hostname: string,
  options: { all?: boolean; family?: number; hints?: number },
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export interface FetchPolicy {
  connectTimeoutMs: number;
  /** Total deadline for one fetch: every hop, headers and the whole body. */
  timeoutMs: number;
  /** Cap on the decoded body. */
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Hosts, host:port pairs or CIDR ranges admitted although non-public. */
  allow: string[];
  /** Name resolution; tests inject one (a failing one for R06) so no real name is ever resolved. */
  lookup?: LookupFunction;
}

/** Build the policy from `config.fetch`; `extraAllow` is `parse --allow` for one call. */
export function policyFromConfig(fetchConfig: Config['fetch'], extraAllow: string[] = []): FetchPolicy {
  const allow = [...fetchConfig.allow, ...extraAllow];
  // Parse every entry now so a typo is a config error before any network I/O, not a refusal later.
  for (const entry of allow) parseAllowEntry(entry);
  return {
    connectTimeoutMs: fetchConfig.connectTimeoutMs,
    timeoutMs: fetchConfig.timeoutMs,
    maxBodyBytes: fetchConfig.maxBodyBytes,
    maxRedirects: fetchConfig.maxRedirects,
    userAgent: fetchConfig.userAgent,
    allow,
  };
}

/**
 * Check a URL before any connection: http/https only, and an IP-literal host must pass the address
 * policy. Used for the feed URL, every redirect hop and every discovered alternate (R12, R13, R22).
 * Host names are checked again at connect time, against the address they resolve to.
 */
export function checkUrl(url: string, policy: Pick<FetchPolicy, 'allow'>, code: 'E_SCHEME' | 'E_REDIRECT_SCHEME' = 'E_SCHEME'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new FeedloomError(code, 'not a valid URL', { where: url, cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FeedloomError(code, `only http and https may be fetched, not ${parsed.protocol.replace(/:$/, '')}`, { where: url });
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (parseIp(host)) {
    try {
      checkAddress(host, portOf(parsed), host, policy.allow);
    } catch (error) {
      const refusal = error as FeedloomError;
      throw new FeedloomError(refusal.code, refusal.message, { where: url });
    }
  }
  return parsed;
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
