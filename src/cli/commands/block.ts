import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { canonicalLink } from '../../normalise/url.js';
import { editStoreAndPublish } from '../../ops/edit-store.js';
import { findItems, printableId, printableTombstone } from '../../ops/explain-item.js';
import { compileBlocklist, isBlocked } from '../../pipeline/blocklist.js';
import type { ResolvedConfig } from '../../config/resolve-config.js';
import { itemUid } from '../../store/store.js';
import { openConfiguredStore } from '../../pipeline/open-configured-store.js';
import { addLessons, lessonOf } from '../../filter/spam-lessons.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Keep an item (by link, id or pattern) out of every output for good.';
export const usage = `
Usage: feedloom block <url|id|pattern> [--config FILE]
       feedloom block --list [--config FILE]

Adds a tombstone and publishes the outputs again, so the item disappears from every feed, the
digest and the pages at once. Tombstones live in the store's state, not on items: they survive
retention, and an item that comes back in its feed stays out. A blocked item (not a pattern) also
teaches the text classifier spam for this installation.

  <url>       an item link (tracking parameters are ignored)
  <id>        an item id as explain and quarantine print it (<source>:<key>), or a page slug
  /regex/i    a regular expression tested on the link and the title
  glob*       a pattern with * tested on the link and the title

--list prints every tombstone and how many stored items it hides; \`feedloom unblock\` removes one.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'list'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'block');
  if (args.flags.list === true) {
    if (args.positionals.length > 0) throw new FeedloomError('E_USAGE', '--list takes no link, id or pattern: `feedloom block --list`');
    return listTombstones(await configFromArgs(args));
  }
  const target = args.positionals[0];
  if (target === undefined || args.positionals.length > 1) throw new FeedloomError('E_USAGE', 'give exactly one link, id or pattern: `feedloom block <url|id|pattern>`');
  try {
    compileBlocklist([target]);
  } catch (error) {
    throw new FeedloomError('E_USAGE', `not a valid pattern: ${(error as Error).message}`, { where: target, cause: error });
  }
  const config = await configFromArgs(args);
  const { result, outputs } = await editStoreAndPublish(config, ({ state, items }) => {
    const isPattern = /^\/.+\/[imsu]*$/.test(target) || target.includes('*');
    const isLink = /^https?:\/\//i.test(target);
    const matches = isPattern ? [] : findItems(target, items);
    const id = /^([a-z0-9][a-z0-9._-]*):(.+)$/i.exec(target);
    // An id or slug is stored as the item's uid (an id of an item not stored yet too, so it is kept
    // out when it arrives); a link as given and in its canonical form.
    const entries =
      isLink ? [target, ...(canonicalLink(target) !== target ? [canonicalLink(target)] : [])]
      : matches.length > 0 ? matches.map((item) => item.uid)
      : id && config.sources.some((source) => source.id === id[1]) ? [itemUid(id[1], id[2])]
      : [target];
    const added = entries.filter((entry) => !state.blocked.includes(entry));
    state.blocked = [...state.blocked, ...added];
    addLessons(state, matches.map((item) => lessonOf(item, 'spam')));
    const blocklist = compileBlocklist(state.blocked);
    const hidden = [...items.all()].filter((item) => isBlocked(blocklist, item) && compileBlocklist(entries).match(item, item.uid) !== null);
    return { added, hidden: hidden.map((item) => `${printableId(item)}${item.title ? ` "${item.title}"` : ''}`) };
  });
  if (result.added.length === 0) process.stdout.write(`already blocked: ${target}\n`);
  else process.stdout.write(`blocked: ${result.added.map(printableTombstone).join(', ')}\n`);
  for (const line of result.hidden) process.stdout.write(`  hides ${line}\n`);
  if (result.hidden.length === 0) process.stdout.write('  no stored item matches now; it will be kept out if it arrives\n');
  process.stdout.write(`outputs: ${outputs.written.length} written, ${outputs.removed.length} removed\n`);
  return EXIT.OK;
}

async function listTombstones(config: ResolvedConfig): Promise<number> {
  const store = await openConfiguredStore(config);
  try {
    const state = await store.readState();
    if (state.blocked.length === 0) {
      process.stdout.write('nothing is blocked\n');
      return EXIT.OK;
    }
    const items = [...(await store.openItems()).all()];
    for (const entry of state.blocked) {
      const tombstone = compileBlocklist([entry]);
      const hides = items.filter((item) => tombstone.match(item, item.uid) !== null).length;
      process.stdout.write(`${printableTombstone(entry)}  (hides ${hides} stored item${hides === 1 ? '' : 's'})\n`);
    }
    process.stdout.write(`${state.blocked.length} tombstone(s); remove one with \`feedloom unblock <entry>\`\n`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}
