import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { editStoreAndPublish } from '../../ops/edit-store.js';
import { findItems, printableId } from '../../ops/explain-item.js';
import { addLessons, lessonOf } from '../../filter/spam-lessons.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Release a held item from quarantine and publish it.';
export const usage = `
Usage: feedloom approve <id> [--config FILE]

<id> as \`feedloom quarantine\` prints it (<source>:<key>), or the item's link. The item is marked
approved (the spam verdict is kept for \`explain\`), the text classifier learns it as legit for
this installation, and the outputs are published again.
`;

export const flags: readonly string[] = CONFIG_FLAGS;

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'approve');
  const target = args.positionals[0];
  if (target === undefined || args.positionals.length > 1) throw new FeedloomError('E_USAGE', 'give exactly one item id: `feedloom approve <id>`');
  const config = await configFromArgs(args);
  const { result, outputs } = await editStoreAndPublish(config, ({ state, items }) => {
    const matches = findItems(target, items);
    const held = matches.filter((item) => item.quarantine !== null && !item.approved);
    if (matches.length === 0) throw new FeedloomError('E_USAGE', `no stored item matches "${target}"; \`feedloom quarantine\` lists the held ones`);
    for (const item of held) items.put({ ...item, approved: true });
    addLessons(state, held.map((item) => lessonOf(item, 'ham')));
    return { approved: held.map(printableId), notHeld: matches.filter((item) => !held.includes(item)).map(printableId) };
  });
  for (const id of result.approved) process.stdout.write(`approved ${id}\n`);
  for (const id of result.notHeld) process.stdout.write(`${id} was not held; nothing to approve\n`);
  process.stdout.write(`outputs: ${outputs.written.length} written, ${outputs.removed.length} removed\n`);
  return EXIT.OK;
}
