/**
 * `feedloom parse <file-or-url> [--json] [--config FILE] [--allow host:port|host|cidr …]`
 * Reads one feed and prints it: the JSON of docs/parse-json.md with --json, else a short summary.
 * Exit 2 when it is not a feed, 3 when a URL cannot be fetched (docs/parse-json.md); stdout stays empty
 * in both cases and stderr gets one line starting with the error code.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError, isFeedloomError } from '../../core/errors.js';
import type { ParsedFeed } from '../../core/types.js';
import { isHttpUrl } from '../../config/schema.js';
import { parseFeed } from '../../parse/parse-feed.js';
import { toContractJson } from '../../parse/contract.js';
import { expectFlags, listFlag, stringFlag, type ParsedArgs } from '../args.js';

export const summary = 'Read one feed (file or URL) and print what feedloom understands of it.';

export const usage = `
Usage: feedloom parse <file-or-url> [--json] [--config FILE] [--allow host:port|host|cidr ...]

  --json          print the normalised feed as JSON (shape: docs/parse-json.md)
  --config FILE   take the fetch policy (timeouts, size cap, allowed hosts) from this config
                  (default: feeds.config.json or $FEEDLOOM_CONFIG, when present)
  --allow ENTRY   also allow fetching this private/loopback host, host:port or CIDR (repeatable)

Exit status: 0 read, 2 not a feed, 3 the URL could not be fetched.
`;

export const flags: readonly string[] = ['json', 'config', 'allow'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'parse');
  const target = args.positionals[0];
  if (target === undefined || args.positionals.length > 1) {
    throw new FeedloomError('E_USAGE', 'give exactly one feed file or URL: `feedloom parse <file-or-url> [--json]`');
  }
  let feed: ParsedFeed;
  if (isHttpUrl(target)) {
    const fetched = await fetchTarget(target, args);
    if (typeof fetched === 'number') return fetched;
    feed = parseFeed(fetched.body, { url: fetched.finalUrl, contentType: fetched.contentType });
  } else {
    let bytes: Buffer;
    try {
      bytes = await readFile(target);
    } catch (error) {
      throw new FeedloomError('E_FILE', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { where: target, cause: error });
    }
    feed = parseFeed(bytes, {});
  }
  process.stdout.write(args.flags.json === true ? `${JSON.stringify(toContractJson(feed), null, 1)}\n` : describeFeed(feed));
  return EXIT.OK;
}

async function fetchTarget(url: string, args: ParsedArgs): Promise<{ body: Buffer; finalUrl: string; contentType: string | null } | number> {
  const [{ fetchFeed }, { policyFromConfig }, { configSchema }] = await Promise.all([
    import('../../fetch/fetch-feed.js'),
    import('../../fetch/policy.js'),
    import('../../config/schema.js'),
  ]);
  // Like every other command, read the default config when it is there, so its fetch.allow applies.
  const configPath = stringFlag(args, 'config') ?? defaultConfigPath();
  const fetchConfig = configPath === undefined ? configSchema.parse({}).fetch : (await import('../../config/load-config.js')).loadConfig(configPath).fetch;
  try {
    const outcome = await fetchFeed({ url }, policyFromConfig(fetchConfig, listFlag(args, 'allow')));
    if (outcome.kind !== 'fetched') throw new FeedloomError('E_UNSOLICITED_304', 'the server answered 304 to a request without validators', { where: url });
    return { body: outcome.body, finalUrl: outcome.finalUrl, contentType: outcome.contentType };
  } catch (error) {
    if (!isFeedloomError(error)) throw error;
    process.stderr.write(`${error.toLine()}\n`);
    return EXIT.FETCH_FAILED;
  }
}

function defaultConfigPath(): string | undefined {
  const candidate = process.env.FEEDLOOM_CONFIG ?? 'feeds.config.json';
  return existsSync(candidate) ? candidate : undefined;
}

function describeFeed(feed: ParsedFeed): string {
  const lines = [
    `format:   ${feed.format}`,
    `title:    ${feed.title ?? '(none)'}`,
    `link:     ${feed.link ?? '(none)'}`,
    `items:    ${feed.items.length}`,
  ];
  for (const warning of feed.warnings) lines.push(`warning:  ${warning}`);
  if (feed.items.length > 0) lines.push('');
  for (const item of feed.items) {
    lines.push(`${item.published ?? item.updated ?? '(no date)'}  ${item.title ?? '(untitled)'}  ${item.link ?? ''}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
