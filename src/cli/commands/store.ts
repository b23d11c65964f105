import path from 'node:path';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { acquireLock } from '../../store/lock.js';
import { migrateStore, type StoreLocation } from '../../store/migrate.js';
import { databaseUrlOf, describeDatabase } from '../../store/database-url.js';
import { storeOptionsOf } from '../../pipeline/open-configured-store.js';
import { expectFlags, stringFlag, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Store maintenance: `store migrate --to sqlite|json|postgres` moves the store between drivers.';
export const usage = `
Usage: feedloom store migrate --to sqlite|json|postgres [--into DIR | --url URL] [--config FILE]

Copies every item and all source state from the configured store (store.driver, store.path or
store.url) into a new, empty store of another driver, then checks that the item and source counts
and a content hash agree. The original is left as it was. Afterwards set "store" in the config as
printed. "lowdb" is accepted for "json".

  --into DIR   sqlite or json: the target directory (default: "<store.path>-<driver>")
  --url URL    postgres: the target database (default: $FEEDLOOM_DATABASE_URL); it must hold no
               feedloom store yet. The password is never printed.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'to', 'into', 'url'];
export const words = ['migrate'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'store');
  const [action] = args.positionals;
  if (action !== 'migrate') throw new FeedloomError('E_USAGE', `unknown store action "${action ?? ''}"; try \`feedloom store migrate --to sqlite\``);
  const wanted = stringFlag(args, 'to');
  const to = wanted === 'lowdb' ? 'json' : wanted;
  if (to !== 'sqlite' && to !== 'json' && to !== 'postgres') throw new FeedloomError('E_USAGE', '--to must be "sqlite", "json" (or "lowdb") or "postgres"');
  const config = await configFromArgs(args);
  if (to === config.store.driver) throw new FeedloomError('E_USAGE', `the store already uses the ${to} driver`);
  const from = storeOptionsOf(config);
  const target: StoreLocation =
    to === 'postgres'
      ? { driver: to, dir: config.storeDir, url: stringFlag(args, 'url') ?? databaseUrlOf(undefined), titleSimilarity: config.dedupe.titleSimilarity }
      : { driver: to, dir: path.resolve(stringFlag(args, 'into') ?? `${config.storeDir}-${to}`) };
  if (to === 'postgres' && !target.url) throw new FeedloomError('E_USAGE', '--to postgres needs --url postgres://… or $FEEDLOOM_DATABASE_URL');
  // The file lock guards the json and sqlite stores; a postgres source is read in one pass.
  const lock = config.store.driver === 'postgres' ? null : await acquireLock(config.storeDir);
  try {
    const result = await migrateStore(from, target);
    const described = (location: { driver: string; dir: string; url?: string }) => (location.driver === 'postgres' ? describeDatabase(location.url ?? '') : location.dir);
    const setting =
      to === 'postgres'
        ? `"store": { "driver": "postgres", "url": "postgres://…/${describeDatabase(target.url!).split('/').pop()}" } (or set $FEEDLOOM_DATABASE_URL)`
        : `"store": { "driver": "${to}", "path": "${path.relative(config.baseDir, target.dir) || '.'}" }`;
    process.stdout.write(
      `migrated ${result.items} items and ${result.sources} sources from ${config.store.driver} (${described(from)}) to ${to} (${described(target)}); content hash ${result.hash.slice(0, 16)} verified\n` +
        `now set in ${config.configPath}: ${setting}\n`,
    );
    return EXIT.OK;
  } finally {
    await lock?.release();
  }
}
