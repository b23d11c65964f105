import path from 'node:path';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { acquireLock } from '../../store/lock.js';
import { migrateStore } from '../../store/migrate.js';
import { expectFlags, stringFlag, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Store maintenance: `store migrate --to sqlite|json` moves the store between drivers.';
export const usage = `
Usage: feedloom store migrate --to sqlite|json [--into DIR] [--config FILE]

Copies every item and all source state from the configured store (store.driver, store.path) into a
new store of the other driver in DIR (default: "<store.path>-<driver>"), then checks that the item
and source counts and a content hash agree. The original is left as it was. Afterwards set
"store": { "driver": ..., "path": ... } in the config as printed. "lowdb" is accepted for "json".
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'to', 'into'];
export const words = ['migrate'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'store');
  const [action] = args.positionals;
  if (action !== 'migrate') throw new FeedloomError('E_USAGE', `unknown store action "${action ?? ''}"; try \`feedloom store migrate --to sqlite\``);
  const wanted = stringFlag(args, 'to');
  const to = wanted === 'lowdb' ? 'json' : wanted;
  if (to !== 'sqlite' && to !== 'json') throw new FeedloomError('E_USAGE', '--to must be "sqlite" or "json" (or "lowdb")');
  const config = await configFromArgs(args);
  if (to === config.store.driver) throw new FeedloomError('E_USAGE', `the store already uses the ${to} driver`);
  const into = path.resolve(stringFlag(args, 'into') ?? `${config.storeDir}-${to}`);
  const lock = await acquireLock(config.storeDir);
  try {
    const result = await migrateStore({ driver: config.store.driver, dir: config.storeDir }, { driver: to, dir: into });
    const relative = path.relative(config.baseDir, into) || '.';
    process.stdout.write(
      `migrated ${result.items} items and ${result.sources} sources from ${config.store.driver} (${config.storeDir}) to ${to} (${into}); content hash ${result.hash.slice(0, 16)} verified\n` +
        `now set in ${config.configPath}: "store": { "driver": "${to}", "path": "${relative}" }\n`,
    );
    return EXIT.OK;
  } finally {
    await lock.release();
  }
}
