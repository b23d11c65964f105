import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { removeLessons, lessonOf } from '../../filter/spam-lessons.js';
import { canonicalLink } from '../../normalise/url.js';
import { editStoreAndPublish } from '../../ops/edit-store.js';
import { findItems, printableId, printableTombstone } from '../../ops/explain-item.js';
import { compileBlocklist } from '../../pipeline/blocklist.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Remove a tombstone that `block` added, and publish again.';
export const usage = `
Usage: feedloom unblock <id|link|pattern> [--config FILE]

Removes the tombstone named exactly as \`feedloom block --list\` prints it, and every tombstone
that names the same item: its id, its link (as given or canonical), its page slug. The outputs are
published again, so the item comes back at once, and a spam lesson its blocking taught is dropped.
An item that another pattern still matches stays hidden; the pattern is named.
`;

export const flags: readonly string[] = CONFIG_FLAGS;

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'unblock');
  const target = args.positionals[0];
  if (target === undefined || args.positionals.length > 1) throw new FeedloomError('E_USAGE', 'give exactly one tombstone: `feedloom unblock <id|link|pattern>` (`feedloom block --list` shows them)');
  const config = await configFromArgs(args);
  // Nothing matched: the edit throws before anything is written or published.
  const { result, outputs } = await editStoreAndPublish(config, ({ state, items }) => {
    const matches = findItems(target, items);
    const names = new Set([target, target.replace(':', '\u0000'), canonicalLink(target), ...matches.map((item) => item.uid)]);
    const removed = state.blocked.filter((entry) => names.has(entry) || names.has(canonicalLink(entry)));
    if (removed.length === 0) throw new FeedloomError('E_USAGE', `not blocked: "${target}"; \`feedloom block --list\` shows the tombstones`);
    state.blocked = state.blocked.filter((entry) => !removed.includes(entry));
    const lifted = compileBlocklist(removed);
    const released = [...items.all()].filter((item) => lifted.match(item, item.uid) !== null);
    const still = compileBlocklist(state.blocked);
    // An item another tombstone still hides is still taught as spam.
    removeLessons(state, released.filter((item) => still.match(item, item.uid) === null).map((item) => lessonOf(item, 'spam')));
    return {
      removed: removed.map(printableTombstone),
      released: released.map((item) => ({ line: `${printableId(item)}${item.title ? ` "${item.title}"` : ''}`, stillBy: still.match(item, item.uid) })),
    };
  });
  process.stdout.write(`unblocked: ${result.removed.join(', ')}\n`);
  for (const item of result.released) {
    process.stdout.write(item.stillBy === null ? `  shows ${item.line}\n` : `  ${item.line} stays hidden by ${printableTombstone(item.stillBy)}\n`);
  }
  process.stdout.write(`outputs: ${outputs.written.length} written, ${outputs.removed.length} removed\n`);
  return EXIT.OK;
}
