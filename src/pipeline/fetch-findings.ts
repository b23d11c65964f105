/**
 * What a fetch found out about its source beyond the schedule recordFetch keeps: where a feed that
 * turned 404 went (propose-feeds.ts), and whether it is an intranet feed. Both cycles record them
 * through this one function. Pure.
 */
import type { SourceState } from '../core/types.js';
import { wasAdmittedByAllow } from '../fetch/address-policy.js';
import type { SourceFetchResult } from './fetch-sources.js';

/**
 * `next` (recordFetch's state after `result`) with the findings: `proposal` is the feed its site
 * advertises now, null when none was found, undefined when no discovery ran (the last proposal
 * stands while the source keeps failing and goes once it answers again).
 */
export function withFetchFindings(next: SourceState, result: SourceFetchResult, previous: SourceState, proposal: string | null | undefined): SourceState {
  const found: SourceState = { ...next };
  if (proposal !== undefined) found.discovered = proposal;
  else if (result.report.kind !== 'failed') delete found.discovered;
  if (reachedPrivately(result, previous, found)) found.privateAddress = true;
  else delete found.privateAddress;
  return found;
}

/**
 * For the public source list, which leaves out intranet feeds (issue 14): did this fetch connect to
 * a private address that fetch.allow admitted? A host name alone may not tell. A failure that never
 * connected keeps what the last connection found.
 */
function reachedPrivately(result: SourceFetchResult, previous: SourceState, next: SourceState): boolean {
  if (result.source.isFile) return false;
  return wasAdmittedByAllow(new URL(next.fetchUrl).hostname) || (result.report.kind === 'failed' && previous.privateAddress === true);
}
