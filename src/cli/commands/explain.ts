import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import type { ItemDecision } from '../../core/types.js';
import { explainItem, printableTombstone, type Explanation, type ItemExplanation } from '../../ops/explain-item.js';
import { openConfiguredStore } from '../../pipeline/open-configured-store.js';
import { classify, explainParagraph, strongestFeatures, type SpamModel } from '../../filter/spam-model.js';
import { modelTextOf } from '../../filter/spam.js';
import { spamModelFor } from '../../pipeline/spam-model-load.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Show every decision about one item: sources, identity, rules, spam, outputs.';
export const usage = `
Usage: feedloom explain <item-url-or-id> [--config FILE] [--json]

The item is found by its link (as given or with tracking parameters removed), its id
(<source>:<key>, as explain and quarantine print it), its key or its page slug. Items dropped on
arrival by a rule or a tombstone are never stored; their recent decisions are shown all the same.
Reads the store only; changes nothing.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'json'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'explain');
  const query = args.positionals[0];
  if (query === undefined || args.positionals.length > 1) throw new FeedloomError('E_USAGE', 'give exactly one item link or id: `feedloom explain <item-url-or-id>`');
  const config = await configFromArgs(args);
  const store = await openConfiguredStore(config);
  try {
    const state = await store.readState();
    const explanation = explainItem(query, config, state, await store.openItems(), new Date());
    if (args.flags.json === true) process.stdout.write(`${JSON.stringify(explanation, (key, value) => (key === 'uid' || key === 'duplicateOf' || key === 'reason') && typeof value === 'string' ? printableTombstone(value) : value, 2)}\n`);
    else process.stdout.write(formatExplanation(explanation, explanation.items.length > 0 ? spamModelFor(state.spamLessons) : undefined));
    if (explanation.items.length === 0 && explanation.unstoredDecisions.length === 0) {
      process.stderr.write(`E_USAGE: no stored item and no recorded decision matches "${query}"\n`);
      return EXIT.USAGE;
    }
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

/** With `model`, each item also shows the text classifier's view and its strongest features. */
function formatExplanation(explanation: Explanation, model?: SpamModel): string {
  const lines: string[] = [];
  for (const entry of explanation.items) lines.push(...formatItem(entry, model), '');
  if (explanation.unstoredDecisions.length > 0) {
    lines.push('Not stored (dropped on arrival):');
    for (const decision of explanation.unstoredDecisions) lines.push(`  ${formatDecision(decision)}`);
    lines.push('');
  }
  return lines.join('\n');
}

function formatItem(entry: ItemExplanation, model?: SpamModel): string[] {
  const { item } = entry;
  const lines = [
    `${item.title ?? '(untitled)'}`,
    `  id:         ${entry.id}`,
    `  source:     ${item.sourceId} (${entry.sourceState})`,
    `  identity:   key ${JSON.stringify(item.key)}${item.slug ? `, page slug ${item.slug}` : ''}`,
    `  link:       ${item.link ?? '(none)'}${item.canonicalLink && item.canonicalLink !== item.link ? ` (canonical ${item.canonicalLink})` : ''}`,
    `  dated:      ${item.date}; first seen ${item.firstSeenAt}, last seen ${item.lastSeenAt}`,
    `  carried by: ${entry.carriedBy.map((carrier) => `${carrier.sourceId}${carrier.role === 'primary' ? '' : ' (also)'}`).join(', ')}`,
  ];
  if (entry.duplicateOf) lines.push(`  duplicate:  folded into ${entry.duplicateOf.id} from ${entry.duplicateOf.sourceId}`);
  if (entry.spam) {
    const verdict = entry.spam.held ? 'held in quarantine' : entry.spam.approved ? 'approved by the operator' : 'scored';
    lines.push(`  spam:       ${verdict}, score ${entry.spam.score.toFixed(2)}: ${entry.spam.reasons.join(', ')}`);
  } else lines.push('  spam:       clean (or the source is trusted)');
  if (model) {
    const text = modelTextOf(item);
    const features = strongestFeatures(model, text).map((feature) => `'${feature.feature}' ${feature.spam.toFixed(2)} spam`);
    lines.push(`  classifier: ${classify(model, text).probability.toFixed(2)} spam; strongest: ${features.join(', ') || '(no known words)'}`);
    const paragraph = explainParagraph(model, text);
    if (paragraph && (paragraph.held || paragraph.spam > 0.5)) {
      const words = paragraph.strongest.map((feature) => `'${feature.feature}' ${feature.spam.toFixed(2)} spam`).join(', ');
      const shown = paragraph.text.length > 80 ? `${paragraph.text.slice(0, 79)}…` : paragraph.text;
      lines.push(`  paragraph:  ${paragraph.number} ${paragraph.held ? '(past the paragraph line) ' : ''}${paragraph.spam.toFixed(2)} spam: "${shown}"; strongest: ${words || '(no known words)'}`);
    }
  }
  lines.push(`  blocked:    ${entry.blockedBy ? `yes, by tombstone "${entry.blockedBy}"` : 'no'}`);
  for (const decision of entry.decisions) lines.push(`  decision:   ${formatDecision(decision)}`);
  lines.push('  outputs:');
  for (const verdict of entry.outputs) lines.push(`    ${verdict.included ? 'in    ' : 'not in'} ${verdict.output}: ${verdict.reason}`);
  return lines;
}

function formatDecision(decision: ItemDecision): string {
  return `${decision.at} ${decision.decision} ${decision.sourceId}:${decision.key}${decision.title ? ` "${decision.title}"` : ''}: ${printableTombstone(decision.reason)}`;
}
