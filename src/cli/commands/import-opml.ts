import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addSourcesToConfigText, editConfigFile } from '../../config/edit-config.js';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { planImport } from '../../opml/config-opml.js';
import { readOpml } from '../../opml/read-opml.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Add the feeds of an OPML file to the config (nested outlines become categories).';
export const usage = `
Usage: feedloom import-opml <file> [--config FILE] [--dry-run] [--allow-local-paths]

Every outline with an xmlUrl becomes a source; the folder outline around it becomes its category
(plus any OPML 2.0 category attribute). Feeds already in the config, or listed twice, are skipped
and counted. Nothing is fetched: run \`feedloom run\` afterwards. The config keeps its formatting.

  --dry-run            print what would be added without changing the config
  --allow-local-paths  also add outlines whose xmlUrl is a local file path (only for a file you
                       trust, such as your own export: without it such outlines are skipped)
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'dry-run', 'allow-local-paths'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'import-opml');
  const file = args.positionals[0];
  if (file === undefined || args.positionals.length > 1) throw new FeedloomError('E_USAGE', 'give exactly one OPML file: `feedloom import-opml <file>`');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FeedloomError('E_FILE', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { where: file, cause: error });
  }
  const config = await configFromArgs(args);
  const plan = planImport(readOpml(text, { where: file }), config, { allowLocalPaths: args.flags['allow-local-paths'] === true });
  for (const entry of plan.entries) {
    const category = entry.category === undefined ? '' : ` [${[entry.category].flat().join(', ')}]`;
    process.stdout.write(`${args.flags['dry-run'] === true ? 'would add' : 'add'} ${entry.id}: ${entry.url}${category}\n`);
  }
  for (const skipped of plan.invalid) process.stderr.write(`skipped ${skipped.url}: ${skipped.reason}\n`);
  if (plan.entries.length > 0 && args.flags['dry-run'] !== true) await editConfigFile(config.configPath, (current) => addSourcesToConfigText(current, plan.entries));
  const where = path.relative(process.cwd(), config.configPath) || config.configPath;
  process.stdout.write(`${plan.entries.length} added, ${plan.duplicates.length} duplicate(s) skipped, ${plan.invalid.length} invalid skipped (${where})\n`);
  return EXIT.OK;
}

/** Every message about the OPML file names it: "not an OPML document" alone does not say which. */
