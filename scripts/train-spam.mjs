#!/usr/bin/env node
/**
 * Trains the shipped text classifier on the corpus's train split and writes models/spam-model.json,
 * then prints its score on the held-out test split. Run `npm run build` first (it imports dist/).
 *
 *   node scripts/spam-corpus.mjs && npm run build && node scripts/train-spam.mjs
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, formatEvaluation, modelFromWeights, parseLabelled, trainWeights } from '../dist/filter/spam-train.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, 'test', 'fixtures', 'spam-corpus');
const train = parseLabelled(readFileSync(join(corpus, 'train.jsonl'), 'utf8'), 'train.jsonl');
const test = parseLabelled(readFileSync(join(corpus, 'test.jsonl'), 'utf8'), 'test.jsonl');
const counts = trainWeights(train);
mkdirSync(join(root, 'data'), { recursive: true });
writeFileSync(join(root, 'models', 'spam-model.json'), `${JSON.stringify(counts)}\n`);
const model = modelFromWeights(counts);
process.stdout.write(`models/spam-model.json: ${model.weights.filter((weight) => weight !== 0).length} buckets with a weight, threshold ${counts.threshold}, spread ${counts.spread}\n`);
process.stdout.write(formatEvaluation(evaluate(test, model)));
