import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG_FILE } from '../../config/config-file.js';
import { isHttpUrl } from '../../config/defaults.js';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { expectFlags, stringFlag, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS } from '../context.js';

export const summary = 'Write a starter config (site title, URL, one example source); never overwrites.';
export const usage = `
Usage: feedloom init [--title T] [--url URL] [--config FILE]

Writes FILE (default: feeds.config.json, or $FEEDLOOM_CONFIG) with the site's title and public URL,
article pages switched on and one example source, then prints what each part is for. An existing
file is never replaced. The config is plain JSON, which holds no comments: its "$schema" line lets
an editor complete and explain every key, and docs/configuration.md lists them all.

  --title T    the site's title (default: "My planet")
  --url URL    the public URL out/ will be served at (default: https://planet.example.org/)
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'title', 'url'];

/** The schema shipped beside feedloom, wherever it is installed (a checkout, node_modules). */
const SHIPPED_SCHEMA = fileURLToPath(new URL('../../../feeds.schema.json', import.meta.url));

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'init');
  if (args.positionals.length > 0) throw new FeedloomError('E_USAGE', `init takes no arguments (got "${args.positionals[0]}"); name the file with --config FILE`);
  const target = path.resolve(stringFlag(args, 'config') ?? process.env.FEEDLOOM_CONFIG ?? DEFAULT_CONFIG_FILE);
  const title = stringFlag(args, 'title') ?? 'My planet';
  const url = stringFlag(args, 'url') ?? 'https://planet.example.org/';
  if (!isHttpUrl(url)) throw new FeedloomError('E_USAGE', `--url must be an http(s) URL, got "${url}"`);
  const text = starterConfig({ title, url, schema: schemaReference(path.dirname(target)) });
  // Checked by the same schema as every run, so the starter is valid before it lands on disk.
  const { resolveConfig } = await import('../../config/load-config.js');
  resolveConfig(JSON.parse(text), target);
  try {
    // 'wx': created only if absent, decided by the file system, so a race cannot overwrite either.
    await writeFile(target, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new FeedloomError('E_USAGE', 'already exists; nothing written (edit it, or write elsewhere with --config FILE)', { where: target });
    }
    throw new FeedloomError('E_FILE', `cannot write the config: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { where: target, cause: error });
  }
  const shown = path.relative(process.cwd(), target) || target;
  process.stdout.write(`wrote ${shown}:
  site.title, site.url  your site's name, and the public address of out/ (every self link uses it)
  output.pages          article pages, the front page and category pages, beside the feeds
  sources               one example; add yours with \`feedloom add <url>\`, remove it with \`feedloom remove lwn\`
Every key is described in docs/configuration.md of feedloom's repository, and your editor completes and explains them through "$schema".
next: \`feedloom check\`, then \`feedloom run\`\n`);
  return EXIT.OK;
}

function schemaReference(configDir: string): string {
  const relative = path.relative(configDir, SHIPPED_SCHEMA).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The README's minimal config with one source, laid out as `add` keeps it (one line per source); output.pages is written out, though on by default, so the switch is in sight. */
function starterConfig(site: { title: string; url: string; schema: string }): string {
  return `{
  "$schema": ${JSON.stringify(site.schema)},
  "site": { "title": ${JSON.stringify(site.title)}, "url": ${JSON.stringify(site.url)} },
  "output": { "pages": true },
  "sources": [
    { "id": "lwn", "url": "https://lwn.net/headlines/rss", "category": "Linux" }
  ]
}
`;
}
