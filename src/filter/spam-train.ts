/**
 * Training and evaluation of the text classifier (spam-model.ts) from labelled items: the corpus
 * script, `feedloom spam train|eval` and the held-out test share these, so one set of numbers
 * means the same thing everywhere.
 */
import { FeedloomError } from '../core/errors.js';
import { calibrate, classify, modelFromWeights, modelText, trainModel, weightsOf, type Lesson, type ModelWeights, type SpamModel } from './spam-model.js';

export interface LabelledItem extends Lesson {
  /** Optional grouping for the tables: spam class ("pharmacy") and language ("de"). */
  class?: string;
  lang?: string;
}

/** JSON lines of {"label":"spam"|"ham","title","text"}; every bad line is reported at once. */
export function parseLabelled(source: string, where = 'input'): LabelledItem[] {
  const items: LabelledItem[] = [];
  const problems: string[] = [];
  source.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const row = JSON.parse(line) as LabelledItem;
      if (row.label !== 'spam' && row.label !== 'ham') throw new Error(`expected "label" to be "spam" or "ham", got ${JSON.stringify(row.label)}`);
      if (typeof (row.title ?? '') !== 'string' || typeof (row.text ?? '') !== 'string') throw new Error('expected "title" and "text" to be strings');
      items.push(row);
    } catch (error) {
      problems.push(`line ${index + 1}: ${(error as Error).message}`);
    }
  });
  if (problems.length > 0) throw new FeedloomError('E_USAGE', `${where}: ${problems.join('; ')}`);
  return items;
}

/** A model trained on the items (over `base` when given) and calibrated on them, in committed form. */
export function trainWeights(items: Lesson[], base?: ModelWeights): ModelWeights {
  const model = trainModel(modelFromWeights(base), items);
  return weightsOf(base ? model : calibrate(model, items));
}

export interface GroupScore {
  group: string;
  items: number;
  held: number;
}

export interface Evaluation {
  spam: number;
  ham: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  falsePositiveRate: number;
  byClass: GroupScore[];
  byLanguage: GroupScore[];
  /** Misses and false positives, for reading. */
  wrong: LabelledItem[];
}

/** `isSpam` decides one item (the model alone, or the whole verdict); defaults to the model's whole-item or paragraph line. */
export function evaluate(items: LabelledItem[], model: SpamModel, isSpam = (item: LabelledItem) => modelHolds(model, item)): Evaluation {
  let truePositives = 0;
  let falsePositives = 0;
  const wrong: LabelledItem[] = [];
  const classes = new Map<string, GroupScore>();
  const languages = new Map<string, GroupScore>();
  for (const item of items) {
    const held = isSpam(item);
    if (item.label === 'spam' && held) truePositives += 1;
    if (item.label === 'ham' && held) falsePositives += 1;
    if (held !== (item.label === 'spam')) wrong.push(item);
    tally(classes, item.label === 'spam' ? (item.class ?? 'spam') : 'legit', held);
    tally(languages, `${item.lang ?? '?'} ${item.label}`, held);
  }
  const spam = items.filter((item) => item.label === 'spam').length;
  const ham = items.length - spam;
  return {
    spam,
    ham,
    truePositives,
    falsePositives,
    precision: truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
    recall: spam === 0 ? 1 : truePositives / spam,
    falsePositiveRate: ham === 0 ? 0 : falsePositives / ham,
    byClass: [...classes.values()].sort((a, b) => a.group.localeCompare(b.group)),
    byLanguage: [...languages.values()].sort((a, b) => a.group.localeCompare(b.group)),
    wrong,
  };
}

function modelHolds(model: SpamModel, item: LabelledItem): boolean {
  const verdict = classify(model, modelText(item.title, item.text));
  return verdict.margin >= 0 || verdict.paragraphMargin >= 0;
}

function tally(groups: Map<string, GroupScore>, group: string, held: boolean): void {
  const entry = groups.get(group) ?? { group, items: 0, held: 0 };
  entry.items += 1;
  if (held) entry.held += 1;
  groups.set(group, entry);
}

/** The evaluation as a plain-text table (CLI and test output alike). */
export function formatEvaluation(result: Evaluation): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const lines = [
    `spam ${result.spam}, ham ${result.ham}: precision ${percent(result.precision)}, recall ${percent(result.recall)}, false positives ${result.falsePositives} (${percent(result.falsePositiveRate)})`,
    '',
    '| class | items | held | share held |',
    '|---|---|---|---|',
    ...result.byClass.map((row) => `| ${row.group} | ${row.items} | ${row.held} | ${percent(row.held / row.items)} |`),
    '',
    '| language | items | held | share held |',
    '|---|---|---|---|',
    ...result.byLanguage.map((row) => `| ${row.group} | ${row.items} | ${row.held} | ${percent(row.held / row.items)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

export { modelFromWeights };
