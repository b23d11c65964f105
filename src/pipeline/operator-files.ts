/**
 * Files for the operator, written to config.operatorDir (data/status/ by default), outside the
 * published out/ (issue 14: they name fetch URLs, local paths and error text): status.json (the
 * `status` report), health.xml (an Atom feed of source health events, so an operator can subscribe
 * to their own aggregator's health) and metrics.prom (Prometheus textfile collector format). Also
 * sources.opml, the public subscription list, which does belong in out/.
 */
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { StoreState } from '../core/types.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from '../core/types.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { exportSourcesOpml } from '../opml/config-opml.js';
import { redactUrlsInText } from '../core/redact-url.js';
import { buildStatusReport, type StatusReport } from './status-report.js';

const HEALTH_ENTRIES = 50;

/** Where `serve --operator-files` shows them: a prefix no output of out/ uses. */
export const OPERATOR_PATH_PREFIX = '/_operator/';
export const OPERATOR_FILE_NAMES = ['status.json', 'health.xml', 'metrics.prom'] as const;

/**
 * What an older feedloom's copy of each operator file in out/ starts with or contains: only a file
 * feedloom wrote is removed, never one the operator put there under the same name.
 */
const WRITTEN_BY_FEEDLOOM: Record<(typeof OPERATOR_FILE_NAMES)[number], (text: string) => boolean> = {
  'status.json': (text) => isStatusReport(text),
  'health.xml': (text) => text.includes('<author><name>feedloom</name></author>') && text.includes(': source health</title>'),
  'metrics.prom': (text) => text.startsWith('# HELP feedloom_sources Sources by state.\n'),
};

/**
 * Written after every run (they report on the run itself), unlike the public outputs, which are
 * rewritten only when their content changes. Unchanged files are left alone all the same. Returns
 * the operator files an older version left in out/ and this call removed, so they stop being
 * published.
 */
export async function writeOperatorFiles(config: ResolvedConfig, state: StoreState, now: Date): Promise<string[]> {
  const report = buildStatusReport(config, state, now);
  // generatedAt changes every run; leave it out of the file so an unchanged state rewrites nothing.
  const { generatedAt: _generatedAt, ...stable } = report;
  const operator: OutputFile[] = [
    { path: 'status.json', content: `${JSON.stringify(stable, null, 2)}\n` },
    { path: 'health.xml', content: renderHealthFeed(config, state) },
    { path: 'metrics.prom', content: renderMetrics(report, state) },
  ];
  // The subscription list, so readers can take every source at once (issue 5 "Source management").
  const published: OutputFile = { path: 'sources.opml', content: exportSourcesOpml(config, state, { publicOnly: true }) };
  for (const file of operator) await writeIfChanged(path.join(config.operatorDir, file.path), file.content);
  await writeIfChanged(path.join(config.outDir, published.path), published.content);
  return removeOldOperatorFiles(config.outDir);
}

function isStatusReport(text: string): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return 'lastRun' in value && typeof value.counts === 'object' && Array.isArray(value.sources);
  } catch {
    return false;
  }
}

async function writeIfChanged(target: string, content: string): Promise<void> {
  const current = await fs.readFile(target, 'utf8').catch(() => null);
  if (current !== content) await writeFileAtomic(target, content);
}

async function removeOldOperatorFiles(outDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of OPERATOR_FILE_NAMES) {
    const target = path.join(outDir, name);
    const text = await fs.readFile(target, 'utf8').catch(() => null);
    if (text === null || !WRITTEN_BY_FEEDLOOM[name](text)) continue;
    await fs.rm(target, { force: true });
    removed.push(target);
  }
  return removed;
}

function renderHealthFeed(config: ResolvedConfig, state: StoreState): string {
  const events = state.health.slice(-HEALTH_ENTRIES).reverse();
  const updated = events[0]?.at ?? '1970-01-01T00:00:00.000Z';
  const base = config.site.url.replace(/\/?$/, '/');
  const entries = events
    .map(
      (event) => `  <entry>
    <id>urn:feedloom:health:${xml(event.sourceId)}:${xml(event.at)}:${event.kind}</id>
    <title>${xml(`${event.sourceId}: ${event.kind}`)}</title>
    <updated>${event.at}</updated>
    <content type="text">${xml(redactUrlsInText(event.message))}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${base}health.xml`)}</id>
  <title>${xml(`${config.site.title}: source health`)}</title>
  <link rel="self" href="${xml(`${base}${OPERATOR_PATH_PREFIX.slice(1)}health.xml`)}"/>
  <updated>${updated}</updated>
  <author><name>feedloom</name></author>
${entries}
</feed>
`;
}

function renderMetrics(report: StatusReport, state: StoreState): string {
  const lines = [
    '# HELP feedloom_sources Sources by state.',
    '# TYPE feedloom_sources gauge',
    ...Object.entries(report.counts).map(([name, count]) => `feedloom_sources{state="${name}"} ${count}`),
    '# HELP feedloom_source_fetch_median_seconds Median fetch time of recent polls.',
    '# TYPE feedloom_source_fetch_median_seconds gauge',
    ...report.sources.filter((row) => row.medianFetchMs !== null).map((row) => `feedloom_source_fetch_median_seconds{source="${row.id}"} ${(row.medianFetchMs! / 1000).toFixed(3)}`),
    '# HELP feedloom_source_items Items stored per source.',
    '# TYPE feedloom_source_items gauge',
    ...report.sources.filter((row) => row.itemsStored !== null).map((row) => `feedloom_source_items{source="${row.id}"} ${row.itemsStored}`),
    '# HELP feedloom_source_consecutive_failures Consecutive failed fetches.',
    '# TYPE feedloom_source_consecutive_failures gauge',
    ...report.sources.map((row) => `feedloom_source_consecutive_failures{source="${row.id}"} ${row.consecutiveFailures}`),
  ];
  const run = state.lastRun;
  if (run) {
    lines.push(
      '# HELP feedloom_last_run_timestamp_seconds When the last run started.',
      '# TYPE feedloom_last_run_timestamp_seconds gauge',
      `feedloom_last_run_timestamp_seconds ${Math.floor(Date.parse(run.startedAt) / 1000)}`,
      '# HELP feedloom_last_run_duration_seconds Duration of the last run.',
      '# TYPE feedloom_last_run_duration_seconds gauge',
      `feedloom_last_run_duration_seconds ${(run.durationMs / 1000).toFixed(3)}`,
      '# HELP feedloom_last_run_items Items by outcome in the last run.',
      '# TYPE feedloom_last_run_items gauge',
      ...Object.entries(run.items).map(([name, count]) => `feedloom_last_run_items{outcome="${name}"} ${count}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function xml(value: string): string {
  return value.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}
