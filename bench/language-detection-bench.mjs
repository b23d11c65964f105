#!/usr/bin/env node
/**
 * Issue 13's last paragraph: the project's own language guesser (src/normalise/language.ts)
 * against three maintained detectors, eld (medium database), tinyld and franc-min, for accuracy
 * and speed on short texts. Run `npm run build` first (it imports dist/). The detectors are
 * devDependencies, used here only. Results: docs/language-detection.md.
 *
 *   node bench/language-detection-bench.mjs
 *
 * Texts, each labelled with its language:
 * - the spam corpus's test split (generated; de, en, es, fr, it, pt; SpamAssassin mail left out):
 *   the title alone, and title plus body cut to 120 characters;
 * - the issue-6 fixture feeds' legit items (12 languages, labelled by their source): the title
 *   alone, and title plus summary cut to 200 characters.
 * A detector's answer is right, wrong, or none (null, "und", ""): for the spam check no answer is
 * safer than a wrong one, so both are shown. Speed is CPU time per call, median of 3 rounds.
 */
import { readFileSync } from 'node:fs';
import { eld } from 'eld/medium';
import { detect as tinyld } from 'tinyld';
import { franc } from 'franc-min';
import { detectLanguage } from '../dist/normalise/language.js';
import { htmlToText } from '../dist/normalise/html.js';

const ISO3 = { eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', rus: 'ru', ukr: 'uk', tur: 'tr', ind: 'id', jpn: 'ja', nld: 'nl', pol: 'pl', swe: 'sv' };
const detectors = {
  'feedloom (language.ts)': (text) => detectLanguage(text),
  'eld 2.1 (medium)': (text) => eld.detect(text).language || null,
  'tinyld 1.3': (text) => tinyld(text) || null,
  'franc-min 6.2': (text) => {
    const code = franc(text);
    return code === 'und' ? null : (ISO3[code] ?? code);
  },
};

const corpus = readFileSync(new URL('../test/fixtures/spam-corpus/test.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((row) => row.source !== 'spamassassin');
const fixtures = JSON.parse(readFileSync(new URL('../test/fixtures/spam/legit.json', import.meta.url), 'utf8'));
const fixtureItems = fixtures.flatMap((source) => source.items.map((item) => ({ lang: source.language, title: item.title ?? '', body: htmlToText(item.summary ?? item.content ?? '') })));
const sets = {
  'corpus titles': corpus.map((row) => ({ lang: row.lang, text: row.title })),
  'corpus title + body, 120 chars': corpus.map((row) => ({ lang: row.lang, text: `${row.title}. ${row.text}`.slice(0, 120) })),
  'fixture titles': fixtureItems.map((item) => ({ lang: item.lang, text: item.title })),
  'fixture title + summary, 200 chars': fixtureItems.map((item) => ({ lang: item.lang, text: `${item.title}. ${item.body}`.slice(0, 200) })),
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percent = (part, whole) => `${((part / whole) * 100).toFixed(1)} %`;
const lines = [];
for (const [setName, rows] of Object.entries(sets)) {
  const languages = [...new Set(rows.map((row) => row.lang))].sort();
  lines.push(`\n${setName}: ${rows.length} texts, ${(rows.reduce((sum, row) => sum + row.text.length, 0) / rows.length).toFixed(0)} characters on average, ${languages.join(' ')}`);
  lines.push('| detector | right | wrong | no answer | µs per text |', '|---|---|---|---|---|');
  for (const [name, detect] of Object.entries(detectors)) {
    let right = 0;
    let wrong = 0;
    const confusions = new Map();
    for (const row of rows) {
      const guess = detect(row.text);
      if (guess === row.lang) right += 1;
      else if (guess !== null) {
        wrong += 1;
        confusions.set(`${row.lang}→${guess}`, (confusions.get(`${row.lang}→${guess}`) ?? 0) + 1);
      }
    }
    const timing = () => {
      const started = process.cpuUsage();
      for (const row of rows) detect(row.text);
      const used = process.cpuUsage(started);
      return (used.user + used.system) / rows.length;
    };
    timing();
    const micros = median([timing(), timing(), timing()]);
    const top = [...confusions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([pair, count]) => `${pair} ${count}`).join(', ');
    lines.push(`| ${name} | ${percent(right, rows.length)} | ${percent(wrong, rows.length)}${top ? ` (${top})` : ''} | ${percent(rows.length - right - wrong, rows.length)} | ${micros.toFixed(1)} |`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
