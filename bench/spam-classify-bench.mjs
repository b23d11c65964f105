#!/usr/bin/env node
/**
 * Cost of classifying an item with the shipped text classifier (issue 11's per-item budget, aim
 * ≤ 30 µs): tokenise, hash and sum over every item of the labelled corpus's test split, as the
 * whole-item text the verdict reads. Prints the median of 3 rounds after a warm-up, overall and by
 * text length, in CPU time. Run `npm run build` first (it imports dist/).
 *
 *   node bench/spam-classify-bench.mjs [--split test|train]
 *
 * FEEDLOOM_BENCH_ROOT measures another checkout's dist/ and model (a branch, main) on this
 * checkout's corpus, so before and after read the same items.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(process.env.FEEDLOOM_BENCH_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const dist = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const { classify, modelText } = await dist('filter/spam-model.js');
const { spamModelFor } = await dist('pipeline/spam-model-load.js');
const { parseLabelled } = await dist('filter/spam-train.js');

const split = process.argv.includes('--split') ? process.argv[process.argv.indexOf('--split') + 1] : 'test';
const rows = parseLabelled(readFileSync(new URL(`../test/fixtures/spam-corpus/${split}.jsonl`, import.meta.url), 'utf8'), split);
const texts = rows.map((row) => modelText(row.title, row.text));
const model = spamModelFor();

// CPU time, not wall time: the machine is shared, and a wall clock counts the waits for a core.
function perItem(list) {
  const started = process.cpuUsage();
  for (const text of list) classify(model, text);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / list.length;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const groups = [
  ['all', texts],
  ['≤ 300 chars', texts.filter((t) => t.length <= 300)],
  ['300–600 chars', texts.filter((t) => t.length > 300 && t.length <= 600)],
  ['> 600 chars', texts.filter((t) => t.length > 600)],
];
perItem(texts);
perItem(texts);
for (const [name, list] of groups) {
  const rounds = [perItem(list), perItem(list), perItem(list)];
  const chars = list.reduce((sum, t) => sum + t.length, 0) / Math.max(1, list.length);
  process.stdout.write(`${name}: ${list.length} items, ${chars.toFixed(0)} chars on average, ${median(rounds).toFixed(1)} µs per item (median of ${rounds.map((r) => r.toFixed(1)).join(', ')})\n`);
}

// What the paragraph scores add before classifying (issue 13): the body's text per paragraph, from
// sanitised <p> markup, beside the whole-text extraction every item had already.
const html = await dist('normalise/html.js');
if (html.htmlToParagraphs) {
  const bodies = rows.map((row) => `<p>${(row.text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n\n/g, '</p><p>')}</p>`);
  const extract = () => {
    const started = process.cpuUsage();
    for (const body of bodies) html.htmlToParagraphs(body);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / bodies.length;
  };
  extract();
  const rounds = [extract(), extract(), extract()];
  process.stdout.write(`paragraph text (htmlToParagraphs): ${median(rounds).toFixed(1)} µs per item (median of ${rounds.map((r) => r.toFixed(1)).join(', ')})\n`);
}
