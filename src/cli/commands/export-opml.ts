import path from 'node:path';
import { EXIT } from '../../core/exit-codes.js';
import { exportSourcesOpml } from '../../opml/config-opml.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { openConfiguredStore } from '../../pipeline/open-configured-store.js';
import { expectFlags, stringFlag, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Print (or write) the sources as OPML 2.0, with titles, site links and categories.';
export const usage = `
Usage: feedloom export-opml [--output FILE] [--config FILE]

Every configured source becomes an <outline type="rss"> with text, xmlUrl, htmlUrl (the site link
from the feed, once fetched) and category, inside a folder outline named for its first category.
\`feedloom import-opml\` of the result into the same config changes nothing: this is the
operator's own list, intranet and local-file sources included, by their config URLs (credentials
redacted). Every run also publishes out/sources.opml for subscribers: live http(s) sources on
public hosts only, by their current URLs (docs/security.md).

  --output FILE   write to FILE instead of stdout
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'output'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'export-opml');
  const config = await configFromArgs(args);
  const store = await openConfiguredStore(config);
  try {
    const opml = exportSourcesOpml(config, await store.readState(), { publicOnly: false });
    const output = stringFlag(args, 'output');
    if (output === undefined) process.stdout.write(opml);
    else {
      await writeFileAtomic(path.resolve(output), opml);
      process.stdout.write(`wrote ${config.sources.length} source(s) to ${output}\n`);
    }
    return EXIT.OK;
  } finally {
    await store.close();
  }
}
