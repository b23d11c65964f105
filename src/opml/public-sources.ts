/**
 * Which sources the public out/sources.opml may name, and by which URL (issue 14, defect 5): a
 * subscriber can use only a live feed on a public host, at the address it answers now. Pure: the
 * source, its state and fetch.allow in, a URL or null out.
 */
import type { ResolvedSource } from '../config/resolve-config.js';
import { isHttpUrl } from '../config/defaults.js';
import { hasCredentials } from '../core/redact-url.js';
import type { SourceState } from '../core/types.js';
import { isNamedPrivate } from '../fetch/address-policy.js';

/**
 * Names that never resolve on the public Internet: single labels, RFC 6761 `localhost`, RFC 6762
 * `.local` and its Appendix G list of names used privately, RFC 8375 `home.arpa`, and `.internal`
 * (reserved by ICANN for private use in 2024).
 */
const PRIVATE_NAME = /(^|\.)(localhost|localdomain|local|internal|intranet|private|corp|home|lan|home\.arpa)$/;

/** The URL to list the source by, or null when a public list must leave it out. */
export function publicSourceUrl(source: ResolvedSource, state: SourceState | undefined, allow: string[]): string | null {
  if (!source.enabled || source.isFile) return null;
  // Retired (410) or dead: nothing to subscribe to. Failing is often passing, so it stays.
  if (state?.status === 'gone' || state?.status === 'dead') return null;
  // After a confirmed permanent redirect the state fetches the new URL: list that one.
  const url = state?.fetchUrl ?? source.location;
  return isPublishableFeedUrl(url, source, state, allow) ? url : null;
}

/**
 * Whether any public output may name this URL of the source (the feeds' source credit too): http(s),
 * without credentials, and not on the operator's intranet unless the source says `public: true`.
 */
export function isPublishableFeedUrl(url: string, source: ResolvedSource, state: SourceState | undefined, allow: string[]): boolean {
  if (!isHttpUrl(url) || hasCredentials(url)) return false;
  return source.public === true || !isIntranet(url, state, allow);
}

function isIntranet(url: string, state: SourceState | undefined, allow: string[]): boolean {
  if (state?.privateAddress === true || state?.lastError?.code === 'E_PRIVATE_ADDRESS') return true;
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  if (isNamedPrivate(host, port, allow)) return true;
  return !host.startsWith('[') && (!host.includes('.') || PRIVATE_NAME.test(host));
}
