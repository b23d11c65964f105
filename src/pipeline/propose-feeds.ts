/**
 * A feed that was healthy and now answers 404 has usually moved within its site (a new blog
 * engine, a renamed path). Discovery on the site link the feed itself gave (state.siteLink) finds
 * where it went; `status` proposes it and the operator decides, since a 404 may be temporary and a
 * site may advertise several feeds.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import { normaliseSourceUrl } from '../config/resolve-config.js';
import { isHttpUrl } from '../config/defaults.js';
import type { SourceState } from '../core/types.js';
import { closeAllDispatchers } from '../fetch/dispatcher.js';
import { policyFromConfig } from '../fetch/policy.js';
import type { SourceFetchResult } from './fetch-sources.js';
import type { Logger } from './logger.js';

const HEALTHY = new Set(['ok', 'not-modified', 'moved']);

/** Source id → the feed found on its site (null when none was). Only sources that just turned 404. */
export async function proposeMovedFeeds(
  config: ResolvedConfig,
  results: SourceFetchResult[],
  states: Map<string, SourceState>,
  /** `keepConnections`: other fetches are still under way (the shared cycle proposes as results arrive). */
  options: { signal: AbortSignal; logger: Logger; keepConnections?: boolean },
): Promise<Map<string, string | null>> {
  const proposals = new Map<string, string | null>();
  const turned404 = results.filter((result) => {
    const previous = states.get(result.source.id);
    if (result.report.kind !== 'failed' || result.report.error.code !== 'E_NOT_FOUND' || result.source.isFile) return false;
    return previous !== undefined && HEALTHY.has(previous.status) && previous.siteLink !== null && isHttpUrl(previous.siteLink);
  });
  if (turned404.length === 0) return proposals;
  // Loaded only when needed: discovery brings the HTML parser, which an ordinary run never uses.
  const { findFeeds, preferredFeed } = await import('./find-feeds.js');
  const policy = policyFromConfig(config.fetch);
  for (const result of turned404) {
    const previous = states.get(result.source.id)!;
    if (!previous.siteLink) continue;
    const current = normaliseSourceUrl(previous.fetchUrl);
    try {
      const found = await findFeeds(previous.siteLink, policy, { signal: options.signal });
      const feed = preferredFeed(found.feeds.filter((candidate) => normaliseSourceUrl(candidate.url) !== current));
      proposals.set(result.source.id, feed?.url ?? null);
      if (feed) options.logger.log('info', `answers 404; its site advertises ${feed.url}`, { source: result.source.id, code: 'E_NOT_FOUND' });
    } catch (error) {
      proposals.set(result.source.id, null);
      options.logger.log('debug', `feed discovery on ${previous.siteLink} failed: ${String(error)}`, { source: result.source.id });
    }
  }
  // As after the fetch phase: idle keep-alive sockets must not hold the process open.
  if (options.keepConnections !== true) await closeAllDispatchers();
  return proposals;
}
