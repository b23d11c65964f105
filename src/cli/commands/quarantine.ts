import { EXIT } from '../../core/exit-codes.js';
import { printableId } from '../../ops/explain-item.js';
import { openConfiguredStore } from '../../pipeline/open-configured-store.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'List items held as likely spam, with the reasons.';
export const usage = `
Usage: feedloom quarantine [--config FILE] [--json]

Held items are kept out of every output until approved (\`feedloom approve <id>\`) or pruned by
retention. Each line gives the id to approve, the spam score and its reason codes.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'json'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'quarantine');
  const config = await configFromArgs(args);
  const store = await openConfiguredStore(config);
  try {
    const held = (await store.openItems()).quarantined();
    const rows = held.map((item) => ({
      id: printableId(item),
      source: item.sourceId,
      title: item.title,
      link: item.link,
      date: item.date,
      score: item.quarantine!.score,
      reasons: item.quarantine!.reasons,
    }));
    if (args.flags.json === true) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return EXIT.OK;
    }
    if (rows.length === 0) {
      process.stdout.write('no items are held\n');
      return EXIT.OK;
    }
    for (const row of rows) {
      process.stdout.write(`${row.id}\n  ${row.title ?? '(untitled)'}\n  ${row.link ?? '(no link)'}\n  score ${row.score.toFixed(2)}: ${row.reasons.join(', ')}\n`);
    }
    process.stdout.write(`${rows.length} held; approve one with \`feedloom approve <id>\`\n`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}
