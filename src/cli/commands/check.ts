import path from 'node:path';
import { readConfigJson } from '../../config/config-file.js';
import type { ResolvedConfig } from '../../config/resolve-config.js';
import { EXIT } from '../../core/exit-codes.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { paletteFor } from '../colour.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';
import { storeOptionsOf } from '../../pipeline/open-configured-store.js';

export const summary = 'Validate the config file and report every problem at once.';
export const usage = `
Usage: feedloom check [--config FILE]

Validates the config without touching the network or the store. Exit 0 when valid, 78 with one
line per problem (key path, expectation, value given, "did you mean" for typos) when not. A valid
config that would publish wrong links (no site.url) gets a warning on stderr, and still exit 0.
With store.driver "postgres" it also connects to the database ($FEEDLOOM_DATABASE_URL, else
store.url) and reads its schema version: a wrong URL or a refused connection exits 70 naming the
host and database, never the password.
`;

export const flags: readonly string[] = CONFIG_FLAGS;

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'check');
  const config = await configFromArgs(args);
  const enabled = config.sources.filter((source) => source.enabled).length;
  const categories = new Set(config.sources.flatMap((source) => source.categories));
  if (config.store.driver === 'postgres') {
    const { checkDatabase } = await import('../../store/postgres-schema.js');
    const found = await checkDatabase(storeOptionsOf(config).url);
    process.stdout.write(`store: postgres at ${found.where}, ${found.version === 0 ? 'empty (the first run creates the tables)' : `schema version ${found.version}`}\n`);
  }
  for (const warning of configWarnings(config)) process.stderr.write(`${paletteFor(process.stderr).yellow('warning:')} ${warning}\n`);
  process.stdout.write(`${config.configPath}: ok — ${config.sources.length} sources (${enabled} enabled), ${categories.size} categories, store: ${config.store.driver} in ${config.storeDir}, outputs in ${config.outDir}${config.output.pages ? '' : ' (feeds and digest only: output.pages is off)'}, operator files in ${config.operatorDir}\n`);
  return EXIT.OK;
}

/** Valid, but probably not what the operator wants published. */
function configWarnings(config: ResolvedConfig): string[] {
  const warnings: string[] = [];
  const { data } = readConfigJson(config.configPath);
  const site = (data as { site?: { url?: unknown } }).site;
  if (site?.url === undefined) {
    warnings.push(`site.url is not set, so every self link in the feeds and pages says ${config.site.url}; set it to the public address of ${path.relative(config.baseDir, config.outDir) || config.outDir}/`);
  }
  return warnings;
}
