/**
 * Find the feeds behind a URL (`feedloom add`, and a healthy source that starts answering 404):
 * fetch it once under the fetch policy; a feed is taken as it is, an HTML page is searched for
 * advertised feeds, then for common feed paths. Every candidate is fetched under the same policy
 * (scheme and address checks on each hop, R13) and must parse as a feed. Discovery goes one level
 * only (R22): a candidate that is itself an HTML page is not searched in turn.
 */
import { FeedloomError, isFeedloomError } from '../core/errors.js';
import type { FeedFormat, ParsedFeed } from '../core/types.js';
import { fetchFeed } from '../fetch/fetch-feed.js';
import type { FetchPolicy } from '../fetch/policy.js';
import { decodeFeedBytes } from '../parse/decode.js';
import { discoverFeeds, type CandidateKind, type FeedCandidate } from '../parse/discover-feeds.js';
import { parseFeed } from '../parse/parse-feed.js';

export interface FoundFeed {
  url: string;
  kind: CandidateKind;
  format: FeedFormat;
  title: string | null;
  siteLink: string | null;
  /** `direct`: the URL given was a feed; `link`: advertised by the page; `guess`: a common path. */
  via: 'direct' | FeedCandidate['via'];
}

export interface RejectedCandidate {
  url: string;
  /** `link`: advertised by the page; `guess`: a common path. */
  via: FeedCandidate['via'];
  code: string;
  message: string;
}

export interface FindFeedsResult {
  /** The URL the page or feed was finally fetched from (after redirects). */
  pageUrl: string;
  feeds: FoundFeed[];
  /** Every advertised or guessed URL tried that turned out not to be a usable feed, with why, in the order tried. */
  rejected: RejectedCandidate[];
}

export interface FindFeedsOptions {
  signal?: AbortSignal;
  /** Also probe the common paths when the page advertises a working feed (default: only when it does not). */
  alwaysGuess?: boolean;
}

export async function findFeeds(url: string, policy: FetchPolicy, options: FindFeedsOptions = {}): Promise<FindFeedsResult> {
  const page = await fetchBody(url, policy, options.signal);
  try {
    const feed = parseFeed(page.body, { url: page.finalUrl, contentType: page.contentType });
    return { pageUrl: page.finalUrl, feeds: [found(page.finalUrl, feed, 'direct')], rejected: [] };
  } catch (error) {
    if (!isFeedloomError(error) || error.code !== 'E_NOT_A_FEED') throw error;
  }
  const html = decodeFeedBytes(page.body, page.contentType).text;
  const { links, guesses } = discoverFeeds(html, page.finalUrl);
  const feeds: FoundFeed[] = [];
  const rejected: RejectedCandidate[] = [];
  const tryAll = async (candidates: FeedCandidate[]) => {
    // One at a time: the candidates usually share the page's host, which is owed politeness.
    for (const candidate of candidates) {
      const result = await checkCandidate(candidate, policy, options.signal);
      if ('feed' in result) {
        if (!feeds.some((other) => other.url === result.feed.url)) feeds.push(result.feed);
      } else rejected.push(result.rejected);
    }
  };
  await tryAll(links);
  if (feeds.length === 0 || options.alwaysGuess) await tryAll(guesses);
  return { pageUrl: page.finalUrl, feeds, rejected };
}

/** The candidate the operator most likely wants: the first RSS or Atom feed, else the first. */
export function preferredFeed(feeds: FoundFeed[]): FoundFeed | null {
  return feeds.find((feed) => feed.kind === 'rss' || feed.kind === 'atom') ?? feeds[0] ?? null;
}

async function checkCandidate(candidate: FeedCandidate, policy: FetchPolicy, signal?: AbortSignal): Promise<{ feed: FoundFeed } | { rejected: RejectedCandidate }> {
  try {
    const fetched = await fetchBody(candidate.url, policy, signal);
    const feed = parseFeed(fetched.body, { url: fetched.finalUrl, contentType: fetched.contentType });
    return { feed: { ...found(fetched.finalUrl, feed, candidate.via), title: feed.title ?? candidate.title } };
  } catch (error) {
    if (!isFeedloomError(error)) throw error;
    return { rejected: { url: candidate.url, via: candidate.via, code: error.code, message: error.message } };
  }
}

async function fetchBody(url: string, policy: FetchPolicy, signal?: AbortSignal): Promise<{ body: Buffer; finalUrl: string; contentType: string | null }> {
  const outcome = await fetchFeed({ url, signal }, policy);
  if (outcome.kind !== 'fetched') {
    throw new FeedloomError('E_UNSOLICITED_304', '304 Not Modified although nothing was cached', { where: url });
  }
  return { body: outcome.body, finalUrl: outcome.finalUrl, contentType: outcome.contentType };
}

function found(url: string, feed: ParsedFeed, via: FoundFeed['via']): FoundFeed {
  const kind: CandidateKind = feed.format.startsWith('json') ? 'json' : feed.format.startsWith('atom') ? 'atom' : 'rss';
  return { url, kind, format: feed.format, title: feed.title, siteLink: feed.link, via };
}
