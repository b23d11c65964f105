import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { evaluate, formatEvaluation, parseLabelled, trainWeights } from '../../filter/spam-train.js';
import { readShippedModel } from '../../pipeline/spam-model-load.js';
import { modelFromWeights } from '../../filter/spam-model.js';
import { expectFlags, type ParsedArgs } from '../args.js';

export const summary = 'Train the spam text classifier on your own labelled items, or measure it.';
export const usage = `
Usage: feedloom spam train FILE [--model OUT] [--from-scratch]
       feedloom spam eval FILE [--model MODEL]

FILE holds JSON lines: {"label":"spam"|"ham","title":"…","text":"…"} ("class" and "lang", when
given, group the tables). \`train\` writes a model (default: models/spam-model.json beside feedloom,
replacing the shipped one) trained on the shipped weights plus FILE, or on FILE alone with
--from-scratch (then FILE should hold thousands of items of both kinds). \`eval\` prints precision,
recall, the false-positive rate and the tables by class and language for a model (default: the
shipped one) on FILE, which should hold items the model was not trained on.
`;

const DEFAULT_MODEL = fileURLToPath(new URL('../../../models/spam-model.json', import.meta.url));

export const flags: readonly string[] = ['model', 'from-scratch'];
export const words = ['train', 'eval'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'spam');
  const [verb, file] = args.positionals;
  if ((verb !== 'train' && verb !== 'eval') || file === undefined || args.positionals.length > 2) {
    throw new FeedloomError('E_USAGE', 'expected `feedloom spam train FILE` or `feedloom spam eval FILE`');
  }
  const modelFlag = typeof args.flags.model === 'string' ? args.flags.model : undefined;
  const items = parseLabelled(await readFile(file, 'utf8').catch((error: Error) => {
    throw new FeedloomError('E_FILE', `cannot read: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { where: file, cause: error });
  }), file);
  if (verb === 'eval') {
    const weights = modelFlag ? readShippedModel(modelFlag) : readShippedModel();
    process.stdout.write(formatEvaluation(evaluate(items, modelFromWeights(weights))));
    return EXIT.OK;
  }
  const weights = trainWeights(items, args.flags['from-scratch'] === true ? undefined : readShippedModel());
  const out = modelFlag ?? DEFAULT_MODEL;
  await writeFile(out, `${JSON.stringify(weights)}\n`);
  process.stdout.write(`trained on ${items.length} items (${items.filter((item) => item.label === 'spam').length} spam); wrote ${out}\n`);
  return EXIT.OK;
}
