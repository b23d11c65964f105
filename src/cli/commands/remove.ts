import path from 'node:path';
import { editConfigFile, removeSourceFromConfigText } from '../../config/edit-config.js';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Remove a source from the config file by its id.';
export const usage = `
Usage: feedloom remove <id> [--config FILE]

Deletes the source's entry from the config file, keeping everything else as it was. Its stored
items and state stay until retention removes them; they are no longer published from the next run.
`;

export const flags: readonly string[] = CONFIG_FLAGS;

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'remove');
  const id = args.positionals[0];
  if (id === undefined || args.positionals.length > 1) throw new FeedloomError('E_USAGE', 'give exactly one source id: `feedloom remove <id>`');
  const config = await configFromArgs(args);
  const source = config.sources.find((entry) => entry.id === id);
  if (!source) {
    const known = config.sources.map((entry) => entry.id).join(', ') || 'none';
    throw new FeedloomError('E_USAGE', `no source with id "${id}" in the config (known: ${known})`, { where: config.configPath });
  }
  await editConfigFile(config.configPath, (text) => removeSourceFromConfigText(text, id));
  process.stdout.write(`removed "${id}" (${source.url}) from ${path.relative(process.cwd(), config.configPath) || config.configPath}\n`);
  return EXIT.OK;
}
