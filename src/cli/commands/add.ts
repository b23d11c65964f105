import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { addSourcesToConfigText, deriveSourceId, editConfigFile, type SourceEntry } from '../../config/edit-config.js';
import { normaliseSourceUrl, type ResolvedConfig } from '../../config/resolve-config.js';
import { isHttpUrl } from '../../config/schema.js';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError, isFeedloomError } from '../../core/errors.js';
import { closeAllDispatchers } from '../../fetch/dispatcher.js';
import { policyFromConfig } from '../../fetch/policy.js';
import { parseFeed } from '../../parse/parse-feed.js';
import { findFeeds, preferredFeed, type FoundFeed, type RejectedCandidate } from '../../pipeline/find-feeds.js';
import { expectFlags, listFlag, stringFlag, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Add a source: a feed URL, or a page whose feeds are discovered.';
export const usage = `
Usage: feedloom add <url> [--category C ...] [--id ID] [--title T] [--pick N] [--config FILE] [--allow ENTRY ...]

Fetches the URL once under the fetch policy. A feed is added as it is; for an HTML page the feeds
it advertises (<link rel="alternate">) are checked, then /feed, /rss.xml, /atom.xml, /index.xml and
/feed.json. With several feeds they are listed and the first RSS/Atom one is taken, or --pick N.
The source is written into the config file; its other content and formatting are kept.

  --category C   category of the source (repeatable for several)
  --id ID        source id (default: from the feed's title)
  --title T      title shown in credits instead of the feed's own
  --pick N       take the N-th discovered feed (1-based)
  --allow ENTRY  also allow this private/loopback host, host:port or CIDR for this command

A URL already in the config (compared normalised: scheme, host case, default port, trailing slash)
is refused, as is an id already in use.

Exit status: 0 added, 2 not a feed and none found, 3 the URL could not be fetched, 64 refused.
`;

/** Errors that are not "the URL could not be fetched": they keep their own exit codes. */
const NOT_FETCH_FAILURES = new Set(['E_NOT_A_FEED', 'E_PARSE', 'E_FILE', 'E_CONFIG', 'E_USAGE', 'E_INTERNAL']);

export const flags: readonly string[] = [...CONFIG_FLAGS, 'category', 'id', 'title', 'pick', 'allow'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'add');
  const target = args.positionals[0];
  if (target === undefined || args.positionals.length > 1) throw new FeedloomError('E_USAGE', 'give exactly one URL: `feedloom add <url> [--category C]`');
  const config = await configFromArgs(args);
  refuseDuplicate(config, target);
  const pick = pickFlag(args);

  let feeds: FoundFeed[];
  try {
    feeds = isHttpUrl(target) ? await discover(target, config, listFlag(args, 'allow')) : [await readLocalFeed(target, config)];
  } catch (error) {
    // As `parse <url>` (CONTRACT.md): a URL that cannot be fetched exits 3, with the coded line.
    if (!isFeedloomError(error) || NOT_FETCH_FAILURES.has(error.code)) throw error;
    process.stderr.write(`${error.toLine()}\n`);
    return EXIT.FETCH_FAILED;
  }
  if (feeds.length > 1) {
    process.stdout.write(`${feeds.length} feeds found:\n`);
    feeds.forEach((feed, index) => process.stdout.write(`  ${index + 1}. [${feed.kind}] ${feed.url}${feed.title ? `  ${feed.title}` : ''}\n`));
  }
  if (pick !== null && pick > feeds.length) throw new FeedloomError('E_USAGE', `--pick ${pick}: only ${feeds.length} feed(s) found`);
  const chosen = pick !== null ? feeds[pick - 1] : preferredFeed(feeds)!;
  const url = isHttpUrl(target) ? chosen.url : target;
  refuseDuplicate(config, url);

  const taken = new Set(config.sources.map((source) => source.id));
  const id = stringFlag(args, 'id');
  if (id !== undefined && taken.has(id)) throw new FeedloomError('E_USAGE', `the id "${id}" is already used by another source; choose another with --id`);
  const entry: SourceEntry = { id: id ?? deriveSourceId(chosen.title, url, taken), url };
  const title = stringFlag(args, 'title');
  if (title !== undefined) entry.title = title;
  const categories = listFlag(args, 'category');
  if (categories.length > 0) entry.category = categories.length === 1 ? categories[0] : categories;

  await editConfigFile(config.configPath, (text) => addSourcesToConfigText(text, [entry]));
  const where = path.relative(process.cwd(), config.configPath) || config.configPath;
  process.stdout.write(
    `added "${entry.id}": ${url} (${chosen.format}${chosen.title ? `, "${chosen.title}"` : ''})${categories.length ? ` in ${categories.join(', ')}` : ''} to ${where}\n`,
  );
  return EXIT.OK;
}

function pickFlag(args: ParsedArgs): number | null {
  const value = stringFlag(args, 'pick');
  if (value === undefined) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new FeedloomError('E_USAGE', `--pick must be a number from 1 and up, got "${value}"`);
  return Number(value);
}

function refuseDuplicate(config: ResolvedConfig, url: string): void {
  const key = normaliseSourceUrl(url);
  const existing = config.sources.find((source) => normaliseSourceUrl(source.url) === key);
  if (existing) throw new FeedloomError('E_USAGE', `already in the config as source "${existing.id}" (${existing.url}); nothing added`, { where: url });
}

async function discover(url: string, config: ResolvedConfig, allow: string[]): Promise<FoundFeed[]> {
  let result: Awaited<ReturnType<typeof findFeeds>>;
  try {
    result = await findFeeds(url, policyFromConfig(config.fetch, allow));
  } finally {
    // Idle keep-alive sockets would hold the process open for seconds after the answer.
    await closeAllDispatchers();
  }
  if (result.feeds.length > 0) return result.feeds;
  throw new FeedloomError('E_NOT_A_FEED', `not a feed, and no working feed found${describeTried(result.rejected)}`, { where: url });
}

/** Every candidate and why it failed, so the operator can tell a typo from a site without feeds. */
function describeTried(rejected: RejectedCandidate[]): string {
  const advertised = rejected.filter((entry) => entry.via === 'link');
  const lines = rejected.map((entry) => `\n  ${entry.via === 'link' ? 'advertised ' : 'common path'} ${entry.url}: ${entry.code}: ${entry.message}`);
  const none = advertised.length === 0 ? '; the page advertises no feed (<link rel="alternate">)' : '';
  return `${none}; tried ${rejected.length} candidate(s):${lines.join('')}`;
}

async function readLocalFeed(file: string, config: ResolvedConfig): Promise<FoundFeed> {
  const absolute = path.resolve(config.baseDir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw new FeedloomError('E_FILE', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { where: absolute, cause: error });
  }
  const feed = parseFeed(bytes, {});
  return { url: file, kind: feed.format.startsWith('json') ? 'json' : feed.format.startsWith('atom') ? 'atom' : 'rss', format: feed.format, title: feed.title, siteLink: feed.link, via: 'direct' };
}
