import { EXIT } from '../../core/exit-codes.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Validate the config file and report every problem at once.';
export const usage = `
Usage: feedloom check [--config FILE]

Validates the config without touching the network or the store. Exit 0 when valid, 78 with one
line per problem (key path, expectation, value given, "did you mean" for typos) when not.
`;

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, CONFIG_FLAGS, 'check');
  const config = await configFromArgs(args);
  const enabled = config.sources.filter((source) => source.enabled).length;
  const categories = new Set(config.sources.flatMap((source) => source.categories));
  process.stdout.write(`${config.configPath}: ok — ${config.sources.length} sources (${enabled} enabled), ${categories.size} categories, store: ${config.store.driver} in ${config.storeDir}, outputs in ${config.outDir}, operator files in ${config.operatorDir}\n`);
  return EXIT.OK;
}
