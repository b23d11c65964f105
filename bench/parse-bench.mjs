/**
 * Parse benchmark (issue 3): feedloom's parser beside rss-parser, measured in the same run, on one
 * generated 5,000-item RSS feed and, when ../shared/corpus exists, on the conformance corpus.
 * Reports MB/s and items/s as the median of 3 runs. Needs a built dist/ (`npm run build`).
 *
 *   node bench/parse-bench.mjs            prints the table
 *   import { runParseBench } from './parse-bench.mjs'   returns the rows
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'feeds');
const RUNS = 3;

export function generateFeed(items = 5000) {
  const parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title><link>http://example.org/</link><description>Generated</description>'];
  for (let i = 0; i < items; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    parts.push(
      `<item><title>Item ${i} &amp; friends</title><link>http://example.org/posts/${i}</link><guid isPermaLink="false">post-${i}</guid>` +
        `<pubDate>Sat, ${day} Dec 2003 18:30:02 GMT</pubDate><dc:creator>Author ${i % 17}</dc:creator><category>cat-${i % 9}</category>` +
        `<description>&lt;p&gt;Summary of item ${i}, with &lt;a href="/x/${i}"&gt;a link&lt;/a&gt;.&lt;/p&gt;</description>` +
        `<content:encoded><![CDATA[<p>Body of item ${i}.</p><p>${'Lorem ipsum dolor sit amet. '.repeat(8)}</p>]]></content:encoded>` +
        `<enclosure url="http://example.org/a/${i}.mp3" type="audio/mpeg" length="${1000 + i}"/></item>`,
    );
  }
  parts.push('</channel></rss>');
  return Buffer.from(parts.join(''));
}

function corpusDocuments() {
  if (!existsSync(CORPUS)) return null;
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(xml|rss|atom|rdf|json)$/.test(name) && !name.endsWith('.expected.json')) out.push(readFileSync(full));
    }
  };
  walk(CORPUS);
  return out;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `parseOne` over every document RUNS times; returns the median time and what was read. */
async function measure(documents, parseOne) {
  const times = [];
  let items = 0;
  let failures = 0;
  for (let run = 0; run < RUNS; run++) {
    items = 0;
    failures = 0;
    const started = performance.now();
    for (const bytes of documents) {
      try {
        items += await parseOne(bytes);
      } catch {
        failures++;
      }
    }
    times.push(performance.now() - started);
  }
  return { ms: median(times), items, failures };
}

export async function runParseBench({ log = console.log } = {}) {
  const { parseFeed } = await import(path.join(ROOT, 'dist', 'parse', 'parse-feed.js'));
  const { default: RssParser } = await import('rss-parser');
  const rssParser = new RssParser();
  const parsers = {
    feedloom: async (bytes) => parseFeed(bytes, {}).items.length,
    'rss-parser': async (bytes) => (await rssParser.parseString(bytes.toString('utf8'))).items.length,
  };
  const sets = [['generated 5,000 items', [generateFeed(5000)]]];
  const corpus = corpusDocuments();
  if (corpus) sets.push([`corpus (${corpus.length} docs)`, corpus]);
  const rows = [];
  for (const [label, documents] of sets) {
    const megabytes = documents.reduce((sum, bytes) => sum + bytes.length, 0) / 1e6;
    for (const [name, parseOne] of Object.entries(parsers)) {
      const { ms, items, failures } = await measure(documents, parseOne);
      rows.push({ set: label, parser: name, mb: megabytes, ms, mbPerS: megabytes / (ms / 1000), itemsPerS: items / (ms / 1000), items, failures });
    }
  }
  log(formatTable(rows));
  return rows;
}

function formatTable(rows) {
  const lines = [
    `parse benchmark (median of ${RUNS})`,
    '| set | parser | MB | ms | MB/s | items/s | items | not read (threw) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.set} | ${r.parser} | ${r.mb.toFixed(2)} | ${r.ms.toFixed(0)} | ${r.mbPerS.toFixed(2)} | ${Math.round(r.itemsPerS)} | ${r.items} | ${r.failures} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runParseBench();
}
